#!/usr/bin/env bash
# Flake check for the suites that run against the real clock (dev server, browser, CLI end to end,
# faults, delivery): runs them N times in a row (default 5, or $1) and prints, for each run, the
# local time in Vietnam when it started and vitest's counts. Exits 1 if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
suites=(test/inspection-dev.test.ts test/browser.test.ts test/round-e2e.test.ts test/coordinator-e2e.test.ts test/faults.test.ts test/email-delivery.test.ts test/not-ready.test.ts test/start.test.ts)
mkdir -p test-results
failed=0
for i in $(seq 1 "$runs"); do
  started="$(TZ=Asia/Ho_Chi_Minh date '+%d/%m/%Y %H:%M')"
  log="test-results/repeat-$i.log"
  npx vitest run "${suites[@]}" >"$log" 2>&1
  code=$?
  counts="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *//')"
  echo "lần $i/$runs, bắt đầu $started (giờ Việt Nam): ${counts:-không đọc được kết quả} (exit $code)"
  [ "$code" -eq 0 ] || failed=1
done
exit "$failed"
