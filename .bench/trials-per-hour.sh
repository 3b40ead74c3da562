#!/usr/bin/env bash
# Trials per hour (BENCHMARKS.md, "Trials per hour (issue 15)"): the same ten-trial experiment
# (configs/bench/trials-per-hour.xml) run three times one after the other on this machine: the local engine one trial at
# a time (--parallel 1, in the cider process), two side by side (--parallel 2, each in its own process), and Spark with
# an embedded master (--engine spark --master local[2], each trial in its own process on the executor). Prints one table
# row per run (wall time of the whole cider compare command) and checks that the three results.json are identical apart
# from the command line, the wall time, the environment of the JVM that wrote the report and time stamps.
# A timing measurement: run it alone, `heavy --exclusive .bench/trials-per-hour.sh [OUT]`, from a built tree
# (mvn -o -pl tribuo-cider-spark -am package -DskipTests -Dcider.assembly.skip=true).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/target/bench/trials-per-hour}"
CONFIG="$ROOT/configs/bench/trials-per-hour.xml"
rm -rf "$OUT"
mkdir -p "$OUT"

echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), one run each"
printf '%-28s %7s %10s %14s\n' "engine" "trials" "wall (s)" "trials/hour"
run() {
  local name="$1"; shift
  local start end trials
  start=$(date +%s.%N)
  "$ROOT/cider" compare --config "$CONFIG" --out "$OUT/$name" "$@" > "$OUT/$name.log" 2>&1
  end=$(date +%s.%N)
  trials=$(grep -c -- '^-- trial .* done in ' "$OUT/$name.log" || true)
  awk -v n="$name" -v t="$trials" -v s="$start" -v e="$end" \
    'BEGIN { w = e - s; printf "%-28s %7d %10.1f %14.1f\n", n, t, w, t * 3600 / w }'
}
run "local --parallel 1" --engine local --parallel 1
run "local --parallel 2" --engine local --parallel 2
run "spark --master local[2]" --engine spark --master 'local[2]'

python3 - "$OUT" <<'PY'
import json, re, sys
out = sys.argv[1]
names = ["local --parallel 1", "local --parallel 2", "spark --master local[2]"]
def comparable(name):
    with open(f"{out}/{name}/results.json") as f:
        d = json.load(f)
    for k in ("commandLine", "wallTime"):
        d["metadata"].pop(k, None)
    d.pop("environment", None)
    return re.sub(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z', '(time)', json.dumps(d, sort_keys=True))
base = comparable(names[0])
for n in names[1:]:
    same = comparable(n) == base
    print(f"results.json of '{n}' {'identical to' if same else 'DIFFERS from'} '{names[0]}' (apart from command line, wall time, environment, time stamps)")
PY
