#!/usr/bin/env bash
# Runs on the GPU machine from the repository root, with the folder made by publish.sh carried along, in one call:
# lists the devices, then `som bench --sweep`: every distance + BMU kernel cross-checked against the CPU engine on
# 10,000 Fashion-MNIST images, then timed on all 70,000 for 32x32, 64x64, 100x100, 128x128 and 256x256 maps (one
# table: ms per epoch, the distance stage's GFLOP/s and share of the FP32 peak, the other stages, the fastest
# kernel per map). Planned to take well under five minutes on an H100/H200.
# Results go to $OUT (the device tool's output folder) when set, else to gpu-carry/results.
set -euo pipefail
carry="${1:-gpu-carry}"
results="${OUT:-$carry/results}"
mkdir -p "$results"
export SOMGPU_DATA="$carry/data"
som="$carry/bin/som"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm --format=csv | tee "$results/gpu.txt" || true
"$som" devices | tee "$results/devices.txt"
# The share of peak is taken against the datasheet FP32 peak of a known chip (H100 SXM/PCIe/NVL, H200, A100), else
# against the FMA kernel's measurement; PEAK_GFLOPS overrides both. The FMA kernel's figure is printed either way.
peak=()
if [[ -n "${PEAK_GFLOPS:-}" ]]; then peak=(--peak-gflops "$PEAK_GFLOPS"); fi
"$som" bench --sweep --data fashion-mnist:all --device cuda --repeat 3 --check-limit 10000 "${peak[@]}" \
  --out "$results/sweep.json" 2>&1 | tee "$results/sweep.txt"
