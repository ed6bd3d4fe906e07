#!/usr/bin/env bash
# Soak: the README's `npm test`, two copies at once from this checkout, ROUNDS rounds in a row
# (default 5). Stops at the first round where either copy fails. Each copy's output is kept in
# $SOAK_LOG_DIR (default: a fresh directory under /tmp), never in the repository.
#   scripts/ci-soak.sh            # 5 rounds, 2 copies each
#   ROUNDS=1 scripts/ci-soak.sh   # one round
set -uo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-5}"
COPIES=2
LOG_DIR="${SOAK_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/bullpen-soak-XXXXXX")}"
mkdir -p "$LOG_DIR"

summary() { printf 'ci-soak: %s/%s rounds passed, %s copies each (logs: %s)\n' "$1" "$ROUNDS" "$COPIES" "$LOG_DIR"; }

passed=0
for round in $(seq 1 "$ROUNDS"); do
  started=$SECONDS
  pids=()
  for copy in $(seq 1 "$COPIES"); do
    npm test >"$LOG_DIR/round-$round-copy-$copy.log" 2>&1 &
    pids+=("$!")
  done
  failed=()
  for index in "${!pids[@]}"; do
    wait "${pids[$index]}" || failed+=("copy $((index + 1))")
  done
  elapsed=$((SECONDS - started))
  if [ "${#failed[@]}" -gt 0 ]; then
    printf 'round %s: FAILED (%s) after %ss\n' "$round" "${failed[*]}" "$elapsed"
    for copy in $(seq 1 "$COPIES"); do
      sed 's/\x1b\[[0-9;]*m//g' "$LOG_DIR/round-$round-copy-$copy.log" | grep -E 'FAIL|Test Files|Tests ' |
        sed "s/^/  copy $copy: /" | head -20
    done
    summary "$passed"
    exit 1
  fi
  passed=$((passed + 1))
  # vitest colours its summary even into a file: strip the escapes before reading it.
  results=$(sed 's/\x1b\[[0-9;]*m//g' "$LOG_DIR"/round-"$round"-copy-*.log | grep -E '^ *Tests ' |
    sed 's/^ *//; s/  */ /g' | paste -sd ';' -)
  printf 'round %s: passed in %ss (%s)\n' "$round" "$elapsed" "$results"
done
summary "$passed"
