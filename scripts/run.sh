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
  if [ -z "${SECRET_KEY:-}" ] && ! grep -qs '^SECRET_KEY=' .env; then
    # A key of this machine's own for local development, kept beside the local database.
    mkdir -p .local && [ -s .local/secret-key ] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .local/secret-key
    SECRET_KEY=$(cat .local/secret-key)
    export SECRET_KEY
  fi
  if [ "${1:-}" != db ] && [ "${1:-}" != user ]; then
    # A development admin, on the local database only, so that an authenticated request is one step away.
    dotnet run --project VidaPlus.Api -v q -- db upgrade > /dev/null
    echo "local-admin-password" | dotnet run --project VidaPlus.Api -v q -- user add --email admin@vidaplus.local \
      --nome "Local admin" --superuser > /dev/null 2>&1 || true
    echo "Local admin: admin@vidaplus.local / local-admin-password. A token:"
    echo "  curl -s -d 'username=admin@vidaplus.local&password=local-admin-password' http://127.0.0.1:5128/auth/token/"
  fi
fi
exec dotnet run --project VidaPlus.Api -- "$@"
