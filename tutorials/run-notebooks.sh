#!/usr/bin/env bash
# Executes the Java tutorials headlessly, top to bottom, as CI does: tutorials/run-notebooks.sh [options] [notebook...]
# (default: every tutorials/*.ipynb). Fails (non-zero exit) on any cell error, printing the cell and its traceback;
# executed copies, kernel logs and summary.json go to target/notebooks/. With --write, the notebooks that pass are
# also written back in place with their outputs (how the committed outputs are regenerated).
#
# Installs nothing: .ci/install-notebook-deps.sh provides the Debian packages (python3-nbclient, python3-nbformat)
# and the kernel jar (io.github.padreati:rapaio-jupyter-kernel). Builds the project first when its jars are missing
# or older than the sources, like ./cider. The kernel is registered in a private Jupyter directory
# (target/notebooks/jupyter) as a user installs it, with nothing on its class path: each notebook's first code cell
# loads tribuo-cider-eval/target/tribuo-cider-eval-<version>-with-deps.jar with '%jar', and each kernel starts in
# its notebook's directory, as in Jupyter. Extra JVM flags go in CIDER_JAVA_OPTS. Kernel starts that hang (the
# kernel has a start-up race) are killed and retried.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RJK_VERSION="3.0.1"
RJK_JAR="${RJK_JAR:-${XDG_CACHE_HOME:-$HOME/.cache}/tribuo-cider/notebooks/rapaio-jupyter-kernel-$RJK_VERSION.jar}"
PYTHON="${NOTEBOOK_PYTHON:-/usr/bin/python3}"
export PYTHONDONTWRITEBYTECODE=1  # the self-test imports the runner: leave no __pycache__ in tutorials/
RUNNER="$ROOT/tutorials/run_notebooks.py"
CORE_JAR="$ROOT/tribuo-cider/target/tribuo-cider-0.1.0-SNAPSHOT.jar"
# The notebooks' front door: the eval classes with a manifest Class-Path into tribuo-cider-eval/target/lib/.
WITH_DEPS_JAR="$ROOT/tribuo-cider-eval/target/tribuo-cider-eval-0.1.0-SNAPSHOT-with-deps.jar"
OUT_DIR="$ROOT/target/notebooks"
KERNEL_NAME="rapaio-jupyter-kernel"

CELL_TIMEOUT="${NOTEBOOK_CELL_TIMEOUT:-600}"
START_TIMEOUT="${NOTEBOOK_START_TIMEOUT:-10}"
START_ATTEMPTS="${NOTEBOOK_START_ATTEMPTS:-8}"
BUILD=1
SELF_TEST=0
WRITE=0
NOTEBOOKS=()

