# Sourced by the bench scripts that time a change while a pgbench writer runs.
# writer_row NAME START END PREFIX ROWS: appends the table row "| NAME | seconds | transactions | p50 | p99 | longest |"
# to ROWS, from pgbench's per-transaction logs PREFIX.<pid> (client, transaction, latency in us, script, epoch s, epoch us).
writer_row() {
  local name=$1 start=$2 end=$3 prefix=$4 rows=$5 latencies tx p50 p99 max
  latencies=$(mktemp)
  cat "$prefix".[0-9]* | awk '{ printf "%.1f\n", $3 / 1000 }' | sort -n > "$latencies"
  tx=$(wc -l < "$latencies")
  p50=$(awk -v n="$tx" 'NR == int(n * 0.50) { print; exit }' "$latencies")
  p99=$(awk -v n="$tx" 'NR == int(n * 0.99) { print; exit }' "$latencies")
  max=$(tail -n 1 "$latencies")
  rm -f "$latencies"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$(awk "BEGIN { printf \"%.2f\", $end - $start }")" "$tx" "$p50" "$p99" "$max" >> "$rows"
}
