#!/usr/bin/env bash
# Installs what ../shared/refbench/run-side-by-side.sh needs on a Debian machine, and checks that the reference's
# PyTorch gets an optimised BLAS. Debian's python3-torch links the generic libblas.so.3; without an optimised one
# installed, Debian's alternatives leave the netlib reference BLAS in place and the reference trains about three times
# slower (244 s per MOSI epoch against 72 s with OpenBLAS on the same 2-core machine, BENCHMARKS.md), which would make
# every ratio look better than it is. Run as root, once per machine.
set -euo pipefail
apt-get install -y python3-torch python3-numpy libtcmalloc-minimal4 libopenblas0-pthread
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 || true)
echo "libblas.so.3 -> $blas"
case "$blas" in
  *openblas*|*blis*|*mkl*) ;;
  *) echo "refbench-setup: libblas.so.3 is not an optimised BLAS ($blas); select one with update-alternatives --config libblas.so.3-x86_64-linux-gnu" >&2; exit 1 ;;
esac
/usr/bin/python3 - <<'PY'
import time, torch
torch.set_num_threads(2)
a = torch.randn(1024, 1024)
a @ a
t = time.perf_counter()
for _ in range(10):
    a @ a
per = (time.perf_counter() - t) / 10
print(f"reference PyTorch {torch.__version__}: 1024x1024 float matmul {per * 1e3:.1f} ms ({2 * 1024 ** 3 / per / 1e9:.0f} GFLOP/s)")
PY
