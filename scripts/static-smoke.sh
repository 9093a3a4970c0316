#!/usr/bin/env bash
# Builds zscaler-mcp as a static binary and smoke-tests it as the container runs it: no shared
# library at all, --version, --list-tools, and the demo tenant over streamable HTTP on
# 127.0.0.1 (initialize, then tools/call zia_get_activation_status) with bounded waits.
#
# The container image builds for x86_64-unknown-linux-musl. Where that target's std cannot be
# installed (no rustup network), this builds the gnu target with a statically linked C runtime
# (crt-static): the same code, linked the same way. Override with STATIC_TARGET=<triple>.
#
#   bash scripts/static-smoke.sh             # build, then test
#   bash scripts/static-smoke.sh --no-build  # test the binary built last time
#
# Builds the `dist` profile (the image's: fat LTO, one codegen unit, opt-level s, stripped).
# Honours CARGO_TARGET_DIR. Prints the stripped binary's size and the run time, and fails when
# the binary outgrows the 18 MiB that keep the image under 20 MiB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=$(date +%s)

if [ -z "${STATIC_TARGET:-}" ]; then
    if rustup target list --installed 2>/dev/null | grep -qx x86_64-unknown-linux-musl; then
        STATIC_TARGET=x86_64-unknown-linux-musl
    else
        STATIC_TARGET=x86_64-unknown-linux-gnu
    fi
fi
target_dir="${CARGO_TARGET_DIR:-$root/target}"
bin="$target_dir/$STATIC_TARGET/dist/zscaler-mcp"

if [ "${1:-}" != "--no-build" ]; then
    echo "== building a static zscaler-mcp for $STATIC_TARGET"
    RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" \
        cargo build --profile dist --locked --target "$STATIC_TARGET" -p zscaler-mcp
fi
[ -x "$bin" ] || { echo "FAIL: no binary at $bin (build it first)" >&2; exit 1; }

fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== linkage"
kind="$(file -b "$bin")"
echo "file: $kind"
case "$kind" in
    *"statically linked"* | *"static-pie linked"*) ;;
    *) fail "not a static executable: $kind" ;;
esac
if ldd_out="$(ldd "$bin" 2>&1)"; then
    case "$ldd_out" in
        *"statically linked"*) ;;
        *) fail "ldd lists shared libraries: $ldd_out" ;;
    esac
fi
echo "ldd: ${ldd_out:-}"

stripped="$(mktemp)"
server_out="$(mktemp)"
pid=""
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -f "$stripped" "$server_out"
}
trap cleanup EXIT
strip -o "$stripped" "$bin"
size=$(stat -c %s "$stripped")

echo "== --version"
version="$(timeout 10 "$bin" --version)" || fail "--version failed"
echo "$version"
case "$version" in zscaler-mcp\ *) ;; *) fail "unexpected --version: $version" ;; esac

echo "== --list-tools"
tools="$(timeout 20 "$bin" --list-tools)" || fail "--list-tools failed"
echo "$tools" | tail -n 1
echo "$tools" | grep -q zia_get_activation_status || fail "--list-tools lacks zia_get_activation_status"

echo "== --demo over streamable HTTP"
# A clean environment: only what the container would set.
env -i PATH=/usr/bin:/bin "$bin" --demo --transport streamable-http --host 127.0.0.1 --port 0 \
    >"$server_out" 2>/dev/null &
pid=$!
url=""
for _ in $(seq 1 150); do
    url="$(sed -n 's/^zscaler-mcp listening on //p' "$server_out" | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$pid" 2>/dev/null || fail "the server exited before listening"
    sleep 0.2
done
[ -n "$url" ] || fail "the server did not announce its address within 30 s"
case "$url" in http://127.0.0.1:*/mcp) ;; *) fail "unexpected address: $url" ;; esac
echo "listening: $url"

post() { # post SESSION BODY -> response on stdout, headers in $headers
    curl -sS --max-time 20 -D "$headers" -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' \
        ${1:+-H "Mcp-Session-Id: $1"} -H 'Mcp-Protocol-Version: 2025-11-25' \
        --data "$2" "$url"
}
headers="$(mktemp)"
trap 'cleanup; rm -f "$headers"' EXIT

init="$(post "" '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"static-smoke","version":"1"}}}')" \
    || fail "initialize: no answer"
echo "$init" | grep -q '"serverInfo"' || fail "initialize: unexpected answer: $init"
session="$(tr -d '\r' <"$headers" | sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: //p' | head -n 1)"
[ -n "$session" ] || fail "initialize: no Mcp-Session-Id header"
echo "initialize: ok (session $session)"

post "$session" '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null \
    || fail "notifications/initialized: no answer"

call="$(post "$session" '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"zia_get_activation_status","arguments":{}}}')" \
    || fail "tools/call: no answer"
echo "$call" | grep -q '"result"' || fail "tools/call: no result: $call"
echo "$call" | grep -q '"isError":true' && fail "tools/call: the tool failed: $call"
echo "$call" | grep -q 'ACTIVE' || fail "tools/call: no activation status in: $call"
echo "tools/call zia_get_activation_status: ok"

kill "$pid" && wait "$pid" 2>/dev/null || true
pid=""

echo "== result"
echo "static binary: $STATIC_TARGET, $size bytes stripped ($((size / 1024 / 1024)) MiB)"
# The image is this binary on distroless/static (about 2 MiB): keep the whole under 20 MiB.
budget=$((18 * 1024 * 1024))
[ "$size" -le "$budget" ] || fail "the binary is $size bytes: over the $budget-byte budget that keeps the image under 20 MiB"
echo "static smoke: ok in $(($(date +%s) - started)) s"
