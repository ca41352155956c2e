#!/usr/bin/env bash
# What the comparison harness (benchmarks/compare/run.sh) and its test need besides .NET: R's kohonen package
# (Debian r-cran-kohonen, the peer every machine here can install), Python 3 with NumPy and Matplotlib (the data
# files, the table and the chart), scikit-learn (the k-means peer) and GNU time (peak memory). Installs the Debian
# packages with apt-get when run as root and something is missing. Prints one line; exits 1 when kohonen or the
# Python side cannot be had (scikit-learn is optional: the harness lists it as skipped).
set -euo pipefail

py=/usr/bin/python3
have_kohonen() { command -v Rscript >/dev/null && Rscript -e 'suppressPackageStartupMessages(library(kohonen))' >/dev/null 2>&1; }
have_python() { [ -x "$py" ] && "$py" -c 'import numpy, matplotlib' >/dev/null 2>&1; }
have_all() { have_kohonen && have_python && [ -x /usr/bin/time ] && "$py" -c 'import sklearn' >/dev/null 2>&1; }

packages="r-cran-kohonen python3-numpy python3-matplotlib python3-sklearn time"
if ! have_all && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages >/dev/null 2>&1; } || true
fi
if ! have_kohonen; then
  echo "get-peers: R package kohonen not found: install Debian r-cran-kohonen" >&2
  exit 1
fi
if ! have_python || [ ! -x /usr/bin/time ]; then
  echo "get-peers: $py with NumPy and Matplotlib, and /usr/bin/time, are needed: install python3-numpy python3-matplotlib time" >&2
  exit 1
fi
echo "peers: R kohonen $(Rscript -e 'cat(as.character(packageVersion("kohonen")))'), Python $("$py" -c 'import sys; print(sys.version.split()[0])')$("$py" -c 'import sklearn; print(", scikit-learn", sklearn.__version__)' 2>/dev/null || echo ", no scikit-learn")"
