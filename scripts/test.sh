#!/usr/bin/env bash
# Set-up (every language), then every test: the full build under CTest (unit, integration,
# hostile, every language, every sample problem verified, the daemon end to end, the Python
# example against a real daemon), then the unit tests of the sandbox, the judge core and the
# daemon, and the daemon's end-to-end tests, once more with AddressSanitizer and
# UndefinedBehaviorSanitizer (every `unit`-labelled test target must be built here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --all-languages

status=0
ctest --test-dir build --output-on-failure -j 1 || status=1

cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DJUDGE_SANITIZE=ON -DJUDGE_SANDBOX_ONLY=OFF > /dev/null
cmake --build build-asan -j "$(nproc)" --target sandbox_unit_tests judge_unit_tests daemon_unit_tests \
  judged daemon_e2e_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -L unit || status=1
# The daemon itself under the sanitizers: its call lifetimes (reactors freed by gRPC, jobs on
# worker threads) are where a memory error would hide.
# A smaller quarantine than ASan's 256 MiB default, so that the load test's bound on the
# daemon's memory measures the daemon rather than freed memory ASan holds back.
ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=32 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -R '^DaemonTest\.' || status=1
exit $status
