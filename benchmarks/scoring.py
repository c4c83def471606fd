#!/usr/bin/env python
"""Benchmark: scoring 10 s, 16 kHz clips on the CPU — PyTorch (as `asd_nb.detector.Detector` scores) against ONNX
Runtime (the graphs of `asd_nb.onnx.export_onnx`, as `OnnxDetector` scores).

For the autoencoder (one machine type's network: log-mel, frame vectors, reconstruction, MSE and Mahalanobis scores
of two domains) and for the AdaCos ensemble (all members' unit embeddings; the cosine distances to a section's
centres are the same NumPy in both and left out), at the settings of each preset (`AECfg.preset`,
`AdaCosCfg.preset`), with untrained networks of random weights (speed does not depend on training).
Two numbers per model and runtime:
  * throughput — clips per second when `--batch` clips are scored in one call;
  * latency    — milliseconds to score a single clip.
Each from the fastest of `--repeat` timed calls after one warm-up call (the least disturbed by other work on the
machine; the medians are in the CSV too), the two runtimes' calls taking turns; both use `--threads` threads.
The waveforms are in memory (reading files is the same for both and excluded).

Usage: python benchmarks/scoring.py [--presets demo paper] [--batch 8] [--repeat 5] [--threads 1] [--out file.csv]
"""
import argparse, tempfile, time
from pathlib import Path


def timed(fns: list, repeat: int) -> list:
    "Smallest and median wall time of `repeat` calls of each of `fns` (after one warm-up call each), interleaved."
    import numpy as np
    for fn in fns: fn()
    ts = [[] for _ in fns]
    for _ in range(repeat):                               # turn about: both see the same load of the machine
        for fn, t in zip(fns, ts):
            t0 = time.perf_counter()
            fn()
            t.append(time.perf_counter() - t0)
    return [(min(t), float(np.median(t))) for t in ts]


def ae_pair(preset: str, threads: int, tmp: Path) -> tuple:
    "Scoring functions (waves -> scores) of an autoencoder of `preset`: PyTorch's and ONNX Runtime's."
    import numpy as np, torch, onnxruntime as ort
    from asd_nb.baselines import AECfg, AENet, Vectors, clip_scores
    from asd_nb.features import logmel
    from asd_nb.onnx import AEScores, ae_finish, ae_outputs, _export
    cfg = AECfg.preset(preset)
    net, lm = AENet(cfg).eval(), cfg.logmel_cfg()
    prec = {'source': np.eye(cfg.n_mels), 'target': np.eye(cfg.n_mels)}

    @torch.no_grad()
    def torch_fn(waves):                                  # Detector._score_ae
        vec = Vectors([logmel(torch.from_numpy(w), lm).numpy() for w in waves], cfg.n_frames)
        return clip_scores(net, vec, prec, cfg.mahala_reduce)

    f = tmp/f'ae-{preset}.onnx'
    dims = {0: torch.export.Dim('batch', min=1, max=4096), 1: torch.export.Dim('samples', min=4096, max=1 << 26)}
    _export(AEScores(net, cfg), torch.randn(2, 4 * lm.n_fft + 7) * 0.1, f, dims, ae_outputs(cfg))
    s = session(f, threads)
    ort_fn = lambda waves: ae_finish(s.run(None, {'samples': np.stack(waves)}), prec, cfg.mahala_reduce)
    return torch_fn, ort_fn, dict(members=1, params=sum(p.numel() for p in net.parameters()))


def adacos_pair(preset: str, threads: int, tmp: Path, length: int) -> tuple:
    "Embedding functions (waves -> unit embeddings) of an AdaCos ensemble of `preset`: PyTorch's and ONNX Runtime's."
    import numpy as np, torch
    from asd_nb.adacos import AdaCosCfg, AdaCosNet
    from asd_nb.core import l2_normalize
    from asd_nb.onnx import EnsembleEmbed, ADACOS_OUTPUTS, _export
    cfg = AdaCosCfg.preset(preset)
    nets = [AdaCosNet(length, 16, cfg, seed=k).eval() for k in range(cfg.ensemble)]

    @torch.no_grad()
    def torch_fn(waves):                                  # Detector.embed
        x = torch.from_numpy(np.stack(waves))
        return np.stack([l2_normalize(n.embed(x).numpy(), dtype=np.float64) for n in nets])

    f = tmp/f'ensemble-{preset}.onnx'
    _export(EnsembleEmbed(nets), torch.randn(2, length) * 0.1, f, {0: torch.export.Dim('batch', min=1, max=4096)},
            ADACOS_OUTPUTS)
    s = session(f, threads)
    ort_fn = lambda waves: s.run(None, {'samples': np.stack(waves)})[0]
    params = sum(p.numel() for n in nets for p in n.parameters() if p is not n.head.W)
    return torch_fn, ort_fn, dict(members=cfg.ensemble, params=params)


def session(f: Path, threads: int):
    import onnxruntime as ort
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.add_session_config_entry('session.intra_op.allow_spinning', '0')   # idle threads do not slow torch's turn
    return ort.InferenceSession(str(f), opts, providers=['CPUExecutionProvider'])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--presets', nargs='+', default=['demo', 'paper'])
    p.add_argument('--models', nargs='+', default=['AE', 'AdaCos'], choices=['AE', 'AdaCos'])
    p.add_argument('--batch', type=int, default=8, help='clips per call for the throughput')
    p.add_argument('--repeat', type=int, default=5, help='timed calls per number (the fastest counts)')
    p.add_argument('--threads', type=int, default=1, help='threads of both runtimes')
    p.add_argument('--seconds', type=float, default=10.0, help='clip length')
    p.add_argument('--out', help='write the table as CSV')
    a = p.parse_args(argv)
    import numpy as np, pandas as pd, torch, onnxruntime as ort
    torch.set_num_threads(a.threads)
    length = int(a.seconds * 16000)
    rng = np.random.default_rng(0)
    waves = [(0.1 * rng.standard_normal(length)).astype(np.float32) for _ in range(a.batch)]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for preset in a.presets:
            for model in a.models:
                t0 = time.perf_counter()
                fns = (ae_pair(preset, a.threads, Path(tmp)) if model == 'AE'
                       else adacos_pair(preset, a.threads, Path(tmp), length))
                print(f'{preset} {model}: built and exported in {time.perf_counter() - t0:.0f} s', flush=True)
                many = timed([lambda fn=fn: fn(waves) for fn in fns[:2]], a.repeat)
                one = timed([lambda fn=fn: fn(waves[:1]) for fn in fns[:2]], a.repeat)
                for runtime, (tb, tb_med), (t1, t1_med) in zip(('torch', 'onnxruntime'), many, one):
                    thr, lat = a.batch / tb, 1000 * t1
                    rows.append(dict(preset=preset, model=model, **fns[2], runtime=runtime, clip_s=a.seconds,
                                     batch=a.batch, threads=a.threads, clips_per_s=round(thr, 2),
                                     latency_ms=round(lat, 1), clips_per_s_median=round(a.batch / tb_med, 2),
                                     latency_ms_median=round(1000 * t1_med, 1)))
                    print(f'  {runtime:12s} {thr:8.2f} clips/s  {lat:8.1f} ms a clip', flush=True)
    df = pd.DataFrame(rows)
    df['versions'] = f'torch {torch.__version__.split("+")[0]}, onnxruntime {ort.__version__}'
    print(df.drop(columns='versions').to_string(index=False))
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(a.out, index=False)
        print(f'wrote {a.out}')


if __name__ == '__main__': main()
