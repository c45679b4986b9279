#!/usr/bin/env bash
# The open-domain two-stage recipe on the synthetic set, stage 1 alone against stage 1 + stage 2, one run:
#   bash bench/recipes/two-stage.sh [EPOCHS_STAGE1] [EPOCHS_STAGE2]
# Writes out/two-stage/ (models, logs, metrics) and bench/results/two-stage.md. Stage 1: open-tiny, contrastive on the
# coarse (class-level) captions. Stage 2: --init-from stage 1, --stage instruction (scene-classifier prior, soft belief,
# attribution loss, text tower frozen) on the detailed captions. Both are evaluated on the detailed test captions.
set -euo pipefail
cd "$(dirname "$0")/../.."
e1=${1:-4}; e2=${2:-4}
out=out/two-stage
cli="dotnet run --project cli -c Release --no-launch-profile --"
dotnet build cli -c Release --nologo -v quiet
mkdir -p "$out"
$cli synth --output "$out/synthetic" > "$out/synth.log"
fine="$out/synthetic/dataset_synthetic.json"; coarse="$out/synthetic/dataset_synthetic_coarse.json"
common=(--no-augment --lr 2e-3 --batch-size 64 --seed 42)
start=$(date +%s)
$cli train -d "$coarse" --config open-tiny --vocabulary-from "$fine" --epochs "$e1" -o "$out/stage1" "${common[@]}" > "$out/stage1.log" 2>&1
t1=$(( $(date +%s) - start ))
$cli eval -m "$out/stage1/model.zip" -d "$fine" --split test --json "$out/stage1-test.json" > "$out/stage1-eval.log"
start=$(date +%s)
$cli train -d "$fine" --init-from "$out/stage1/model.zip" --stage instruction --epochs "$e2" -o "$out/stage2" "${common[@]}" > "$out/stage2.log" 2>&1
t2=$(( $(date +%s) - start ))
$cli eval -m "$out/stage2/model.zip" -d "$fine" --split test --json "$out/stage2-test.json" > "$out/stage2-eval.log"

row() { # name, metrics.json, seconds: the first six R@ values are the overall i→t and t→i recalls
  local r mr
  r=$(grep -oE '"R@(1|5|10)": [0-9.]+' "$2" | head -6 | awk '{ printf "%.2f ", $2 }')
  mr=$(grep -oE '"mR": [0-9.]+' "$2" | head -1 | awk '{ printf "%.2f", $2 }')
  set -- "$1" "$3" $r
  echo "| $1 | $3 | $4 | $5 | $6 | $7 | $8 | **$mr** | $2 |"
}
{
  echo "# Two-stage recipe on the synthetic set"
  echo
  echo "\`bash bench/recipes/two-stage.sh $e1 $e2\` on $(nproc) cores ($(uname -m)), $(date -u +%Y-%m-%d). Test split: 450 images, 2,250 detailed captions."
  echo "Stage 1: \`open-tiny\` on the coarse captions, $e1 epochs. Stage 2: \`--init-from\` stage 1, \`--stage instruction\`, $e2 epochs."
  echo
  echo "| model | i→t R@1 | R@5 | R@10 | t→i R@1 | R@5 | R@10 | mR | training s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  row "stage 1 only" "$out/stage1-test.json" "$t1"
  row "stage 1 + stage 2" "$out/stage2-test.json" "$t2 (+$t1)"
} > bench/results/two-stage.md.tmp
mv bench/results/two-stage.md.tmp bench/results/two-stage.md
cat bench/results/two-stage.md
