#!/usr/bin/env bash
# Set-up, then the main job: runs a few programs through the sandbox and prints their results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec ./build/judge/cli/judge demo "$@"
