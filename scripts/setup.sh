#!/usr/bin/env bash
# Installs every package the project needs on Debian 12 (as root) and builds it into build/.
# Idempotent: a second run installs nothing new and rebuilds only what changed.
#
#   bash scripts/setup.sh [--all-languages]
#
# Toolchains of the languages in languages/: the common ones always; every language with
# --all-languages or JUDGE_LANGUAGES=all (about 2 GB more; 80 s of apt-get on the CI host).
# They must be Debian's packages: the sandbox shows programs /usr, /bin and /lib* only, so a
# toolchain under /usr/local, /opt or a home directory is invisible to submissions.
set -euo pipefail
cd "$(dirname "$0")/.."

all_languages=false
[ "${JUDGE_LANGUAGES:-}" = all ] && all_languages=true
for arg in "$@"; do
  case "$arg" in
    --all-languages) all_languages=true ;;
    *) echo "usage: setup.sh [--all-languages]   (or JUDGE_LANGUAGES=all)" >&2; exit 2 ;;
  esac
done

packages=(
  build-essential cmake ninja-build pkg-config git
  libseccomp-dev libcap-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev libspdlog-dev nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libssl-dev
  libgrpc++-dev libprotobuf-dev protobuf-compiler protobuf-compiler-grpc
  libcpp-httplib-dev libarchive-dev python3-grpcio python3-protobuf
  librabbitmq-dev rabbitmq-server python3-pika
)

# Language toolchains (languages/README.md says which package serves which language file).
packages+=(
  gcc g++ python3 default-jdk-headless kotlin golang-go rustc nodejs fp-compiler ruby php-cli
  mono-mcs
)
if $all_languages; then
  packages+=(
    pypy3 ghc ocaml-nox lua5.4 perl bash gfortran gnat gdc nim scala racket sbcl swi-prolog-nox
    erlang-nox elixir gnucobol3
  )
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup.sh: run as root (the sandbox needs root to create namespaces and cgroups)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  apt-get update -qq
  # rabbitmq-server is for the tests, which start private brokers: installing it must not start
  # a system-wide one (nor any other service), so services are held back during the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > /dev/null
cmake --build build -j "$(nproc)"