usage() {
  cat <<EOF
Usage: tutorials/run-notebooks.sh [options] [notebook.ipynb...]

Executes Java notebooks (default: tutorials/*.ipynb) and fails on the first cell error of any notebook.
Executed copies, kernel logs and summary.json are written to target/notebooks/.

Options:
  --write              also write each notebook that passes back in place with its outputs (regenerates the
                       committed outputs; outputs are relative to the notebook's directory, timings vary by run)
  --cell-timeout S     seconds allowed per cell (default $CELL_TIMEOUT; env NOTEBOOK_CELL_TIMEOUT)
  --start-timeout S    seconds for a kernel to answer at start-up before it is killed and restarted; grows by
                       half on each retry (default $START_TIMEOUT; env NOTEBOOK_START_TIMEOUT)
  --start-attempts N   kernel starts tried per notebook (default $START_ATTEMPTS; env NOTEBOOK_START_ATTEMPTS)
  --no-build           do not build the project; fail if the with-deps jar is missing or stale
  --self-test          check the runner itself: the committed tutorials are executed and load the with-deps jar,
                       the smoke notebook passes, the notebooks in tutorials/testdata fail at the right cell or (a
                       missing jar) before any kernel starts, a kernel that never answers is killed and retried,
                       and --write writes a notebook back as it is committed
  -h, --help           this help

Environment: CIDER_JAVA_OPTS (extra JVM flags for the kernel), RJK_JAR (kernel jar, default
\$XDG_CACHE_HOME/tribuo-cider/notebooks/), NOTEBOOK_PYTHON (default /usr/bin/python3).
Exit status: 0 passed, 1 a notebook failed, 2 usage or missing prerequisite, 3 a kernel never started.
EOF
}

die() {
  echo "run-notebooks: $*" >&2
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cell-timeout) CELL_TIMEOUT="${2:?--cell-timeout needs a value}"; shift 2 ;;
    --start-timeout) START_TIMEOUT="${2:?--start-timeout needs a value}"; shift 2 ;;
    --start-attempts) START_ATTEMPTS="${2:?--start-attempts needs a value}"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --write) WRITE=1; shift ;;
    --self-test) SELF_TEST=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; NOTEBOOKS+=("$@"); break ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) NOTEBOOKS+=("$1"); shift ;;
  esac
done

check_prerequisites() {
  local hint="run .ci/install-notebook-deps.sh"
  [[ -x "$PYTHON" ]] || die "$PYTHON is missing: the runner needs Debian's python3 with python3-nbclient; $hint"
  local missing
  missing=$("$PYTHON" - <<'EOF'
import importlib.util
print(" ".join(m for m in ("nbclient", "nbformat", "jupyter_client") if importlib.util.find_spec(m) is None))
EOF
)
  [[ -z "$missing" ]] || die "$PYTHON lacks the module(s) $missing (Debian packages python3-nbclient, python3-nbformat); $hint"
  command -v java >/dev/null || die "java is not on the PATH (a JDK 17 is needed)"
  JAVA="$(command -v java)"
  local version
  version=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [[ "${version%%.*}" =~ ^[0-9]+$ && "${version%%.*}" -ge 17 ]] || die "$JAVA is Java '${version:-unknown}'; Java 17 or newer is needed"
  "$JAVA" --list-modules 2>/dev/null | grep -q '^jdk\.jshell@' \
    || die "$JAVA has no jdk.jshell module, which the Java kernel needs: install a full JDK (openjdk-17-jdk-headless)"
  [[ -s "$RJK_JAR" ]] || die "the Java kernel jar $RJK_JAR is missing; $hint"
}

needs_build() {
  [[ -f "$CORE_JAR" && -f "$WITH_DEPS_JAR" ]] || return 0
  local newer
  newer=$(find "$ROOT/pom.xml" "$ROOT/tribuo-cider/pom.xml" "$ROOT/tribuo-cider-eval/pom.xml" \
               "$ROOT/tribuo-cider/src/main" "$ROOT/tribuo-cider-eval/src/main" "$ROOT/configs/baselines" \
               -newer "$WITH_DEPS_JAR" -type f -print -quit 2>/dev/null || true)
  [[ -n "$newer" ]] && return 0
  newer=$(find "$ROOT/tribuo-cider/src/main" -newer "$CORE_JAR" -type f -print -quit 2>/dev/null || true)
  [[ -n "$newer" ]]
}

ensure_built() {
  if needs_build; then
    [[ "$BUILD" == 1 ]] || die "the with-deps jar $WITH_DEPS_JAR is missing or stale (--no-build given); build it with 'mvn -B -q package -DskipTests'"
    echo "[notebooks] building the project (mvn package, tests skipped)..."
    mkdir -p "$OUT_DIR"
    (cd "$ROOT" && mvn -B -q package -DskipTests) >"$OUT_DIR/build.log" 2>&1 \
      || { cat "$OUT_DIR/build.log" >&2; die "the build failed (log: $OUT_DIR/build.log)"; }
  fi
}

register_kernel() {
  # Only what a headless machine needs: the notebooks themselves load the project and set ai.djl.offline.
  local -a java_opts=(-Djava.awt.headless=true)
  local -a extra=()
  # shellcheck disable=SC2206 # CIDER_JAVA_OPTS is a space-separated list of flags, as for ./cider
  [[ -n "${CIDER_JAVA_OPTS:-}" ]] && extra=(${CIDER_JAVA_OPTS})
  local -a args=(register --jupyter-path "$JUPYTER_PATH" --name "$KERNEL_NAME" --java "$JAVA" --kernel-jar "$RJK_JAR")
  local opt
  for opt in "${java_opts[@]}" ${extra[@]+"${extra[@]}"}; do
    args+=("--java-opt=$opt")
  done
  "$PYTHON" "$RUNNER" "${args[@]}"
}

# run_notebooks OUT_DIR KERNEL_NAME notebooks...; with RUN_EXEC=exec the runner replaces this shell, so a SIGTERM
# sent to the script reaches the runner, which then stops its kernels.
run_notebooks() {
  local out="$1" kernel="$2"
  shift 2
  ${RUN_EXEC:-} "$PYTHON" "$RUNNER" run --jupyter-path "$JUPYTER_PATH" --kernel-name "$kernel" --out-dir "$out" \
    --cell-timeout "$CELL_TIMEOUT" --start-timeout "$START_TIMEOUT" --start-attempts "$START_ATTEMPTS" "$@"
}

# expect_status WHAT EXPECTED ACTUAL
expect_status() {
  if [[ "$2" != "$3" ]]; then
    echo "[self-test] FAILED: $1: exit status $3, expected $2" >&2
    exit 1
  fi
  echo "[self-test] ok: $1 (exit status $3)"
}

# check_summary SUMMARY_JSON PYTHON_ASSERTIONS: runs assertions against the parsed summary s and notebooks nb[name].
check_summary() {
  RUNNER_DIR="$ROOT/tutorials" "$PYTHON" - "$1" "$2" <<'EOF'
import json, os, sys
s = json.load(open(sys.argv[1]))
nb = {os.path.basename(r["notebook"]): r for r in s["notebooks"]}
try:
    exec(sys.argv[2])
except AssertionError as e:
    print("[self-test] FAILED: %s\n  summary: %s" % (e, json.dumps(s, indent=1)), file=sys.stderr)
    sys.exit(1)
EOF
}

# check_committed NOTEBOOK...: each committed tutorial starts with the line $COMMITTED_JAR_LINE as its first code cell,
# every code cell ran without error, and at least one of them shows an image.
check_committed() {
  "$PYTHON" - "$@" <<'EOF'
import json, os, sys
jar_line = os.environ["COMMITTED_JAR_LINE"]
images = 0
for path in sys.argv[1:]:
    cells = [c for c in json.load(open(path, encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    first = "".join(cells[0]["source"]).strip() if cells else ""
    problems = [] if first == jar_line else ["its first code cell is %r, not %r" % (first[:80], jar_line)]
    for n, c in enumerate(cells, 1):
        if not c.get("execution_count"):
            problems.append("code cell #%d was not executed" % n)
        if any(o.get("output_type") == "error" for o in c.get("outputs", [])):
            problems.append("code cell #%d holds an error" % n)
        images += sum(1 for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    if problems:
        print("[self-test] FAILED: %s: %s; regenerate with tutorials/run-notebooks.sh --write" % (path, "; ".join(problems)),
              file=sys.stderr)
        sys.exit(1)
if images == 0:
    print("[self-test] FAILED: no committed tutorial shows an image (image/png output)", file=sys.stderr)
    sys.exit(1)
EOF
}

self_test() {
  local base="$OUT_DIR/self-test" status
  rm -rf "$base"
  mkdir -p "$base"

  echo "[self-test] 0/5 the committed tutorials hold their outputs and load the with-deps jar first"
  COMMITTED_JAR_LINE="%jar ../tribuo-cider-eval/target/$(basename "$WITH_DEPS_JAR")" check_committed "$ROOT"/tutorials/*.ipynb
  echo "[self-test] ok: every tutorial is committed executed, with an image, and loads the with-deps jar"

  echo "[self-test] 1/5 the smoke notebook passes"
  set +e
  run_notebooks "$base/pass" "$KERNEL_NAME" "$ROOT/tutorials/00-smoke.ipynb" 2>&1 | tee "$base/pass.out"
  status=${PIPESTATUS[0]}
  set -e
  expect_status "smoke notebook" 0 "$status"
  check_summary "$base/pass/summary.json" '
r = nb["00-smoke.ipynb"]
assert r["status"] == "ok", "smoke status " + str(r["status"])
out = json.load(open(r["output"]))
text = "".join("".join(o.get("text", "")) for c in out["cells"] if c["cell_type"] == "code" for o in c["outputs"])
assert "classIndex(1.5) = 2 (positive)" in text, "smoke output lacks the class index: " + text
assert "split sizes: {train=24, valid=8, test=8}" in text, "smoke output lacks the split sizes: " + text
assert all(c["execution_count"] for c in out["cells"] if c["cell_type"] == "code"), "a smoke cell did not run"
'
  echo "[self-test] ok: the executed smoke notebook holds the expected outputs"

  echo "[self-test] 2/5 failing notebooks fail at the right cell"
  set +e
  run_notebooks "$base/fail" "$KERNEL_NAME" "$ROOT/tutorials/testdata/failing.ipynb" \
    "$ROOT/tutorials/testdata/compile-error.ipynb" 2>&1 | tee "$base/fail.out"
  status=${PIPESTATUS[0]}
  CELL_TIMEOUT=5 run_notebooks "$base/timeout" "$KERNEL_NAME" "$ROOT/tutorials/testdata/timeout.ipynb" \
    2>&1 | tee "$base/timeout.out"
  local timeout_status=${PIPESTATUS[0]}
  set -e
  expect_status "failing notebooks" 1 "$status"
  expect_status "notebook with a cell longer than the cell timeout" 1 "$timeout_status"
  grep -q "FAILED .*failing.ipynb: cell 3 of 4 (code cell #2): EvalException: deliberate failure for the runner self-test" \
    "$base/fail.out" || { echo "[self-test] FAILED: the runtime failure is not reported with its cell" >&2; exit 1; }
  grep -q "java.lang.IllegalStateException: deliberate failure for the runner self-test" "$base/fail.out" \
    || { echo "[self-test] FAILED: the traceback is not printed" >&2; exit 1; }
  grep -q "incompatible types: java.lang.String cannot be converted to int" "$base/fail.out" \
    || { echo "[self-test] FAILED: the compile error is not printed" >&2; exit 1; }
  grep -q "FAILED .*timeout.ipynb: cell 2 of 3 (code cell #1): no result within the cell timeout of 5 s" \
    "$base/timeout.out" || { echo "[self-test] FAILED: the cell timeout is not reported with its cell" >&2; exit 1; }
  check_summary "$base/timeout/summary.json" '
assert nb["timeout.ipynb"]["status"] == "cell-timeout" and nb["timeout.ipynb"]["failed_cell"] == 2, "timeout.ipynb"
'
  check_summary "$base/fail/summary.json" '
assert nb["failing.ipynb"]["status"] == "cell-error" and nb["failing.ipynb"]["failed_cell"] == 3, "failing.ipynb"
assert nb["compile-error.ipynb"]["status"] == "cell-error" and nb["compile-error.ipynb"]["failed_cell"] == 3, "compile-error.ipynb"
for name, r in nb.items():
    out = json.load(open(r["output"]))
    last = out["cells"][-1]
    assert last["execution_count"] is None and not last["outputs"], name + ": a cell after the failure ran"
'
  echo "[self-test] ok: each failure names its cell, the later cells never ran"

  echo "[self-test] 3/5 a kernel that never answers is killed and retried"
  # A fake kernel that never answers and has a child: a shell running a background sleep, then a foreground one.
  local hang_spec="$JUPYTER_PATH/kernels/cider-self-test-hang"
  mkdir -p "$hang_spec"
  printf '{"argv": ["/bin/sh", "-c", "sleep 300 & exec sleep 300", "{connection_file}"], "display_name": "never answers", "language": "java"}\n' \
    > "$hang_spec/kernel.json"
  set +e
  START_TIMEOUT=2 START_ATTEMPTS=2 run_notebooks "$base/hang" cider-self-test-hang "$ROOT/tutorials/00-smoke.ipynb" \
    2>&1 | tee "$base/hang.out"
  status=${PIPESTATUS[0]}
  set -e
  rm -rf "$hang_spec"
  expect_status "never-answering kernel" 3 "$status"
  [[ $(grep -c "hung .*killed its process group" "$base/hang.out") == 2 ]] \
    || { echo "[self-test] FAILED: the two hung starts are not both logged" >&2; exit 1; }
  check_summary "$base/hang/summary.json" '
r = nb["00-smoke.ipynb"]
assert r["status"] == "kernel-start-failed", "status " + r["status"]
assert [a["outcome"] for a in r["start_attempts"]] == ["hung", "hung"], "attempts " + str(r["start_attempts"])
sys.path.insert(0, os.environ["RUNNER_DIR"])
from run_notebooks import live_group_members
for a in r["start_attempts"]:
    left = live_group_members(a["pgid"])
    assert not left, "processes %s of the hung kernel group %d are still alive" % (left, a["pgid"])
'
  echo "[self-test] ok: both hung kernels were killed with their children, and the run failed with status 3"

  echo "[self-test] 4/5 a notebook whose %jar names a missing jar stops the run before any kernel starts"
  set +e
  run_notebooks "$base/missing-jar" "$KERNEL_NAME" "$ROOT/tutorials/testdata/missing-jar.ipynb" 2>&1 | tee "$base/missing-jar.out"
  status=${PIPESTATUS[0]}
  set -e
  expect_status "notebook loading a missing jar" 2 "$status"
  grep -q "missing-jar.ipynb loads .*no-such-with-deps.jar in its first code cell, and that jar does not exist; build it with 'mvn -B -q package -DskipTests'" \
    "$base/missing-jar.out" || { echo "[self-test] FAILED: the missing jar is not reported with its build command" >&2; exit 1; }
  [[ ! -e "$base/missing-jar/summary.json" ]] || { echo "[self-test] FAILED: a kernel ran despite the missing jar" >&2; exit 1; }
  echo "[self-test] ok: the missing jar is named with the command that builds it"

  echo "[self-test] 5/5 --write writes a passing notebook back with its outputs, relative paths and no timings"
  # A copy of tutorials/testdata/write-back.ipynb outside the source tree, its %jar line pointing at the jar from there.
  local copy="$base/write/write-back.ipynb"
  mkdir -p "$base/write"
  "$PYTHON" - "$ROOT/tutorials/testdata/write-back.ipynb" "$copy" "$WITH_DEPS_JAR" <<'EOF'
import os, sys, nbformat
source, copy, jar = sys.argv[1:]
nb = nbformat.read(source, as_version=4)
first = next(c for c in nb.cells if c.cell_type == "code")
assert first.source.startswith("%jar "), first.source
first.source = "%jar " + os.path.relpath(jar, os.path.dirname(copy))
nbformat.write(nb, copy)
EOF
  set +e
  run_notebooks "$base/write/out" "$KERNEL_NAME" --write "$copy" 2>&1 | tee "$base/write.out"
  status=${PIPESTATUS[0]}
  set -e
  expect_status "write-back notebook with --write" 0 "$status"
  WRITTEN="$copy" ORIGINAL="$ROOT/tutorials/testdata/write-back.ipynb" BASE_DIR="$base/write" check_summary "$base/write/out/summary.json" '
w = json.load(open(os.environ["WRITTEN"]))
original = json.load(open(os.environ["ORIGINAL"]))
assert nb["write-back.ipynb"].get("written"), "the summary does not record the write"
assert w["metadata"] == original["metadata"], "notebook metadata changed: " + str(w["metadata"])
code = [c for c in w["cells"] if c["cell_type"] == "code"]
assert all(c["execution_count"] for c in code), "a cell of the written notebook has no execution count"
assert not any("execution" in c["metadata"] for c in code), "per-cell timing metadata was written"
text = json.dumps(w)
assert os.environ["BASE_DIR"] not in text, "the written notebook holds the absolute path of its directory"
assert "Add ../../../../tribuo-cider-eval/target/" in "".join(code[0]["outputs"][0]["text"]), "the %jar output is not relative"
streams = [o for o in code[1]["outputs"] if o["output_type"] == "stream"]
assert len(streams) == 1 and "".join(streams[0]["text"]) == "Acc2    61.3%\nF1      58.0%\n", "printf pieces not joined: " + str(streams)
assert any("image/png" in o.get("data", {}) for o in code[2]["outputs"]), "the image was not written"
'
  echo "[self-test] ok: the written notebook has its outputs and image, original metadata, joined streams, no absolute paths"
  echo "[self-test] passed"
}

check_prerequisites
ensure_built
export JUPYTER_PATH="$OUT_DIR/jupyter"           # private kernelspecs: JUPYTER_PATH=... jupyter lab uses the same
export JUPYTER_RUNTIME_DIR="$OUT_DIR/runtime"    # connection files
export JUPYTER_CONFIG_DIR="$OUT_DIR/jupyter-config"  # no user configuration leaks into CI runs
mkdir -p "$JUPYTER_PATH" "$JUPYTER_RUNTIME_DIR" "$JUPYTER_CONFIG_DIR"
register_kernel

if [[ "$SELF_TEST" == 1 ]]; then
  [[ ${#NOTEBOOKS[@]} -eq 0 ]] || die "--self-test takes no notebooks"
  [[ "$WRITE" == 0 ]] || die "--self-test does not take --write"
  self_test
  exit 0
fi

if [[ ${#NOTEBOOKS[@]} -eq 0 ]]; then
  shopt -s nullglob
  NOTEBOOKS=("$ROOT"/tutorials/*.ipynb)
  shopt -u nullglob
  [[ ${#NOTEBOOKS[@]} -gt 0 ]] || die "no notebooks in $ROOT/tutorials"
fi
WRITE_FLAG=()
[[ "$WRITE" == 1 ]] && WRITE_FLAG=(--write)
RUN_EXEC=exec run_notebooks "$OUT_DIR" "$KERNEL_NAME" ${WRITE_FLAG[@]+"${WRITE_FLAG[@]}"} "${NOTEBOOKS[@]}"
