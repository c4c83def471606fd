#!/usr/bin/env python
"""One training step of the autoencoder against its matrix products alone, on the CPU.

    python benchmarks/ae_step.py [--threads 1 2] [--steps 300] [--out DIR]

The step is the one `train_ae` takes (forward, MSE loss, backward, `FlatAdam`) on a batch of 256 random
640-d vectors with the paper's model. The matrix products are those of the model's ten linear layers, each
three times: forward (x Wᵀ), the input gradient (g W) and the weight gradient (gᵀ x). Printed per thread
count: ms a step, ms of the products and their GFLOP/s. What the products take is the floor of any code
that trains this model at this batch size — the official baseline's as well. `--out DIR` appends the numbers to
DIR/step.csv (the file nbs/studies/ae_vs_official.ipynb reads).
"""
import argparse, time
from pathlib import Path
import pandas as pd
import torch, torch.nn.functional as F
from asd_nb.baselines import AENet, AECfg
from asd_nb.core import FlatAdam


def _ms(f, steps: int, warm: int = 30) -> float:
    for _ in range(warm): f()
    t = time.perf_counter()
    for _ in range(steps): f()
    return (time.perf_counter() - t) / steps * 1e3


def main(argv=None):
    p = argparse.ArgumentParser('ae_step', description=__doc__.split('\n\n')[0])
    p.add_argument('--threads', type=int, nargs='+', default=[1, 2])
    p.add_argument('--steps', type=int, default=300)
    p.add_argument('--out', default=None, help='append the results to step.csv in this folder')
    a = p.parse_args(argv)
    if a.steps < 1 or min(a.threads) < 1: p.error('--steps and --threads must be at least 1')
    cfg = AECfg()
    bs = cfg.batch_size
    rows = []
    for th in a.threads:
        torch.set_num_threads(th)
        torch.manual_seed(0)
        model = AENet(cfg)
        opt = FlatAdam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        x = torch.randn(bs, cfg.dim)
        def step():
            opt.zero_grad()
            F.mse_loss(model(x), x).backward()
            opt.step()
        Ws = [m.weight.detach().clone() for m in model.modules() if isinstance(m, torch.nn.Linear)]
        xs, gs = [torch.randn(bs, W.shape[1]) for W in Ws], [torch.randn(bs, W.shape[0]) for W in Ws]
        def products():
            for W, xi, g in zip(Ws, xs, gs):
                xi @ W.T
                g @ W
                g.T @ xi
        flop = sum(3 * 2 * bs * W.numel() for W in Ws)
        t_step, t_prod = _ms(step, a.steps), _ms(products, a.steps)
        print(f'{th} thread(s): step {t_step:.2f} ms, matrix products {t_prod:.2f} ms '
              f'({t_prod / t_step:.0%} of a step, {flop / t_prod / 1e6:.0f} GFLOP/s)')
        rows.append(dict(threads=th, step_ms=round(t_step, 2), products_ms=round(t_prod, 2),
                         gflops=round(flop / t_prod / 1e6, 1)))
    if a.out:
        out = Path(a.out)/'step.csv'
        out.parent.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(rows).to_csv(out, mode='a', header=not out.exists(), index=False)


if __name__ == '__main__': main()
