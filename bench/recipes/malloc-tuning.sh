#!/usr/bin/env bash
# A/B of the glibc malloc tuning (src/Modeling/Interop/NativeMemoryTuning.cs) on the raw tiny training step:
# the suite's train-tiny-raw case, alternately with the tuning off (PRIORCLIP_MALLOC_TUNING=0) and on, ROUNDS times.
# Run from the repository root after `dotnet build PriorClip.MLNet.sln -c Release` and one `-- suite` run (or
# `-- suite-case train-tiny-mlnet`), which writes the batch shape this case reads. Writes bench/results/malloc-tuning.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
bench=bench/PriorClip.MLNet.Bench/bin/Release/net10.0/PriorClip.MLNet.Bench
out=bench/results/malloc-tuning.md
tmp=$(mktemp)
{
  echo "# glibc malloc tuning: raw tiny training step"
  echo
  echo "Made by \`bash bench/recipes/malloc-tuning.sh $rounds\` at $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Each row is one process: \`suite-case train-tiny-raw\` (20 steps after 3 warm-up steps; $(python3 -c 'import json;d=json.load(open("out/bench/suite/tiny-trainer-batch.json"));print(d["Rows"],"captions,",d["Images"],"images")' 2>/dev/null || echo 'the trainer batch shape')), timed by /usr/bin/time."
  echo
  echo "| round | malloc tuning | ms per step, median (min–max) | user s | system s | peak RSS (MB) |"
  echo "|---|---|---|---:|---:|---:|"
} > "$tmp"
for round in $(seq 1 "$rounds"); do
  for setting in off on; do
    value=$([ "$setting" = off ] && echo 0 || echo 1)
    line=$(PRIORCLIP_MALLOC_TUNING=$value /usr/bin/time -f 'TIME %U %S %M' "$bench" suite-case train-tiny-raw 2>&1 >/dev/null | grep -E 'training step|^TIME')
    step=$(echo "$line" | grep 'training step' | sed -E 's/.*: ([0-9.E+]+) ms \(min ([0-9.E+]+), max ([0-9.E+]+).*/\1 (\2–\3)/')
    read -r _ user sys rss <<< "$(echo "$line" | grep '^TIME')"
    echo "| $round | $setting | $step | $user | $sys | $((rss / 1024)) |" >> "$tmp"
  done
done
mv "$tmp" "$out"
cat "$out"
