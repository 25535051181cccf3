#!/bin/bash
# CTest driver of the Python backend example: starts a real `judged` on a free loopback port,
# runs examples/python_client/judge_client.py against it (a named problem, accepted and wrong
# answer; then the same package uploaded), and stops the daemon whatever happens.
#
# usage: run_python_client.sh JUDGED CLIENT STUBS_DIR TESTCASES_DIR
# Exits 77 (CTest's SKIP_RETURN_CODE) with the reason when the host cannot run it.
set -u

judged=$1 client=$2 stubs=$3 testcases=$4
python=/usr/bin/python3  # Debian's python3-grpcio and python3-protobuf are installed for this one
problem=aplusb
accepted=$testcases/$problem/submissions/accepted/aplusb_c.c
wrong=$testcases/$problem/submissions/wrong_answer/int32_sum_c.c

skip() { echo "SKIP: $*"; exit 77; }
[ -x "$python" ] || skip "$python is missing (apt install python3)"
"$python" -c 'import grpc, google.protobuf' 2>/dev/null ||
  skip "$python cannot import grpc (apt install python3-grpcio python3-protobuf)"
[ -f "$stubs/judge/v1/judge_pb2_grpc.py" ] ||
  skip "no Python stubs in $stubs (grpc_python_plugin was missing at configure time:" \
    "apt install protobuf-compiler-grpc)"
[ "$(id -u)" -eq 0 ] || skip "judged needs root (namespaces and cgroups)"

work=$(mktemp -d /tmp/judge-python-client-XXXXXX)
daemon_pid=
stop_daemon() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill -TERM "$daemon_pid"
    wait "$daemon_pid"
  fi
  daemon_pid=
}
cleanup() {
  stop_daemon
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() {
  echo "FAIL: $*"
  echo "--- judged log (last 40 lines) ---"
  tail -n 40 "$work/judged.log"
  exit 1
}

"$judged" --listen 127.0.0.1:0 --port-file "$work/port" --metrics-listen '' \
  --problems-dir "$testcases" --uploads-dir "$work/uploads" --cache-dir "$work/cache" \
  --workers 1 >"$work/judged.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 300); do  # up to 30 s: the pool creates its boxes before the port is bound
  [ -s "$work/port" ] && break
  kill -0 "$daemon_pid" 2>/dev/null || fail "judged exited before listening"
  sleep 0.1
done
[ -s "$work/port" ] || fail "judged wrote no port file in 30 s"
address=127.0.0.1:$(cat "$work/port")
echo "judged listening on $address"

run_client() {  # run_client EXPECTED ARGS...
  local expect=$1
  shift
  echo
  echo "\$ judge_client.py --expect $expect $*"
  PYTHONPATH=$stubs "$python" "$client" --address "$address" --expect "$expect" "$@" ||
    fail "judge_client.py --expect $expect $* (exit $?)"
}

run_client AC --problem "$problem" --language c "$accepted"
run_client WA --problem "$problem" --language c "$wrong"
run_client AC --upload "$testcases/$problem" "$accepted"  # language from the extension

stop_daemon
echo
echo "PASS"
