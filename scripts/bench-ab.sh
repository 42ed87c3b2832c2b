#!/usr/bin/env bash
# Same-run A/B of one benchmark between two checkouts of the repository (for example the commit before a change
# and the change), alternating A and B so that both see the same machine state:
#
#   scripts/bench-ab.sh <before-checkout> <after-checkout> <runs> <out-dir> <bench file> [bench args…]
#   scripts/bench-ab.sh /tmp/before . 5 /tmp/ab packages/cleaning/bench/index.ts 1 3
#
# Each run's full output goes to <out-dir>/<A|B>-<i>.log; read the ratio lines from them (every benchmark prints
# its peer, measured in the same run, as a ratio). Both checkouts need `npm ci` and the real data next to them
# (../shared/data/online-retail/). Run it on a quiet machine: nothing else should be running.
set -euo pipefail
before="$(cd "$1" && pwd)"
after="$(cd "$2" && pwd)"
runs="$3"
out="$4"
file="$5"
shift 5
mkdir -p "$out"
for i in $(seq 1 "$runs"); do
  for side in A B; do
    dir="$before"
    [ "$side" = B ] && dir="$after"
    echo "run $i $side $(cut -d' ' -f1-3 /proc/loadavg)" >&2
    (cd "$dir" && node_modules/.bin/tsx --tsconfig tsconfig.json "$file" "$@") >"$out/$side-$i.log" 2>&1 ||
      echo "  exit $? (see $out/$side-$i.log)" >&2
  done
done
