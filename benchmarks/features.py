#!/usr/bin/env python
"""Benchmark: log-mel frame vectors of 10 s, 16 kHz clips — asd_nb against the official DCASE baseline's librosa path.

Times, per clip and in one run:
  * librosa   — the official baseline's `file_to_vectors` without the file read: `librosa.feature.melspectrogram`
                (n_fft 1024, hop 512, 128 mels, power 2), `20/power*log10(max(mel, eps))`, and the loop over the
                5 frames that fills a float64 (n_vectors, 640) array; one clip at a time, as the baseline does;
  * asd_nb 1  — `frame_vectors(logmel(x))` one clip at a time;
  * asd_nb B  — the same on batches of `--batch` clips (how asd_nb's feature cache computes them);
  * torchaudio — for reference, `torchaudio.transforms.MelSpectrogram` + log + `frame_vectors` on the same
                batches (how asd_nb computed log-mels before its own implementation).
Then where the time goes: each path split into its stages (framing and FFT, power, mel filterbank, log,
frame vectors).
Reading the wav files is excluded from all three paths (the waveforms are in memory); the time to read one
file (soundfile, and librosa.load as the baseline calls it) is printed separately, to add to both sides.
It also checks that both paths give the same numbers: the largest absolute difference of the vectors in dB.

librosa is not a dependency of asd_nb: if it is missing, this script installs it with pip into the current
environment (or, with --no-install, says how to).

Usage: python benchmarks/features.py [--clips 64] [--batch 64] [--repeat 5] [--threads N] [--no-install]
"""
import argparse, importlib, os, subprocess, sys, tempfile, time
from pathlib import Path


def ensure_librosa(install: bool = True):
    try: return importlib.import_module('librosa')
    except ImportError: pass
    if not install:
        sys.exit('librosa is not installed: run `pip install librosa` (it is needed by this benchmark only)')
    print('librosa is not installed; installing it into this environment for the benchmark (pip install librosa) ...',
          flush=True)
    subprocess.run([sys.executable, '-m', 'pip', 'install', '-q', 'librosa'], check=True)
    importlib.invalidate_caches()
    return importlib.import_module('librosa')


def official_vectors(librosa, y, sr=16000, n_mels=128, n_frames=5, n_fft=1024, hop_length=512, power=2.0):
    "The DCASE baseline's feature path (its `file_to_vectors` after loading the file)."
    import numpy as np
    dims = n_mels * n_frames
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=n_fft, hop_length=hop_length, n_mels=n_mels, power=power)
    logmel = 20.0 / power * np.log10(np.maximum(mel, sys.float_info.epsilon))
    n_vectors = len(logmel[0, :]) - n_frames + 1
    if n_vectors < 1: return np.empty((0, dims))
    vectors = np.zeros((n_vectors, dims))
    for t in range(n_frames):
        vectors[:, n_mels * t: n_mels * (t + 1)] = logmel[:, t: t + n_vectors].T
    return vectors


def make_clips(n: int, seconds: float = 10.0, sr: int = 16000, seed: int = 0):
    "`n` machine-like test clips: a few harmonics with drifting amplitude, a band of noise, and silence at the start."
    import numpy as np
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * sr)) / sr
    out = []
    for _ in range(n):
        f0 = rng.uniform(60, 400)
        x = sum(rng.uniform(.05, .3) * np.sin(2*np.pi*f0*k*t + rng.uniform(0, 2*np.pi)) for k in range(1, 6))
        x = x * (1 + .3*np.sin(2*np.pi*rng.uniform(.1, 1)*t)) + rng.normal(0, rng.uniform(.01, .1), len(t))
        x[:int(.05*sr)] = 0                               # a silent start: the eps floor of the log
        out.append((x / np.abs(x).max() * .8).astype(np.float32))
    return np.stack(out)


def best(fn, repeat: int):
    "Smallest and median wall time of `repeat` calls of `fn` (after one warm-up call)."
    import numpy as np
    fn()
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return min(ts), float(np.median(ts))


def _vectors_loop(L, n_frames=5):
    "The baseline's frame vectors: `n_frames` consecutive frames side by side, one float64 row each."
    import numpy as np
    n_mels, nv = L.shape[0], L.shape[1] - n_frames + 1
    v = np.zeros((nv, n_mels * n_frames))
    for t in range(n_frames): v[:, n_mels * t: n_mels * (t + 1)] = L[:, t: t + nv].T
    return v


