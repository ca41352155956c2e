#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, with the folder made by publish.sh carried along:
# lists the devices, cross-checks CUDA against the CPU engine on Fashion-MNIST, and times batch epochs on all
# 70,000 images for 32x32, 64x64, 100x100 and 128x128 maps (ms per epoch, GFLOP/s of the distance stage).
# Results go to $OUT (the device tool's output folder) when set, else to gpu-carry/results.
set -euo pipefail
carry="${1:-gpu-carry}"
results="${OUT:-$carry/results}"
mkdir -p "$results"
export SOMGPU_DATA="$carry/data"
som="$carry/bin/som"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv | tee "$results/gpu.txt" || true
"$som" devices | tee "$results/devices.txt"
# H100 SXM FP32 (non-tensor) peak from the datasheet; pass PEAK_GFLOPS to use a measured figure instead.
peak="${PEAK_GFLOPS:-67000}"
"$som" bench --data fashion-mnist:all --device cuda --maps 32x32,64x64,100x100,128x128 --repeat 5 \
  --check-limit 10000 --peak-gflops "$peak" --out "$results/bench-cuda.json" | tee "$results/bench-cuda.txt"
"$som" train --data fashion-mnist --device cuda --out "$results/fmnist-cuda" | tee "$results/train-cuda.txt"
