#!/usr/bin/env bash
# Set-up, then the main job: starts `judged` on a loopback port and judges every submission of
# every sample problem in testcases/ through it with `judge verify --server`, which uploads the
# package once and prints each submission's verdict next to the one its folder expects.
# Exit 0 when every verdict is the expected one. Extra arguments go to `judge verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

judge=./build/judge/cli/judge
judged=./build/judge/daemon/judged
state=$(mktemp -d /tmp/judge-demo-XXXXXX)
daemon=
stop_daemon() {
  if [ -n "$daemon" ]; then
    kill -TERM "$daemon" 2>/dev/null || true
    wait "$daemon" 2>/dev/null || true
  fi
  rm -rf "$state"
}
trap stop_daemon EXIT

"$judged" --listen 127.0.0.1:0 --port-file "$state/port" --metrics-listen '' \
  --uploads-dir "$state/uploads" --problems-dir testcases 2> "$state/judged.log" &
daemon=$!
for _ in $(seq 600); do
  [ -s "$state/port" ] && break
  kill -0 "$daemon" 2>/dev/null || { cat "$state/judged.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$state/port" ] || { echo "judged did not start:" >&2; cat "$state/judged.log" >&2; exit 1; }
server="127.0.0.1:$(cat "$state/port")"
echo "judged listening on $server ($(grep -o '[0-9]* workers' "$state/judged.log"))"

status=0
problems=0
failed=()
for problem in testcases/*/; do
  [ -f "$problem/problem.yaml" ] || continue
  problems=$((problems + 1))
  echo
  if ! "$judge" verify --server "$server" "$problem" "$@"; then
    status=1
    failed+=("$(basename "$problem")")
  fi
done
echo
if [ $status -eq 0 ]; then
  echo "all $problems sample problems verified through judged: every submission got its expected verdict"
else
  echo "$problems sample problems judged; unexpected verdicts in: ${failed[*]}"
fi
exit $status
