#!/usr/bin/env bash
# Benchmarks. Prints figures; asserts nothing.
#   bash bench/run.sh [SECONDS]
# 1. oneapi-bench: emulator requests/s with an in-process generator, and the OneAPI client's
#    added cost per call over a raw reqwest GET (interleaved, same run).
# 2. mcp-bench: the MCP server's start-up to first initialize, ping and tools/list requests/s at
#    8 connections in one session (unique JSON-RPC ids), and its resident memory.
# 3. wrk (if installed, or installable with apt) against the standalone emulator: a load
#    generator that costs little CPU, for the emulator's own ceiling on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-5}"
cargo build --release --locked -p zscaler-mcp-bench -p zscaler-mcp
echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
./target/release/oneapi-bench --secs "$secs"
./target/release/mcp-bench --server ./target/release/zscaler-mcp --secs "$secs" --connections 8 --starts 30

if ! command -v wrk >/dev/null 2>&1; then
  (apt-get install -y -qq wrk >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq wrk >/dev/null 2>&1)) || true
fi
if command -v wrk >/dev/null 2>&1; then
  port=19443
  ./target/release/zscaler-mcp emulator --listen "127.0.0.1:$port" >/dev/null 2>&1 &
  emu=$!
  trap 'kill $emu 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/__emulator/health" >/dev/null 2>&1 && break; sleep 0.1; done
  token=$(curl -fs -X POST "http://127.0.0.1:$port/oauth2/v1/token" \
    -d grant_type=client_credentials -d client_id=emulator-client -d client_secret=emulator-secret \
    --data-urlencode audience=https://api.zscaler.com | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  for c in 8 64; do
    echo "## wrk -t2 -c$c -d${secs}s GET /zia/api/v1/status (standalone emulator)"
    wrk -t2 -c"$c" -d"${secs}s" -H "Authorization: Bearer $token" "http://127.0.0.1:$port/zia/api/v1/status" | grep -E "Requests/sec|Latency"
  done
  # The MCP server under wrk: one session, unique ids (bench/mcp-request.lua).
  mport=18900
  ZSCALER_MCP_AUTH_MODE=none ./target/release/zscaler-mcp --transport streamable-http --port "$mport" >/dev/null 2>&1 &
  mcp=$!
  trap 'kill $emu $mcp 2>/dev/null || true' EXIT
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$mport/health" >/dev/null 2>&1 && break; sleep 0.1; done
  url="http://127.0.0.1:$mport/mcp"
  hdr=(-H content-type:application/json -H "accept:application/json, text/event-stream")
  sid=$(curl -fsi "$url" "${hdr[@]}" -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk","version":"1"}}}' \
    | awk 'tolower($1) == "mcp-session-id:" { sub(/\r$/, "", $2); print $2 }')
  curl -fs "$url" "${hdr[@]}" -H "mcp-session-id: $sid" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  for method in ping tools/list; do
    echo "## wrk -t2 -c8 -d${secs}s MCP $method (one session, zscaler-mcp without credentials)"
    SESSION="$sid" METHOD="$method" wrk -t2 -c8 -d"${secs}s" -s bench/mcp-request.lua "$url" | grep -E "Requests/sec|Latency|unexpected"
  done
  echo "## zscaler-mcp RSS after the wrk load: $(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/$mcp/status)"
else
  echo "wrk not available: skipped the standalone figures"
fi
