#!/bin/sh
# Runs every fuzz target in turn, one at a time: ./run_all.sh SECONDS_PER_TARGET [targets...]
set -u
secs=${1:-60}; shift || true
targets=${*:-"request yaml command_line proc_cmdline systemd env_file documents go_yaml fix_round_trip"}
cd "$(dirname "$0")"
mkdir -p logs
for t in $targets; do
  cargo +nightly fuzz run -O -s none "$t" -- -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 > "logs/$t.log" 2>&1
  echo "$t rc=$? $(grep -E 'stat::number_of_executed_units' logs/$t.log)"
done
