#!/usr/bin/env bash
# Builds the cargo-fuzz targets and runs each for a while from the committed corpus:
#   bash fuzz/run.sh [seconds-per-target]     (default 30)
#   bash fuzz/run.sh cmin                     (fold what runs found into fuzz/corpus, minimised)
# FUZZ_RUNS=N runs each target for N executions instead of a time; FUZZ_TARGETS="a b" runs
# only those targets. Fails on any crash, panic, timeout or out-of-memory (the input is saved
# under fuzz/artifacts/<target>/); prints the executions and rate of each target.
# Stable Rust only: cargo-fuzz's sanitizer flags are allowed through RUSTC_BOOTSTRAP=1, and
# cargo-fuzz itself is installed pinned into .tools/cargo when missing. What a run finds
# beyond the corpus stays in a scratch directory (fuzz/target/corpus) until `cmin` keeps the
# smallest set of inputs that reaches every edge either reached.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
targets="${FUZZ_TARGETS:-jsonrpc arguments sanitize jmespath agentcore_payload}"
cargo_fuzz_version="0.13.2"

tools="$root/.tools/cargo"
export PATH="$tools/bin:$PATH"
if [ "$(cargo fuzz --version 2>/dev/null | awk 'NR == 1 { print $2 }')" != "$cargo_fuzz_version" ]; then
    echo "== installing cargo-fuzz $cargo_fuzz_version into $tools"
    cargo install cargo-fuzz --version "$cargo_fuzz_version" --locked --root "$tools" --quiet
fi

cd "$root/fuzz"
host="$(rustc -vV | sed -n 's/^host: //p')"
# cargo fuzz has no --locked: check first that Cargo.lock needs no change.
cargo metadata --locked --format-version 1 >/dev/null
echo "== building the fuzz targets"
# No sanitizer: the code under test is safe Rust. `-O`: the profile in Cargo.toml decides the
# debug assertions and overflow checks (on for our crates). Without compare tracing and with
# 16 codegen units, runs are faster and the build shorter; the dictionaries in dicts/ give the
# tokens compare tracing would have found.
RUSTC_BOOTSTRAP=1 cargo fuzz build -O --sanitizer none --no-trace-compares --codegen-units 16 \
    --target "$host"
# cargo puts the targets under CARGO_TARGET_DIR when it is set (CI may share one).
target_dir="${CARGO_TARGET_DIR:-$root/fuzz/target}"
case "$target_dir" in /*) ;; *) target_dir="$root/fuzz/$target_dir" ;; esac
bin="$target_dir/$host/release"

# The longest input: the text-heavy targets run their regexes and JMESPath on every byte, and
# a shorter cap runs them more often; 1024 bytes still nest anything the code handles.
max_len() {
    case "$1" in
        sanitize | jmespath) echo 1024 ;;
        *) echo 4096 ;;
    esac
}

if [ "${1:-}" = cmin ]; then
    for target in $targets; do
        corpus="$root/fuzz/corpus/$target"
        merged="$root/fuzz/target/merged/$target"
        rm -rf "$merged" && mkdir -p "$merged" "$root/fuzz/target/corpus/$target"
        # Edges only (no hit counts): a set cover of them keeps the corpus small.
        "$bin/$target" -set_cover_merge=1 -use_counters=0 -max_len="$(max_len "$target")" -timeout=10 \
            "$merged" "$corpus" "$root/fuzz/target/corpus/$target" >/dev/null 2>&1
        rm -rf "$corpus" && mv "$merged" "$corpus"
        echo "$target: $(find "$corpus" -type f | wc -l) inputs, $(cat "$corpus"/* | wc -c) bytes"
    done
    exit 0
fi

if [ -n "${FUZZ_RUNS:-}" ]; then
    budget=(-runs="$FUZZ_RUNS")
else
    budget=(-max_total_time="$seconds")
fi
failed=0
for target in $targets; do
    scratch="$root/fuzz/target/corpus/$target"
    artifacts="$root/fuzz/artifacts/$target"
    mkdir -p "$scratch" "$artifacts"
    log="$(mktemp)"
    echo "== $target"
    start=$(date +%s)
    # The first corpus directory is written to; the committed one is only read.
    if "$bin/$target" "$scratch" "$root/fuzz/corpus/$target" "${budget[@]}" \
        -dict="$root/fuzz/dicts/$target.dict" -max_len="$(max_len "$target")" -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        status=ok
    else
        status=FAILED
        failed=1
        grep -E -A12 "panicked at|ERROR: libFuzzer|SUMMARY" "$log" | head -40 || true
        echo "   the input is in $artifacts/; reproduce with: $bin/$target $artifacts/<file>"
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")"
    echo "$target: $status, ${runs:-0} executions in $(($(date +%s) - start)) s (${rate:-0}/s)"
    rm -f "$log"
done
exit "$failed"
