#!/usr/bin/env python3
"""Collects one comparison (run.sh) into OUT/compare.md, OUT/compare.json and OUT/compare.png.

Every quality column of the SOM rows comes from `som evaluate` (OUT/<peer>/evaluation.json), the same code for
every peer. Times: seconds per epoch and training seconds as each tool measured its training call alone (SomGpu:
metrics.json; kohonen: system.time around supersom()), wall time, CPU time (user + system) and peak resident memory of
the whole process from GNU time (on a loaded machine the CPU time is the steadier of the two). The k-means rows: inertia and ARI against the labels are computed here for both tools from their
centres (each sample to its nearest centre, in double), so they too come from one piece of code.

  table.py OUT --job TEXT --som-kmeans-labels DATA_DIR
"""
import argparse
import hashlib
import json
import os
import re

import numpy as np

SOM_PEERS = [("somgpu", "SomGpu (CPU engine, batch)"), ("kohonen-batch", "R kohonen, mode=\"batch\""),
             ("kohonen-pbatch", "R kohonen, mode=\"pbatch\""), ("minisom", "MiniSom"), ("somoclu", "Somoclu")]
KMEANS_PEERS = [("som-kmeans", "som kmeans"), ("sklearn-kmeans", "scikit-learn KMeans")]


def gnu_time(path):
    text = open(path).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    cpu = sum(float(re.search(rf"{what} time \(seconds\): (\S+)", text).group(1)) for what in ("User", "System"))
    return seconds, rss / 1024.0, cpu


def read_som_weights(path):
    b = open(path, "rb").read()
    if b[:8] != b"SOMMODEL":
        raise ValueError(f"{path}: not a SomGpu model")
    version = int.from_bytes(b[8:12], "little")
    if version == 2:
        if hashlib.sha256(b[:-32]).digest() != b[-32:]:
            raise ValueError(f"{path}: does not match its SHA-256")
        b = b[:-32]
    n = int.from_bytes(b[12:16], "little")
    header = json.loads(b[16:16 + n].decode("utf-8"))
    w = np.frombuffer(b[16 + n:], dtype="<f4").reshape(header["width"] * header["height"], header["features"])
    return w


def assign(x, centres):
    """Nearest centre of every sample and the squared distance, in double, lowest index on ties."""
    c = centres.astype(np.float64)
    best = np.full(len(x), np.inf)
    label = np.zeros(len(x), dtype=np.int64)
    for start in range(0, len(x), 8192):
        xb = x[start:start + 8192].astype(np.float64)
        d = ((xb[:, None, :] - c[None, :, :]) ** 2).sum(axis=2)
        label[start:start + 8192] = d.argmin(axis=1)
        best[start:start + 8192] = d.min(axis=1)
    return label, best


def ari(a, b):
    """Adjusted Rand index (Hubert & Arabie 1985) from the contingency table."""
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1), dtype=np.int64)
    np.add.at(table, (ai, bi), 1)
    comb = lambda v: (v * (v - 1) / 2.0).sum()
    n = len(a)
    index, rows, cols = comb(table.astype(np.float64)), comb(table.sum(1).astype(np.float64)), comb(table.sum(0).astype(np.float64))
    expected = rows * cols / (n * (n - 1) / 2.0)
    top = 0.5 * (rows + cols) - expected
    return 1.0 if top == 0 else (index - expected) / top


