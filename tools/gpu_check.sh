#!/usr/bin/env bash
# The GPU checks of the scale issue in one command, for a machine with a CUDA GPU and no internet
# (the project's device machine: Python 3.12 with torch, torchaudio, scipy, scikit-learn, pandas and
# matplotlib, but not soundfile):
#   1. the environment (GPU, torch, CUDA, bfloat16)                                   -> env.txt
#   2. the tiny preset end to end on the CPU, on the GPU in full precision (--amp off) and on the GPU
#      with mixed precision (--amp auto: bfloat16), and how far their clip scores and Table 1s lie
#      apart (kernels differ between devices: close, not equal)                       -> gpu_vs_cpu.txt
#   3. the scale benchmark on the GPU (benchmarks/scale.py --steps 3)                 -> scale/*.csv, scale/runtime.json
#   4. the demo run (asd-nb's default, one seed) on the GPU: Table 1 and stage times  -> demo_table1.md, demo_timings.csv
# Every step has a time limit, and all of them together stop within $BUDGET seconds (default 540), so
# that the command ends inside the device machine's 600 s; log.txt holds every step's output.
#
#   bash tools/gpu_check.sh wheels                 # here, with PyPI: the missing packages as wheels in .whl/ (ignored by git)
#   bash tools/gpu_check.sh run                    # there: command "bash tools/gpu_check.sh run", carry [".whl"], timeout 600
#   DEVICE=cpu QUICK=1 bash tools/gpu_check.sh run # here: the same steps on the CPU with tiny sizes (a test of this script)
#   AMP=on ...                                     # the third tiny run with --amp on (on the CPU: bfloat16, whose differences the comparison shows)
#
# Results go to $OUT (the device machine sets it; default gpu_check_out/): at most 8 files, as that machine returns.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = wheels ]; then
  rm -rf .whl && mkdir -p .whl
  python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
    -d .whl soundfile cffi pycparser || exit 1
  ls -1 .whl; exit 0
fi
[ "${1:-}" = run ] || { awk 'NR > 1 && /^#/ {print; next} NR > 1 {exit}' "$0"; exit 2; }   # usage: the header

OUT=${OUT:-gpu_check_out}; mkdir -p "$OUT"
DEVICE=${DEVICE:-cuda}; QUICK=${QUICK:-}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export ASD_NB_CACHE=${ASD_NB_CACHE:-$work/cache} ASD_NB_QUIET=1 PYTHONUNBUFFERED=1
if ! python3 -c "import soundfile" 2>/dev/null && ls .whl/*.whl >/dev/null 2>&1; then   # the packages this python lacks
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$work/site" .whl/*.whl || exit 1
  export PYTHONPATH="$work/site:$PWD${PYTHONPATH:+:$PYTHONPATH}"
else
  export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
fi
log=$OUT/log.txt; : > "$log"
deadline=$((SECONDS + ${BUDGET:-540}))
failed=0
step() {   # step NAME MAX_SECONDS COMMAND...: run with the smaller of its limit and the time left, output to the log
  local name=$1 max=$2; shift 2
  local left=$((deadline - SECONDS)); [ "$left" -lt "$max" ] && max=$left
  if [ "$max" -le 5 ]; then echo "== $name: skipped, no time left" | tee -a "$log"; failed=$((failed + 1)); return; fi
  echo "== $name (limit ${max} s)" | tee -a "$log"
  local t0=$SECONDS
  timeout "$max" "$@" >>"$log" 2>&1; local rc=$?
  echo "== $name: $([ $rc -eq 0 ] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - t0)) s" | tee -a "$log"
  [ $rc -eq 0 ] || failed=$((failed + 1))
}

{ nvidia-smi 2>/dev/null || echo 'no nvidia-smi'
  python3 -c "
import sys, torch, torchaudio
print('python', sys.version.split()[0], '| torch', torch.__version__, '| torchaudio', torchaudio.__version__, '| CUDA', torch.version.cuda)
print('GPU:', torch.cuda.get_device_name() if torch.cuda.is_available() else 'none', '| bf16:', torch.cuda.is_available() and torch.cuda.is_bf16_supported())
import asd_nb.core as c; c.set_runtime(device='$DEVICE'); print('asd_nb runtime:', c.runtime_info())"
} >"$OUT/env.txt" 2>&1
cat "$OUT/env.txt" >>"$log"

# 2. the tiny preset on the CPU and on the device, full and mixed precision
runs=("cpu off" "$DEVICE off" "$DEVICE ${AMP:-auto}"); dirs=()
for i in 0 1 2; do
  set -- ${runs[$i]}; dirs+=("$work/tiny_${i}_$1_amp-$2")
  step "tiny preset, device $1, amp $2" 120 python3 -m asd_nb.pipeline --preset tiny --device "$1" --amp "$2" --no-figures --out "${dirs[$i]}"
done
python3 - "${dirs[@]}" >"$OUT/gpu_vs_cpu.txt" 2>&1 <<'EOF'
import sys
from pathlib import Path
import numpy as np, pandas as pd
from scipy.stats import spearmanr
METHODS = ['AE-MSE', 'AE-MAHALA', 'AdaCos', 'Proposed']
def load(d):
    d = Path(d)
    if not (d/'table1.csv').exists(): return None
    t = pd.read_csv(d/'timings.csv').set_index('stage').seconds
    return pd.read_csv(d/'table1.csv').set_index(['machine', 'metric']), pd.read_csv(d/'clip_scores.csv').set_index('path'), t
base = load(sys.argv[1])
if base is None: sys.exit(f'{sys.argv[1]}: the CPU run left no results')
print(f'{Path(sys.argv[1]).name}: {base[2]["total"]:.1f} s (reference)')
for d in sys.argv[2:]:
    r = load(d)
    if r is None: print(f'{Path(d).name}: no results (see log.txt)'); continue
    tab, sc, t = r
    print(f'\n{Path(d).name}: {t["total"]:.1f} s; against the CPU run:')
    s0 = base[1].loc[sc.index]
    for m in METHODS:
        a, b = s0[m].to_numpy(float), sc[m].to_numpy(float)
        rel = np.abs(a - b) / np.maximum(np.abs(a), 1e-12)
        print(f'  {m:10s} clip scores: Spearman {spearmanr(a, b)[0]:.4f}, relative difference median {np.median(rel):.1e}, max {rel.max():.1e}; '
              f'Table 1: largest difference {np.abs(base[0][m] - tab[m]).max():.2f} points, hmean AUC(source) {tab.loc[("All (hmean)", "AUC(source)"), m]:.2f} '
              f'(CPU {base[0].loc[("All (hmean)", "AUC(source)"), m]:.2f})')
EOF
cat "$OUT/gpu_vs_cpu.txt" >>"$log"

# 3. the scale benchmark
step "scale benchmark" 240 python3 benchmarks/scale.py --device "$DEVICE" --steps 3 --years 2024 --out "$OUT/scale" ${QUICK:+--quick}

# 4. the demo run, one seed
preset=demo; [ -n "$QUICK" ] && preset=tiny
step "demo run ($preset preset, one seed)" 300 python3 -m asd_nb.pipeline --preset "$preset" --seeds 1 --device "$DEVICE" --no-figures --out "$work/demo"
cp "$work/demo/table1.md" "$OUT/demo_table1.md" 2>/dev/null; cp "$work/demo/timings.csv" "$OUT/demo_timings.csv" 2>/dev/null

echo "== gpu_check: $failed step(s) failed or skipped; $((SECONDS)) s in all" | tee -a "$log"
[ "$failed" -eq 0 ]
