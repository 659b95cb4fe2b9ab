#!/bin/sh
# Rebuild the example cohort export: three trainees (bots standing in for people) play two
# scenarios on the same seeds, their run files are imported into a fresh store, and the
# store is exported as CSV and JSON. Run from the repository root:
#   sh docs/examples/make_cohort.sh
set -e
out=docs/examples
tmp=$(mktemp -d)
export SALESIM_HOME="$tmp/store"
for scenario in tutorial relationship_selling; do
  for who in "Ana Souza:expert" "Ben Okafor:greedy" "Chen Wei:random"; do
    name=${who%%:*}; policy=${who##*:}
    file="$tmp/$scenario-$policy.run.json"
    python -m sim run "$scenario" --seed 7 --policy "$policy" --player "$name" --quiet --save "$file" >/dev/null
    python -m sim import "$file" >/dev/null
  done
done
python -m sim export --format csv -o "$out/cohort.csv"
python -m sim export --format json -o "$out/cohort.json"
rm -rf "$tmp"
