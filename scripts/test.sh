#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL: TEST_DATABASE_URL when set (environment or .env),
# else Testcontainers when a Docker engine answers, else a throwaway local PostgreSQL started here.
# Ends with one summary line: "Tests: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${TEST_DATABASE_URL:-}" ] && ! grep -qs '^TEST_DATABASE_URL=' .env && ! docker info >/dev/null 2>&1; then
  TEST_DATABASE_URL=$(scripts/local-postgres.sh start)
  export TEST_DATABASE_URL
  echo "Testing against the local PostgreSQL of scripts/local-postgres.sh (stop it with: scripts/local-postgres.sh stop)"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test VidaPlus.sln 2>&1 | tee "$log" || status=$?

# vstest prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per test assembly: add them up.
sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+), Skipped:[[:space:]]*([0-9]+).*/\1 \2 \3/p' "$log" |
  awk '{ f += $1; p += $2; s += $3; n++ } END { if (n) printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s; else print "Tests: no test ran" }'
exit "$status"
