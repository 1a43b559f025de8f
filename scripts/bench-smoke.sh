#!/usr/bin/env bash
# Runs every bench script in its smoke mode (BENCH_SMOKE=1: tiny sizes, a few seconds of load, results in a temporary
# folder, docs/ untouched), after checking each parses: a bench that no longer runs fails CI instead of going stale.
# Installs what the benches need (curl, hyperfine, openssl, wrk) when missing and allowed to.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

missing=()
for tool in curl hyperfine openssl wrk; do command -v "$tool" > /dev/null || missing+=("$tool"); done
if [ "${#missing[@]}" -gt 0 ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null || { echo "bench-smoke: install ${missing[*]}" >&2; exit 1; }
  echo "Installing ${missing[*]} for the benches"
  apt-get update -qq > /dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
fi

for script in bench/*.sh; do bash -n "$script"; done
for script in bench/*.sh; do
  # writer-stalls.sh and common.sh are sourced by the others, not run.
  case $script in bench/common.sh | bench/writer-stalls.sh) continue ;; esac
  echo "== $script (smoke)"
  start=$SECONDS
  BENCH_SMOKE=1 "$script" > /tmp/bench-smoke.$$.log 2>&1 || { cat /tmp/bench-smoke.$$.log >&2; rm -f /tmp/bench-smoke.$$.log; exit 1; }
  tail -n 4 /tmp/bench-smoke.$$.log
  echo "   ran in $((SECONDS - start)) s"
done
rm -f /tmp/bench-smoke.$$.log
