"""Checks `som cluster --method M` and `som hclust` trees against scipy (Debian: apt-get install python3-scipy).

    som cluster runs/fmnist/model.som --method ward --k 10 --pictures runs/fmnist/clusters
    /usr/bin/python3 benchmarks/hclust/scipy_check.py units runs/fmnist/model.som runs/fmnist/clusters/cluster-ward-10.json
    som hclust --data fashion-mnist --sample 5000 --method ward --k 10 --out runs/hclust
    /usr/bin/python3 benchmarks/hclust/scipy_check.py sample runs/hclust/hclust.json

Rebuilds the tree with scipy.cluster.hierarchy.linkage on the same points (the model's prototypes, or the sampled
training images) and prints how many merges join the same two clusters with the same size, the largest relative
height difference, and whether fcluster's cut at k gives the same partition.
"""
import gzip, json, sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage

if sys.argv[1] == "units":
    b = open(sys.argv[2], "rb").read()
    h = int.from_bytes(b[12:16], "little")
    header = json.loads(b[16:16 + h])
    X = np.frombuffer(b, "<f4", offset=16 + h, count=header["width"] * header["height"] * header["features"])
    X = X.reshape(header["width"] * header["height"], header["features"])
    doc = json.load(open(sys.argv[3]))
else:
    doc = json.load(open(sys.argv[2]))
    raw = gzip.open("data/fashion-mnist/train-images-idx3-ubyte.gz").read()
    X = np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / np.float32(255)
    X = X[np.array(doc["sample_indices"])]
Z = linkage(X.astype(np.float64), method=doc["method"], metric="euclidean")
ours = np.array(doc["merges"], dtype=np.float64)
pairs = np.sort(Z[:, :2], axis=1)
same = (pairs[:, 0] == ours[:, 0]) & (pairs[:, 1] == ours[:, 1]) & (Z[:, 3] == ours[:, 3])
rel = np.abs(Z[:, 2] - ours[:, 2]) / np.maximum(np.abs(Z[:, 2]), 1e-300)
k = doc["k"]
theirs = fcluster(Z, k, criterion="maxclust")
mine = fcluster(ours, k, criterion="maxclust")
same_cut = len(set(zip(theirs, mine))) == k == len(set(theirs))
print(f"{doc['method']}: {len(X)} points; {same.sum()} of {len(Z)} merges identical (pair and size); "
      f"max relative height difference {rel.max():.3g}; cut at k = {k} the same partition: {same_cut}")
