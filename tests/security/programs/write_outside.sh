#!/bin/bash
# Attack: write outside the box with shell redirections: /etc, /usr, /, /usr/bin.
# Expected: RE with exit code 1: all read-only (EROFS). Exit 0 if any redirection succeeded.
for f in /etc/hostile-write-outside-sh /usr/hostile-write-outside-sh /hostile-write-outside-sh \
         /usr/bin/hostile-write-outside-sh; do
  if echo pwned 2>/dev/null > "$f"; then echo "wrote $f"; exit 0; fi
done
exit 1