def fmt(v, spec):
    return "" if v is None else format(v, spec)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--job", required=True)
    p.add_argument("--som-kmeans-labels", required=True, help="the data folder prepare.py wrote")
    a = p.parse_args()
    out = a.out
    rows, kmeans_rows = [], []
    for name, title in SOM_PEERS:
        d = os.path.join(out, name)
        if not os.path.isdir(d):
            continue
        if os.path.exists(os.path.join(d, "skipped.txt")):
            rows.append({"peer": title, "skipped": open(os.path.join(d, "skipped.txt")).read().strip()})
            continue
        wall, rss, cpu = gnu_time(os.path.join(d, "time.txt"))
        ev = json.load(open(os.path.join(d, "evaluation.json")))
        if name == "somgpu":
            m = json.load(open(os.path.join(d, "metrics.json")))
            epochs = m["seconds_per_epoch"]
            per_epoch, train = sum(epochs) / len(epochs), m["seconds_total_training"]
        else:
            t = json.load(open(os.path.join(d, "timing.json")))
            per_epoch, train = t["seconds_per_epoch"], t["train_seconds"]
        rows.append({"peer": title, "seconds_per_epoch": per_epoch, "train_seconds": train, "wall_seconds": wall,
                     "cpu_seconds": cpu, "peak_mib": rss, "qe": ev["quantization_error"], "te": ev["topographic_error"],
                     "purity": ev.get("purity"), "accuracy": ev.get("accuracy"), "evaluated_on": ev["data"]["name"],
                     "evaluated_samples": ev["data"]["samples"]})

    meta = json.load(open(os.path.join(a.som_kmeans_labels, "prepare.json")))
    x = y = None
    for name, title in KMEANS_PEERS:
        d = os.path.join(out, name)
        if not os.path.isdir(d):
            continue
        if os.path.exists(os.path.join(d, "skipped.txt")):
            kmeans_rows.append({"peer": title, "skipped": open(os.path.join(d, "skipped.txt")).read().strip()})
            continue
        if x is None:
            x = np.fromfile(os.path.join(a.som_kmeans_labels, "train.f32"), dtype="<f4").reshape(meta["samples"], meta["features"])
            y = np.fromfile(os.path.join(a.som_kmeans_labels, "train.labels"), dtype=np.uint8)
        wall, rss, cpu = gnu_time(os.path.join(d, "time.txt"))
        km = json.load(open(os.path.join(d, "kmeans.json")))
        if name == "som-kmeans":
            centres = read_som_weights(os.path.join(d, "centres.som"))
            r = km["results"][0]
            seconds, iterations, own = r["seconds"], r["iterations"], r["inertia"]
        else:
            centres = np.fromfile(os.path.join(d, "centres.f32"), dtype="<f4").reshape(km["k"], meta["features"])
            seconds, iterations, own = km["fit_seconds"], km["iterations"], km["inertia"]
        labels, dist = assign(x, centres)
        kmeans_rows.append({"peer": title, "k": len(centres), "seconds": seconds, "iterations": iterations,
                            "wall_seconds": wall, "cpu_seconds": cpu, "peak_mib": rss, "inertia": float(dist.sum()), "own_inertia": own,
                            "ari": ari(labels, y)})

    lines = [f"Job: {a.job}.", ""]
    lines += ["| peer | s / epoch | training s | wall s | process CPU s | peak MiB | QE | TE | purity | labelled-unit accuracy |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        if "skipped" in r:
            lines.append(f"| {r['peer']} | skipped: {r['skipped']} | | | | | | | | |")
            continue
        pct = lambda v: "" if v is None else f"{100 * v:.2f} %"
        lines.append(f"| {r['peer']} | {r['seconds_per_epoch']:.3f} | {r['train_seconds']:.2f} | {r['wall_seconds']:.2f} | "
                     f"{r['cpu_seconds']:.2f} | {r['peak_mib']:.0f} | {r['qe']:.4f} | {r['te']:.4f} | {pct(r['purity'])} | {pct(r['accuracy'])} |")
    evaluated = {(r["evaluated_on"], r["evaluated_samples"]) for r in rows if "skipped" not in r}
    if evaluated:
        on = ", ".join(f"{n} ({s} samples)" for n, s in sorted(evaluated))
        lines += ["", f"Quality columns: `som evaluate` on {on}, for every row."]
    if kmeans_rows:
        lines += ["", "| k-means | k | seconds | iterations | wall s | process CPU s | peak MiB | inertia | ARI vs labels |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in kmeans_rows:
            if "skipped" in r:
                lines.append(f"| {r['peer']} | skipped: {r['skipped']} | | | | | | | |")
                continue
            lines.append(f"| {r['peer']} | {r['k']} | {r['seconds']:.2f} | {r['iterations']} | {r['wall_seconds']:.2f} | "
                         f"{r['cpu_seconds']:.2f} | {r['peak_mib']:.0f} | {r['inertia']:.6g} | {r['ari']:.4f} |")
        lines += ["", "k-means inertia and ARI: each sample to its nearest centre in double, the same code for both rows."]
    with open(os.path.join(out, "compare.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(os.path.join(out, "compare.json"), "w") as f:
        json.dump({"job": a.job, "som": rows, "kmeans": kmeans_rows}, f, indent=2)
    chart([r for r in rows if "skipped" not in r], a.job, os.path.join(out, "compare.png"))
    print("\n".join(lines))


def chart(rows, job, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 4, figsize=(15, 3.8))
    names = [r["peer"].replace(", ", "\n") for r in rows]
    colours = ["#3b6ea8", "#c8553d", "#e0a458", "#6a994e", "#8e7dbe"][:len(rows)]
    panels = [("seconds per epoch (log)", [r["seconds_per_epoch"] for r in rows], True, "{:.3g}"),
              ("peak memory, MiB", [r["peak_mib"] for r in rows], False, "{:.0f}"),
              ("quantization error", [r["qe"] for r in rows], False, "{:.3f}"),
              ("labelled-unit accuracy, %", [100 * (r["accuracy"] or 0) for r in rows], False, "{:.1f}")]
    for ax, (title, values, log, label) in zip(axes, panels):
        bars = ax.bar(range(len(values)), values, color=colours)
        if log:
            ax.set_yscale("log")
        ax.set_title(title, fontsize=10)
        ax.set_xticks(range(len(values)))
        ax.set_xticklabels(names, fontsize=7)
        for bar, v in zip(bars, values):
            ax.annotate(label.format(v), (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
        ax.margins(y=0.15)
    fig.suptitle(job, fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


if __name__ == "__main__":
    main()
