#!/usr/bin/env bash
# Runs the VidaPlus API, which migrates its database on startup. Uses DATABASE_URL (environment or .env);
# without one, starts a throwaway local PostgreSQL (scripts/local-postgres.sh) and points the API at it.
# Arguments go to the API: e.g. scripts/run.sh --urls http://127.0.0.1:8080
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${DATABASE_URL:-}" ] && ! grep -qs '^DATABASE_URL=' .env; then
  DATABASE_URL=$(scripts/local-postgres.sh start)
  export DATABASE_URL
  echo "Using the local PostgreSQL of scripts/local-postgres.sh (stop it with: scripts/local-postgres.sh stop)"
fi
exec dotnet run --project VidaPlus.Api -- "$@"
