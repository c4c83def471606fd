#!/usr/bin/env python
"""Throughput, peak memory and the projected wall time of `--preset paper` on the real data, for every training stage.

    python benchmarks/scale.py [--device cuda] [--amp auto|on|off] [--workers N] [--steps 3] [--stages ...] [--quick] [--out DIR]

Each stage (autoencoder, DeepCluster feature pass, PCA + k-means, DeepCluster training, fine-tuning, AdaCos
training and embedding, DeepCluster on a 20 000-clip corpus read from disk) runs at the paper's settings on
inputs of the real size in its own process; the table multiplies the measured rates by the sizes of a DCASE
2024 / 2025 development run with its additional training set and by AudioSet's two million clips.
`--out DIR` writes the measurements, the tables and the run's settings there as CSV and JSON. The code and
its explanation are in nbs/15_scale.ipynb (asd_nb.scale); the measurement on two CPU cores is the study
nbs/studies/scale.ipynb, whose stored results this command writes:

    python benchmarks/scale.py --steps 2 --device cpu --out nbs/studies/stored/scale
"""
from asd_nb.scale import main

if __name__ == '__main__': main()
