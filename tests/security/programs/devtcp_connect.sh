#!/bin/bash
# Attack: open a TCP connection to the host's listener (port $1) with bash's /dev/tcp.
# Expected: refused at socket(2): SV "socket", or RE with exit code 1 and bash's
# "socket: Permission denied" on stderr (EACCES for the families runtimes probe).
# Exit 0 if connected, 1 if not.
exec 3<>/dev/tcp/127.0.0.1/"$1" && exit 0
exit 1
