#!/usr/bin/env bash
# Set-up, then the main job: judges every submission of every sample problem in testcases/ with
# `judge verify`, which prints each submission's verdict next to the one its folder expects.
# Exit 0 when every verdict is the expected one.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

judge=./build/judge/cli/judge
status=0
problems=0
failed=()
for problem in testcases/*/; do
  [ -f "$problem/problem.yaml" ] || continue
  problems=$((problems + 1))
  echo
  if ! "$judge" verify "$problem" "$@"; then
    status=1
    failed+=("$(basename "$problem")")
  fi
done
echo
if [ $status -eq 0 ]; then
  echo "all $problems sample problems verified: every submission got its expected verdict"
else
  echo "$problems sample problems judged; unexpected verdicts in: ${failed[*]}"
fi
exit $status
