#!/bin/bash
# Attack: read host secrets with shell built-ins only (no fork needed): /etc/shadow, /root.
# Expected: RE with exit code 1: neither exists in the box. Exit 0 if either was readable.
if read -r line 2>/dev/null < /etc/shadow; then echo "read /etc/shadow: ${line%%:*}"; exit 0; fi
if cd /root 2>/dev/null; then echo "entered /root"; exit 0; fi
exit 1
