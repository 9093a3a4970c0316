#!/usr/bin/env bash
# zscaler-mcp side by side with the Python zscaler-mcp server (issue 9). Prints figures and a
# Markdown table with a ratio column; asserts nothing.
#   bash bench/compare.sh [SECONDS] [mcp-compare flags…]   (seconds per load figure, default 5;
#   flags e.g. --connections 8,16,64, --python-starts 10, --growth off, --tool NAME)
# 1. Builds the release binaries (zscaler-mcp, mcp-compare).
# 2. Installs zscaler-mcp==0.15.4 from PyPI into a throwaway venv, target/bench-compare/venv
#    (kept between runs while it holds that version; delete the directory to start afresh).
# 3. Makes a throwaway CA and a certificate for the emulator that names 127.0.0.1 and the hosts
#    the Python SDK calls (bench.zslogin.net for the token, api.zsapi.net for the API).
# 4. Runs mcp-compare: one HTTPS emulator for both servers. Ours is pointed at it with
#    ZSCALER_MCP_TOKEN_URL / _API_BASE_URL / _CA_BUNDLE; the Python one keeps its fixed names,
#    which bench/python/sitecustomize.py resolves to the emulator's port (and every other
#    name to nothing, so the run stays on loopback), trusting the CA via REQUESTS_CA_BUNDLE.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-5}"
shift || true
version=0.15.4
work=target/bench-compare
python="${PYTHON:-python3}"

cargo build --release --locked -p zscaler-mcp -p zscaler-mcp-bench

mkdir -p "$work"
venv="$work/venv"
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('zscaler-mcp') != '$version')" 2>/dev/null; then
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "zscaler-mcp==$version"
fi

tls="$(mktemp -d)"
bench_pid=
cleanup() {
  if [ -n "$bench_pid" ]; then
    kill "$bench_pid" 2>/dev/null || true
    wait "$bench_pid" 2>/dev/null || true
  fi
  rm -rf "$tls"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=zscaler-mcp bench CA" -keyout "$tls/ca.key" -out "$tls/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=api.zsapi.net" \
  -keyout "$tls/emulator.key" -out "$tls/emulator.csr" 2>/dev/null
cat >"$tls/emulator.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:bench.zslogin.net,DNS:api.zsapi.net,DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EXT
openssl x509 -req -in "$tls/emulator.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial \
  -days 2 -extfile "$tls/emulator.ext" -out "$tls/emulator.pem" 2>/dev/null

echo "# machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "# date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "# python server: $("$venv/bin/python" -c 'import importlib.metadata as m, platform; print("zscaler-mcp", m.version("zscaler-mcp"), "/ zscaler-sdk-python", m.version("zscaler-sdk-python"), "/ mcp", m.version("mcp"), "/ Python", platform.python_version())')"
echo "# uptime before: $(uptime)"
./target/release/mcp-compare \
  --rust-server ./target/release/zscaler-mcp \
  --python-server "$venv/bin/zscaler-mcp" \
  --tls-cert "$tls/emulator.pem" --tls-key "$tls/emulator.key" --ca "$tls/ca.pem" \
  --python-site bench/python --work-dir "$work/run" \
  --secs "$secs" "$@" &
bench_pid=$!
wait "$bench_pid"
bench_pid=
echo "# uptime after: $(uptime)"
echo "# server logs: $work/run/*.log"