def stages(librosa, X, Xt, cfg, repeat):
    "Per-clip time of each stage of the librosa path (one clip at a time) and of asd_nb's `logmel` (4 clips at a time)."
    import numpy as np, torch
    from asd_nb.features import _frames, _mel_consts
    x, n = X[0], min(len(X), 16)
    eps = sys.float_info.epsilon
    S = np.abs(librosa.stft(x, n_fft=1024, hop_length=512)) ** 2
    fb = librosa.filters.mel(sr=16000, n_fft=1024, n_mels=128)
    M = fb @ S
    L = 10 * np.log10(np.maximum(M, eps))
    lib = [('STFT (pad, frames, window, FFT)', lambda: librosa.stft(x, n_fft=1024, hop_length=512)),
           ('power |X|^2', lambda: np.abs(librosa.stft(x, n_fft=1024, hop_length=512)) ** 2),
           ('mel filterbank (built on every call)', lambda: librosa.filters.mel(sr=16000, n_fft=1024, n_mels=128)),
           ('mel product (dense 128 x 513)', lambda: fb @ S),
           ('log10', lambda: 10 * np.log10(np.maximum(M, eps))),
           ('frame vectors (float64 loop)', lambda: _vectors_loop(L))]
    print('\nwhere the time goes, librosa path (ms per clip; the power line includes the STFT):')
    for name, fn in lib: print(f'  {name:40s} {best(fn, repeat)[0] * 1e3:8.3f}')
    w, parts = _mel_consts(cfg, 'cpu')
    xb = Xt[:4]
    fr = _frames(xb, cfg.n_fft, cfg.hop, w, cfg.pad_mode)
    Z = torch.fft.rfft(fr)
    R = torch.view_as_real(Z)
    P = R[..., 0].square().addcmul_(R[..., 1], R[..., 1])
    def mel():
        Mb = P.new_empty(P.shape[:-1] + (cfg.n_mels,))
        for a_, b_, lo, hi, f in parts: Mb[..., a_:b_] = P[..., lo:hi] @ f
        return Mb
    Mb = mel()
    Lb = torch.log10(Mb.clamp_min(eps)).mul_(10).transpose(1, 2).contiguous()
    from asd_nb.features import frame_vectors
    ours = [('frames x window (edges padded)', lambda: _frames(xb, cfg.n_fft, cfg.hop, w, cfg.pad_mode)),
            ('real FFT', lambda: torch.fft.rfft(fr)),
            ('power Re^2 + Im^2', lambda: R[..., 0].square().addcmul_(R[..., 1], R[..., 1])),
            ('mel product (8 band blocks)', mel),
            ('log10 + transpose', lambda: torch.log10(Mb.clamp_min(eps)).mul_(10).transpose(1, 2).contiguous()),
            ('frame vectors (copy)', lambda: frame_vectors(Lb))]
    print('where the time goes, asd_nb logmel + frame_vectors (ms per clip, 4 clips at a time):')
    for name, fn in ours: print(f'  {name:40s} {best(fn, repeat)[0] / len(xb) * 1e3:8.3f}')


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--clips', type=int, default=64, help='number of 10 s clips')
    ap.add_argument('--batch', type=int, default=64, help='batch size of the batched asd_nb path')
    ap.add_argument('--repeat', type=int, default=5, help='timed repetitions (the fastest is reported, and the median)')
    ap.add_argument('--threads', type=int, default=None, help='torch threads (default: torch\'s own choice)')
    ap.add_argument('--no-install', action='store_true', help='do not pip-install librosa if it is missing')
    a = ap.parse_args(argv)

    librosa = ensure_librosa(not a.no_install)
    import numpy as np, soundfile as sf, torch
    from asd_nb.features import LogMelCfg, logmel, frame_vectors
    if a.threads: torch.set_num_threads(a.threads)

    X = make_clips(a.clips)
    n = len(X)
    print(f'{n} clips of {X.shape[1] / 16000:.0f} s at 16 kHz; {os.cpu_count()} CPUs, torch {torch.__version__} '
          f'with {torch.get_num_threads()} threads, librosa {librosa.__version__}, numpy {np.__version__}')
    print('reading the wav files is excluded from every path (see the read times below)\n')

    Xt = torch.from_numpy(X)
    cfg = LogMelCfg()
    lib = lambda: [official_vectors(librosa, x) for x in X]
    one = lambda: [frame_vectors(logmel(x, cfg)).numpy() for x in Xt]
    bat = lambda: [frame_vectors(logmel(Xt[i:i + a.batch], cfg)).numpy() for i in range(0, n, a.batch)]

    # same numbers?
    V_lib, V_one, V_bat = lib(), one(), np.concatenate(bat())
    d1 = max(float(np.abs(v - w).max()) for v, w in zip(V_lib, V_one))
    d2 = float(np.abs(np.stack(V_lib) - V_bat).max())
    print(f'vectors per clip: {V_lib[0].shape} (librosa) vs {V_one[0].shape} (asd_nb); '
          f'max |difference|: {d1:.2e} dB (one at a time), {d2:.2e} dB (batched)')
    if V_lib[0].shape != V_one[0].shape or max(d1, d2) > 1e-2:
        print('!! the two paths disagree')

    import torchaudio
    ta = torchaudio.transforms.MelSpectrogram(16000, n_fft=1024, hop_length=512, n_mels=128, power=2.0, center=True,
                                              pad_mode='constant', norm='slaney', mel_scale='slaney')
    def ta_path():
        with torch.no_grad():
            return [frame_vectors(10 * torch.log10(ta(Xt[i:i + a.batch]).clamp_min(sys.float_info.epsilon))).numpy()
                    for i in range(0, n, a.batch)]

    rows = []
    for name, fn in (('librosa (official path), one clip at a time', lib),
                     ('asd_nb, one clip at a time', one),
                     (f'asd_nb, batches of {a.batch}', bat),
                     (f'torchaudio MelSpectrogram, batches of {a.batch}', ta_path)):
        t, med = best(fn, a.repeat)
        rows.append((name, t / n * 1e3, med / n * 1e3))
    ref = rows[0][1]
    print(f'\n{"path":48s} {"ms/clip":>9s} {"(median)":>9s} {"speed-up":>9s}')
    for name, ms, med in rows:
        print(f'{name:48s} {ms:9.3f} {med:9.3f} {ref / ms:8.1f}x')

    stages(librosa, X, Xt, cfg, a.repeat)

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / 'clip.wav'
        sf.write(p, X[0], 16000, subtype='PCM_16')
        t_sf, _ = best(lambda: sf.read(p, dtype='float32'), a.repeat * 4)
        t_lr, _ = best(lambda: librosa.load(p, sr=None, mono=True), a.repeat * 4)
    print(f'\nreading one 10 s wav file (not included above): soundfile {t_sf * 1e3:.3f} ms, '
          f'librosa.load(sr=None) {t_lr * 1e3:.3f} ms')
    return rows


if __name__ == '__main__':
    main()
