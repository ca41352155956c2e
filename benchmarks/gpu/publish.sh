#!/usr/bin/env bash
# Prepares what a GPU machine (no .NET, no network) needs: a trimmed self-contained single-file `som` and the
# four Fashion-MNIST files, in one folder that git ignores (default: gpu-carry/ at the repository root).
# Then run benchmarks/gpu/run.sh there (carry the folder along): it runs `som bench --sweep` in one call.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/gpu-carry}"
mkdir -p "$out/data"
"$root/data-scripts/get-fashion-mnist.sh" "$out/data/fashion-mnist"
# Trimming keeps only reachable code; ILGPU compiles kernels from IL at run time, so whole assemblies are kept
# (see GPU.md). Trim-analysis warnings are expected there and are not errors for this build.
dotnet publish "$root/src/Som.Runner" -c Release -r linux-x64 --self-contained true \
  -p:PublishSingleFile=true -p:EnableCompressionInSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true \
  -p:PublishTrimmed=true -p:TrimForGpuCarry=true -p:TreatWarningsAsErrors=false -p:SuppressTrimAnalysisWarnings=true \
  -o "$out/bin" >&2
du -sh "$out" >&2
echo "$out"
