#!/usr/bin/env bash
# squawk, the PostgreSQL migration linter, over the SQL `db script` writes for each migration (Up), with the rules
# .squawk.toml excludes, each with its reason. Installs squawk-cli from npm into .local/squawk when missing.
# Exits 1 on any finding. Run by scripts/test.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
version=2.66.0
squawk=.local/squawk/node_modules/.bin/squawk

if ! [ -x "$squawk" ] || [ "$("$squawk" --version)" != "squawk $version" ]; then
  command -v npm > /dev/null || { echo "squawk: npm is needed to install squawk-cli" >&2; exit 1; }
  echo "Installing squawk-cli $version for the migration lint"
  mkdir -p .local/squawk
  npm install --prefix .local/squawk --no-audit --no-fund --silent "squawk-cli@$version" > /dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet build VidaPlus.Api -v q -o "$work/api" > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
previous=base
count=0
for file in $(ls VidaPlus.Data/Migrations/2*_*.cs | grep -v '\.Designer\.cs$' | sort); do
  id=$(basename "$file" .cs)
  dotnet "$work/api/VidaPlus.Api.dll" db script "$previous" "$id" > "$work/$id.sql"
  previous=$id
  count=$((count + 1))
done
"$squawk" --config .squawk.toml "$work"/*.sql
echo "squawk: $count migration(s), no finding outside .squawk.toml's exclusions"
