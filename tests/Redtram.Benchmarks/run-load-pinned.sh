#!/usr/bin/env bash
# Load test with the gateway in its own process pinned to one core (taskset -c 0) and the subgraphs and the load
# generator in other processes pinned to the other core(s). Everything listens on 127.0.0.1 only.
#   tests/Redtram.Benchmarks/run-load-pinned.sh [load options, e.g. --duration 20 --concurrency 32 --query shop]
# Environment: GATEWAY_CPU (default 0), LOAD_CPU (default 1), GATEWAY_PORT (4100), SUBGRAPH_BASE_PORT (4101),
# GATEWAY_ENV (extra NAME=value settings for the gateway process only, e.g. "DOTNET_PROCESSOR_COUNT=2").
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
gateway_cpu="${GATEWAY_CPU:-0}"
load_cpu="${LOAD_CPU:-1}"
gateway_port="${GATEWAY_PORT:-4100}"
base_port="${SUBGRAPH_BASE_PORT:-4101}"

dotnet build "$root/tests/Redtram.Benchmarks" -c Release -v q -nologo >/dev/null
bench="$root/tests/Redtram.Benchmarks/bin/Release/net10.0/Redtram.Benchmarks.dll"
gateway="$root/gateway/Redtram.Gateway/bin/Release/net10.0/Redtram.Gateway.dll"
supergraph="$root/tests/Redtram.Benchmarks/bin/Release/net10.0/Fixtures/shop.graphql"

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

log="$(mktemp)"
taskset -c "$load_cpu" dotnet "$bench" load --subgraphs-only --subgraph-base-port "$base_port" --lifetime 3600 >"$log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do grep -q "^Gateway arguments" "$log" && break; sleep 0.1; done
args="$(grep -A1 '^Gateway arguments' "$log" | tail -1)"
[ -n "$args" ] || { cat "$log"; exit 1; }

# shellcheck disable=SC2086
env ${GATEWAY_ENV:-} taskset -c "$gateway_cpu" dotnet "$gateway" $args --urls "http://127.0.0.1:$gateway_port" >/dev/null &
gateway_pid=$!
pids+=($gateway_pid)
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$gateway_port/health" >/dev/null 2>&1 && break; sleep 0.1; done

echo "gateway pid $gateway_pid on cpu $gateway_cpu; subgraphs and load generator on cpu $load_cpu"
taskset -c "$load_cpu" dotnet "$bench" load --gateway-url "http://127.0.0.1:$gateway_port/graphql" --gateway-pid "$gateway_pid" "$@"
