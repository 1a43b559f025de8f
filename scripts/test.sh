#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL: TEST_DATABASE_URL when set (environment or .env), else
# Testcontainers when a Docker engine answers, else a throwaway local PostgreSQL started here. The pooler tests get a
# real PgBouncer in transaction mode (TEST_PGBOUNCER_URL, else one started here in front of the local PostgreSQL, or
# by the tests in front of their Testcontainers PostgreSQL).
# squawk lints every migration's SQL first (scripts/squawk.sh). What this script starts, it stops. Ends with one
# summary line: "Tests: N passed, N failed, N skipped".
#   scripts/test.sh           as above
#   scripts/test.sh --local   the local PostgreSQL and PgBouncer even when a Docker engine answers
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

case "${1:-}" in
  "") engine() { docker info >/dev/null 2>&1; } ;;
  --local) engine() { false; } ;;
  *) echo "test.sh: unknown argument '$1' (the only one is --local)" >&2; exit 2 ;;
esac

started=()
cleanup() {
  for script in "${started[@]}"; do "$script" stop || true; done
  rm -f "${log:-}"
}
trap cleanup EXIT

if [ -z "${TEST_DATABASE_URL:-}" ] && ! grep -qs '^TEST_DATABASE_URL=' .env && ! engine; then
  scripts/local-postgres.sh url >/dev/null
  if ! (echo > "/dev/tcp/127.0.0.1/${VIDAPLUS_PG_PORT:-54329}") 2>/dev/null; then started+=(scripts/local-postgres.sh); fi
  TEST_DATABASE_URL=$(scripts/local-postgres.sh start)
  export TEST_DATABASE_URL
  echo "Database for the tests: the local PostgreSQL of scripts/local-postgres.sh, and a local PgBouncer"
  if [ -z "${TEST_PGBOUNCER_URL:-}" ]; then
    if ! (echo > "/dev/tcp/127.0.0.1/${VIDAPLUS_PGBOUNCER_PORT:-64329}") 2>/dev/null; then started+=(scripts/local-pgbouncer.sh); fi
    TEST_PGBOUNCER_URL=$(scripts/local-pgbouncer.sh start)
    export TEST_PGBOUNCER_URL
  fi
elif [ -n "${TEST_DATABASE_URL:-}" ] || grep -qs '^TEST_DATABASE_URL=' .env; then
  echo "Database for the tests: TEST_DATABASE_URL"
else
  echo "Database for the tests: Testcontainers (a Docker engine answers), and a PgBouncer the tests start in front of it"
fi

# The auth tests check against the Python app's own libraries, as Debian packages them.
if ! /usr/bin/python3 -c 'import argon2, jwt' 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing python3-argon2 and python3-jwt for the auth tests"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-argon2 python3-jwt >/dev/null
fi
# The telemetry tests scrape the API with a real Prometheus (Debian's package), started per test on a port of its own.
if ! command -v prometheus >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing prometheus for the telemetry tests"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
fi

# A second opinion on the migrations' SQL: squawk, with the exclusions and reasons of .squawk.toml.
scripts/squawk.sh

log=$(mktemp)
status=0
dotnet test VidaPlus.sln 2>&1 | tee "$log" || status=$?

# vstest prints one "Passed!/Failed! - Failed: F, Passed: P, Skipped: S" line per test assembly: add them up.
sed -nE 's/.*Failed:[[:space:]]*([0-9]+), Passed:[[:space:]]*([0-9]+), Skipped:[[:space:]]*([0-9]+).*/\1 \2 \3/p' "$log" |
  awk '{ f += $1; p += $2; s += $3; n++ } END { if (n) printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s; else print "Tests: no test ran" }'
exit "$status"
