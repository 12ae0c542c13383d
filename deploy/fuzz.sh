#!/usr/bin/env bash
# Fuzzes the parsers that read outside input with libFuzzer (issue 15, item 15):
#
#   fuzz-csv         CSV import files (CSVTable, then the importers' row accessors)
#   fuzz-smtp-reply  an SMTP server's replies (SMTPReplyParser, then log redaction)
#   fuzz-tip-form    the public tip form's urlencoded POST body (FormFields, receipt codes)
#   fuzz-template    a tenant's override templates (swift-mustache and the compiled
#                    renderer, whose outputs must agree)
#
# usage: deploy/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s, every target)
#
# Builds deploy/fuzz (a package of its own, depending on this one by path) with
# AddressSanitizer and libFuzzer, then runs each target, one at a time, for
# the given time on its committed seed corpus (deploy/fuzz/corpus/TARGET, read only).
# New inputs go to a scratch corpus under the build directory, crashes to
# $FUZZ_WORK/crashes/TARGET/. Prints executions, exec/s, corpus size and crashes per
# target; exits 1 if any target crashed (or timed out, or ran out of memory).
#
# Everything runs under nice -n 19. Environment: FUZZ_SCRATCH (build directory,
# default .build-fuzz), FUZZ_WORK (scratch corpus and crashes, default
# $FUZZ_SCRATCH/fuzz-work), FUZZ_CONFIG (debug, the default: about 20 minutes to build
# on two busy cores; or release: more executions per second, a build of well over an
# hour there), FUZZ_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${1:-60}
shift || true
scratch=${FUZZ_SCRATCH:-$root/.build-fuzz}
work=${FUZZ_WORK:-$scratch/fuzz-work}
config=${FUZZ_CONFIG:-debug}

# Target, -max_len, dictionary.
targets=(
    "fuzz-csv 4096 csv.dict"
    "fuzz-smtp-reply 2048 smtp-reply.dict"
    "fuzz-tip-form 2048 tip-form.dict"
    "fuzz-template 2048 template.dict"
)

if [ "${FUZZ_SKIP_BUILD:-0}" != 1 ]; then
    echo "building deploy/fuzz ($config, AddressSanitizer, libFuzzer) in $scratch"
    # Every module gets AddressSanitizer and coverage instrumentation from here; the fuzz
    # targets add -sanitize=fuzzer in deploy/fuzz/Package.swift (see its README for why
    # not SwiftPM's --sanitize=fuzzer or a global -sanitize=fuzzer).
    ASAN_OPTIONS=detect_leaks=0 nice -n 19 swift build -c "$config" \
        --package-path deploy/fuzz --scratch-path "$scratch" \
        -Xswiftc -sanitize=address \
        -Xswiftc -sanitize-coverage=edge,trace-cmp,indirect-calls,inline-8bit-counters,pc-table
fi
bin=$(swift build -c "$config" --package-path deploy/fuzz --scratch-path "$scratch" --show-bin-path)

status=0
summary=()
for entry in "${targets[@]}"; do
    read -r target max_len dict <<<"$entry"
    if [ $# -gt 0 ] && [[ " $* " != *" $target "* ]]; then continue; fi
    corpus="$work/corpus/$target"
    crashes="$work/crashes/$target"
    log="$work/logs/$target.log"
    mkdir -p "$corpus" "$crashes" "$(dirname "$log")"
    echo "== $target: ${seconds}s, -max_len=$max_len"
    # The first directory receives new inputs; the committed corpus is only read.
    set +e
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 nice -n 19 "$bin/$target" \
        "$corpus" "deploy/fuzz/corpus/$target" \
        -dict="deploy/fuzz/dicts/$dict" -max_len="$max_len" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    added=$(sed -n 's/^stat::new_units_added: *//p' "$log" | tail -1)
    # The corpus in memory at the end (entries/bytes) and the edges covered.
    size=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | cut -d' ' -f2)
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | cut -d' ' -f2)
    if [ "$rc" -ne 0 ]; then
        status=1
        echo "   FAILED (exit $rc); see $log"
        grep -E 'Fatal error|ERROR:|SUMMARY|Test unit written to' "$log" | head -5 | sed 's/^/   /'
    fi
    # libFuzzer stops at the first crash: one artifact per failed run.
    line=$(printf '%-16s executions %-10s exec/s %-7s corpus %-12s (+%s new)  cov %-6s crashes %s' \
        "$target" "${execs:-?}" "${rate:-?}" "${size:-?}" "${added:-?}" "${cov:-?}" "$([ "$rc" -eq 0 ] && echo 0 || echo 1)")
    echo "   $line"
    summary+=("$line")
done

echo
echo "fuzzing summary (${seconds}s per target, $(date -u +%Y-%m-%dT%H:%MZ)):"
printf '  %s\n' "${summary[@]}"
exit $status
