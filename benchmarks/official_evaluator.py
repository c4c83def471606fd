#!/usr/bin/env python
"""Check asd_nb's metrics against the official DCASE evaluator of a year, on a synthetic evaluation set.

asd-nb runs on the tiny synthetic data set of `--year` (all its evaluation machine types, with the evaluator's
ground truth written beside it); its submission files and that ground truth are copied into a temporary copy of
the official evaluator (a checkout of nttcslab/dcase2023_task2_evaluator or nttcslab/dcase2024_task2_evaluator,
given with --evaluator), the evaluator runs on them, and every per-machine AUC, pAUC, precision, recall and F1
and the official score are compared with asd_nb's. The evaluator's plotting imports (librosa, seaborn) are
replaced by empty modules when they are not installed: the metrics do not use them.

Usage: python benchmarks/official_evaluator.py --evaluator ~/dcase2024_task2_evaluator --year 2024
Measured 2026-11-25 (2 CPU cores): 2024 evaluator, 9 machine types (3 with 3-column ground truth), AE-MSE and
AdaCos: largest difference 0.0, official scores identical; 2023 evaluator, 7 machine types, AE-MSE: identical.
"""
import argparse, csv, glob, importlib.util, os, shutil, subprocess, sys, tempfile
from pathlib import Path

KEYS = {'AUC (source)': 'auc_source', 'AUC (target)': 'auc_target', 'pAUC': 'pauc', 'precision (source)': 'precision_source',
        'precision (target)': 'precision_target', 'recall (source)': 'recall_source', 'recall (target)': 'recall_target',
        'F1 score (source)': 'f1_source', 'F1 score (target)': 'f1_target'}


def official_results(path: Path) -> tuple:
    "Per-machine metrics and the official score from an evaluator's `<system>_result.csv`."
    rows, per, machine, official = list(csv.reader(open(path))), {}, None, None
    for i, r in enumerate(rows):
        if len(r) == 1 and r[0]: machine = r[0]
        if r and r[0] == '00' and machine: per[machine] = dict(zip(rows[i - 1][1:], map(float, r[1:])))
        if r and r[0] == 'official score': official = float(r[2])
    return per, official


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--evaluator', required=True, help='a checkout of the official evaluator of that year')
    p.add_argument('--year', type=int, default=2024)
    p.add_argument('--methods', nargs='+', default=['AE-MSE', 'AdaCos'])
    a = p.parse_args(argv)
    import pandas as pd
    from asd_nb.synth import synth_root
    from asd_nb.pipeline import run
    work = Path(tempfile.mkdtemp())
    root = synth_root('tiny', year=a.year, machines=None, eval_set=True)
    r = run(root, work/'out', 'tiny', dataset='eval', ground_truth=root/'ground_truth', methods=a.methods,
            train_on='own', seeds=1, figures=False, verbose=False)
    ev = work/'evaluator'
    shutil.copytree(Path(a.evaluator).expanduser(), ev, ignore=shutil.ignore_patterns('.git', 'teams*'))
    for k in ('data', 'domain', 'attributes'):
        shutil.rmtree(ev/f'ground_truth_{k}', ignore_errors=True)
        shutil.copytree(root/'ground_truth'/f'ground_truth_{k}', ev/f'ground_truth_{k}')
    for m in a.methods: shutil.copytree(r.out/'methods'/m, ev/'teams'/'asd_nb'/m)
    stubs = work/'stubs'; stubs.mkdir()
    for mod in ('librosa', 'seaborn'):
        if importlib.util.find_spec(mod) is None: (stubs/f'{mod}.py').write_text('')
    script = sorted(glob.glob(str(ev/'dcase20*_task2_evaluator.py')))[0]
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join([str(stubs), os.environ.get('PYTHONPATH', '')])}
    done = subprocess.run([sys.executable, script, '--dir_depth=2', '--teams_root_dir=./teams', '--result_dir=./teams_result'],
                          cwd=ev, env=env, capture_output=True, text=True)
    if done.returncode: raise SystemExit(f'the evaluator failed:\n{done.stderr[-3000:]}')
    worst = 0.
    for m in a.methods:
        per, official = official_results(next((ev/'teams_result').glob(f'{m}_result.csv')))
        ours = pd.read_csv(r.out/'methods'/f'{m}.results.csv', index_col=0)
        d = max(abs(per[mt][k] - ours.loc[mt, v]) for mt in per for k, v in KEYS.items())
        worst = max(worst, d, abs(official - ours.loc['hmean', 'official']))
        print(f'{m}: {len(per)} machine types, largest per-machine difference {d:.3g}; '
              f'official score: evaluator {official:.6f}, asd_nb {ours.loc["hmean", "official"]:.6f}')
    shutil.rmtree(work)
    return worst


if __name__ == '__main__': sys.exit(0 if main() < 1e-9 else 1)
