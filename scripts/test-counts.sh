#!/usr/bin/env bash
# Prints "N passed, N failed" from a jest log. A run that exited non-zero without a failed test (a suite that could
# not load, an install that failed) counts as one failure, so it cannot pass silently.
# Usage: bash scripts/test-counts.sh <jest log> <exit status of the run>
set -uo pipefail
summary=$(grep -E '^Tests:' "$1" | tail -n 1)
passed=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$summary")
failed=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$summary")
passed=${passed:-0}
failed=${failed:-0}
if [ "$2" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
