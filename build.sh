#!/usr/bin/env bash
# Deepwater's one entry point: ./build.sh {build|test|bench|run} [args...]
#   build  restore and build the solution (Release)
#   test   install what the tests need on a fresh Debian machine, then run every test
#   bench  run `deepwater bench ...` (e.g. ./build.sh bench journal --events 10000000)
#   run    run `deepwater ...` (e.g. ./build.sh run journal inspect sim)
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=${CONFIG:-Release}
SOLUTION=Agents.sln

need_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "build.sh: the .NET SDK pinned in global.json is required (dotnet not found on PATH)" >&2
    exit 1
  fi
}

# Debian packages the test suite needs; installed only when missing.
install_test_deps() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if ((${#missing[@]})); then
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
  fi
}

build() {
  need_dotnet
  dotnet build "$SOLUTION" -c "$CONFIG" -nologo -v quiet "$@"
}

run_tests() {
  # util-linux: mount (the full-disk test mounts a small tmpfs); nats-server: the NATS bus tests
  # run against a real server and fail without it.
  install_test_deps util-linux nats-server
  # The npm nats client: the independent side of the NATS interop tests (and of bench bus).
  command -v npm >/dev/null 2>&1 || install_test_deps nodejs npm
  npm ci --prefix tests/interop/nats-js --no-audit --no-fund --silent
  build
  local log; log=$(mktemp)
  set +e
  dotnet test "$SOLUTION" -c "$CONFIG" --no-build -nologo "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  # One closing line over every test project: "N passed, N failed".
  awk '/(Passed|Failed)! +- +Failed: / {
         gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1) }
       } END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
  rm -f "$log"
  return "$rc"
}

cmd=${1:-test}; shift || true
case "$cmd" in
  build) build "$@" ;;
  test) run_tests "$@" ;;
  bench) build; dotnet "src/Deepwater.Cli/bin/$CONFIG/net10.0/deepwater.dll" bench "$@" ;;
  run) build; dotnet "src/Deepwater.Cli/bin/$CONFIG/net10.0/deepwater.dll" "$@" ;;
  *) echo "usage: ./build.sh {build|test|bench|run} [args...]" >&2; exit 2 ;;
esac
