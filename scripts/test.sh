#!/usr/bin/env bash
# The whole test suite: installs the pinned MCP peers into .tools/ (scripts/install-peers.sh),
# then runs every cargo test against them, the conformance suite included (feature
# zscaler-mcp/conformance). Extra arguments go to `cargo test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/install-peers.sh"
export ZSCALER_MCP_PEERS="$root/.tools"
cd "$root"
cargo test --workspace --locked --features zscaler-mcp/conformance "$@"
