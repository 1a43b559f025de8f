#!/usr/bin/env bash
# Proves the container path on a machine with a Docker-compatible engine (DOCKER_HOST, or the default socket):
# builds the API image, brings docker-compose up and waits for /health/ready after the API migrated, shows a one-off
# `db upgrade` with MIGRATE_ON_STARTUP=false (ready 503 before, 200 after), brings everything down with its volumes,
# then runs the test suite through Testcontainers. Where no engine answers it says so and exits 3: it never pretends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! docker info >/dev/null 2>&1; then
  echo "container-check: no Docker-compatible engine answers (DOCKER_HOST=${DOCKER_HOST:-unset}); the container path was not checked." >&2
  exit 3
fi
if ! command -v docker-compose >/dev/null; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || { echo "container-check: install docker-compose" >&2; exit 1; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
project="vidaplus-check-$$"
export API_PORT DB_PORT SECRET_KEY
API_PORT=$(free_port); DB_PORT=$(free_port)
SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
compose() { docker-compose -p "$project" "$@"; }
cleanup() { # containers, volumes and the images this check built; the build cache stays for the next run
  compose down -v --rmi local --remove-orphans >/dev/null 2>&1 || true
  docker rmi vidaplus-api:check >/dev/null 2>&1 || true
}
trap cleanup EXIT

ready() { # expected status: waits up to 120 s for /health/ready to answer it
  local code
  for _ in $(seq 240); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$API_PORT/health/ready" || true)
    [ "$code" = "$1" ] && return 0
    sleep 0.5
  done
  echo "container-check: /health/ready answered ${code:-nothing}, not $1" >&2
  compose logs --tail 30 api >&2 || true
  return 1
}

echo "container-check: building the image..."
start=$(date +%s)
docker build -q -f VidaPlus.Api/Dockerfile -t vidaplus-api:check . >/dev/null
echo "container-check: image built in $(( $(date +%s) - start )) s, $(docker image inspect -f '{{.Size}}' vidaplus-api:check | awk '{ printf "%.0f MB", $1 / 1e6 }')"

echo "container-check: compose up, the API migrating on startup..."
MIGRATE_ON_STARTUP=true compose up -d --build >/dev/null 2>&1
ready 200
# The log read whole, then searched: `compose logs | grep -q` under pipefail fails when grep stops reading early (SIGPIPE),
# and the engine's log may reach the container log a moment after readiness.
api_log() { compose logs api 2>&1 || true; }
for _ in $(seq 20); do log=$(api_log); [[ $log == *Migrated* ]] && break; sleep 0.5; done
[[ $log == *Migrated* ]] || { echo "container-check: the API's log does not show the migration" >&2; exit 1; }
# The runtime image sets the port already; a second setting would make Kestrel warn that it overrides it.
if [[ $(api_log) == *Overriding* ]]; then echo "container-check: the API's log warns of overridden settings" >&2; exit 1; fi
compose down -v >/dev/null 2>&1

echo "container-check: compose up with MIGRATE_ON_STARTUP=false, then a one-off db upgrade..."
MIGRATE_ON_STARTUP=false compose up -d >/dev/null 2>&1
ready 503
MIGRATE_ON_STARTUP=false compose exec -T api dotnet VidaPlus.Api.dll db upgrade
ready 200
compose down -v >/dev/null 2>&1
echo "container-check: compose path OK (ready after migrating; 503 then 200 around a one-off db upgrade; down with volumes)"

echo "container-check: the test suite through Testcontainers..."
start=$(date +%s)
env -u TEST_DATABASE_URL -u TEST_PGBOUNCER_URL TESTCONTAINERS_RYUK_DISABLED=true scripts/test.sh
echo "container-check: suite through Testcontainers in $(( $(date +%s) - start )) s"
left=$(docker ps -aq --filter label=org.testcontainers=true | wc -l)
[ "$left" = 0 ] || { echo "container-check: $left Testcontainers container(s) left running" >&2; exit 1; }
