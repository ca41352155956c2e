#!/usr/bin/env bash
# The comparison harness (README.md beside this file): the same job — data, map, topology, neighbourhood,
# epochs, schedule and the same initial codebook through a file — trained by SomGpu and by each peer on this
# machine; every final codebook becomes a SomGpu model and is scored by `som evaluate`, then one table
# (OUT/compare.md) and one chart (OUT/compare.png).
#
#   benchmarks/compare/run.sh --data fashion-mnist:all --map 32x32 --epochs 10 --out DIR
#
# Options (defaults in brackets): --data fashion-mnist|fashion-mnist:all [fashion-mnist:all], --limit N [all],
# --map WxH [32x32], --topology hex|rect [hex], --neighborhood gaussian|bubble [gaussian], --epochs T [10],
# --sigma-start S [max(1, max(W,H)/4)], --sigma-end S [0.5], --seed N [1], --cores N [all], --k K [10],
# --peers LIST [somgpu,kohonen-batch,kohonen-pbatch,minisom,somoclu,kmeans], --reuse (keep a peer's earlier
# result in OUT when its recorded command is the same), --out DIR (required).
# SOM may name the som command to use (e.g. "dotnet /path/som.dll"); else src/Som.Runner is built in Release.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

die() { echo "error: $*" >&2; exit 2; }

data=fashion-mnist:all; limit=""; map=32x32; topology=hex; neighborhood=gaussian; epochs=10
sigma_start=""; sigma_end=0.5; seed=1; cores=$(nproc); k=10; out=""; reuse=0
peers=somgpu,kohonen-batch,kohonen-pbatch,minisom,somoclu,kmeans
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=${2:?}; shift 2 ;;
    --limit) limit=${2:?}; shift 2 ;;
    --map) map=${2:?}; shift 2 ;;
    --topology) topology=${2:?}; shift 2 ;;
    --neighborhood) neighborhood=${2:?}; shift 2 ;;
    --epochs) epochs=${2:?}; shift 2 ;;
    --sigma-start) sigma_start=${2:?}; shift 2 ;;
    --sigma-end) sigma_end=${2:?}; shift 2 ;;
    --seed) seed=${2:?}; shift 2 ;;
    --cores) cores=${2:?}; shift 2 ;;
    --k) k=${2:?}; shift 2 ;;
    --peers) peers=${2:?}; shift 2 ;;
    --reuse) reuse=1; shift ;;
    --out) out=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "$1: unknown option: expected one of --data --limit --map --topology --neighborhood --epochs --sigma-start --sigma-end --seed --cores --k --peers --reuse --out" ;;
  esac
done
[ -n "$out" ] || die "--out: missing: expected the folder for the results"
[[ "$map" =~ ^([1-9][0-9]*)x([1-9][0-9]*)$ ]] || die "--map $map: expected WIDTHxHEIGHT with both at least 1 (e.g. 32x32)"
width=${BASH_REMATCH[1]}; height=${BASH_REMATCH[2]}
[[ "$epochs" =~ ^[1-9][0-9]*$ ]] || die "--epochs $epochs: expected a whole number, 1 or more"
[[ -z "$limit" || "$limit" =~ ^[1-9][0-9]*$ ]] || die "--limit $limit: expected a whole number, 1 or more"
[[ "$cores" =~ ^[1-9][0-9]*$ ]] || die "--cores $cores: expected a whole number, 1 or more"
[[ "$k" =~ ^[1-9][0-9]*$ ]] || die "--k $k: expected a whole number, 1 or more"
case "$topology" in hex) ktopo=hexagonal; grid_metric=euclidean ;; rect) ktopo=rectangular; grid_metric=chebyshev ;;
  *) die "--topology $topology: expected hex or rect" ;; esac
case "$neighborhood" in gaussian|bubble) ;; *) die "--neighborhood $neighborhood: expected gaussian or bubble (the two kohonen has)" ;; esac
case "$data" in fashion-mnist|fashion-mnist:all) ;; *) die "--data $data: expected fashion-mnist or fashion-mnist:all" ;; esac
IFS=, read -r -a peer_list <<< "$peers"
for p in "${peer_list[@]}"; do
  case "$p" in somgpu|kohonen-batch|kohonen-pbatch|minisom|somoclu|kmeans) ;;
    *) die "--peers: $p: expected somgpu, kohonen-batch, kohonen-pbatch, minisom, somoclu or kmeans" ;; esac
done
# SomGpu's default start radius; the end is the same for both sides (README.md, "Schedules").
[ -n "$sigma_start" ] || sigma_start=$(awk -v w="$width" -v h="$height" 'BEGIN { m = (w > h ? w : h) / 4; print (m < 1 ? 1 : m) }')
# kohonen's radius r(m) = r0 - (r0 - r1)·m/T never reaches r1; the r1 that makes its last epoch r(T-1) = sigma_end,
# so that both run σ_e = σ0 + (σend - σ0)·e/(T - 1), e = 0 … T-1.
r1=$(awk -v s="$sigma_start" -v e="$sigma_end" -v t="$epochs" 'BEGIN { printf "%.17g", (t == 1 ? e : s - (s - e) * t / (t - 1)) }')

py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || die "python3: not found: expected Python 3 with NumPy (Debian python3-numpy)"
"$py" -c 'import numpy' 2>/dev/null || die "$py: NumPy is not importable: expected Debian python3-numpy"
[ -x /usr/bin/time ] || die "/usr/bin/time: not found: expected GNU time (Debian time) for peak memory"

if [ -z "${SOM:-}" ]; then
  echo "build: src/Som.Runner (Release)"
  dotnet build "$root/src/Som.Runner" -c Release -v q -nologo > "${TMPDIR:-/tmp}/som-compare-build.$$.log" 2>&1 \
    || { cat "${TMPDIR:-/tmp}/som-compare-build.$$.log" >&2; die "dotnet build src/Som.Runner failed"; }
  rm -f "${TMPDIR:-/tmp}/som-compare-build.$$.log"
  SOM="dotnet $root/src/Som.Runner/bin/Release/net10.0/som.dll"
fi
read -r -a som <<< "$SOM"

mkdir -p "$out"
out=$(cd "$out" && pwd)
limit_args=(); [ -n "$limit" ] && limit_args=(--limit "$limit")
# `som evaluate` scores the test split of fashion-mnist (units labelled on the training split), and the first N
# of fashion-mnist:all (units labelled in-sample) — the same data for every peer.
eval_args=(); [ "$data" = fashion-mnist:all ] && eval_args=("${limit_args[@]}")

job="data=$data limit=${limit:-all} map=${width}x$height topology=$topology neighborhood=$neighborhood epochs=$epochs sigma=$sigma_start..$sigma_end seed=$seed"
echo "job: $job; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "prepare: the samples and the initial codebook, once (not timed as training)"
(cd "$root" && "$py" "$here/prepare.py" --data "$data" "${limit_args[@]}" --map "$map" --topology "$topology" --seed "$seed" --out "$out/data")

# run_peer NAME COMMAND…: runs COMMAND under GNU time into OUT/NAME (time.txt, stdout.txt, command.txt), or with
# --reuse keeps an earlier result whose command.txt is the same.
run_peer() {
  local name=$1; shift
  local dir="$out/$name"
  local cmd; cmd=$(printf '%q ' "$@")
  if [ "$reuse" = 1 ] && [ -f "$dir/done" ] && [ "$(cat "$dir/command.txt" 2>/dev/null)" = "$cmd" ]; then
    echo "$name: reused the result in $dir (same command)"
    return 0
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  printf '%s' "$cmd" > "$dir/command.txt"
  echo "$name: $cmd"
  if /usr/bin/time -v -o "$dir/time.txt" "$@" > "$dir/stdout.txt" 2>&1; then
    touch "$dir/done"
  else
    echo "$name: failed (exit $?), see $dir/stdout.txt" >&2
    tail -5 "$dir/stdout.txt" >&2
    return 1
  fi
}

skip() { mkdir -p "$out/$1"; rm -f "$out/$1/done"; printf '%s\n' "$2" > "$out/$1/skipped.txt"; echo "$1: skipped: $2"; }

evaluate() {
  local name=$1
  "${som[@]}" evaluate "$out/$name/model.som" --data "$data" "${eval_args[@]}" --silhouette-sample 1000 --seed "$seed" \
    --out "$out/$name/evaluation.json" > "$out/$name/evaluate.txt" 2>&1 || { cat "$out/$name/evaluate.txt" >&2; die "som evaluate failed for $name"; }
}

for p in "${peer_list[@]}"; do
  case "$p" in
    somgpu)
      run_peer somgpu "${som[@]}" train --data "$data" "${limit_args[@]}" --map "$map" --topology "$topology" --grid-metric "$grid_metric" \
        --neighborhood "$neighborhood" --sigma-schedule linear --sigma-start "$sigma_start" --sigma-end "$sigma_end" --epochs "$epochs" \
        --seed "$seed" --init-codebook "$out/data/init.csv" --no-report --out "$out/somgpu"
      evaluate somgpu ;;
    kohonen-batch|kohonen-pbatch)
      mode=${p#kohonen-}
      if ! command -v Rscript > /dev/null || ! Rscript -e 'suppressPackageStartupMessages(library(kohonen))' > /dev/null 2>&1; then
        skip "$p" "R package kohonen not installed (Debian r-cran-kohonen)"; continue
      fi
      # batch is kohonen's single-threaded batch map; pbatch its OpenMP one, on --cores cores.
      kcores=1; [ "$mode" = pbatch ] && kcores=$cores
      run_peer "$p" Rscript "$here/kohonen.R" "$out/data" "$mode" "$width" "$height" "$ktopo" "$neighborhood" "$sigma_start,$r1" \
        "$epochs" "$kcores" "$seed" "$out/$p"
      "${som[@]}" import "$out/$p/codebook.csv" --order kohonen --map "$map" --topology "$topology" --grid-metric "$grid_metric" \
        --epochs "$epochs" --out "$out/$p/model.som" > "$out/$p/import.txt" 2>&1 || { cat "$out/$p/import.txt" >&2; die "som import failed for $p"; }
      evaluate "$p" ;;
    minisom)
      if "$py" -c 'import minisom' > /dev/null 2>&1; then
        skip minisom "minisom is importable, but this harness has no MiniSom runner yet (none could be tested here)"
      else
        skip minisom "Python module minisom not importable (no Debian package; no pip index on this machine)"
      fi ;;
    somoclu)
      if command -v somoclu > /dev/null; then
        skip somoclu "somoclu is on PATH, but this harness has no Somoclu runner yet (none could be tested here)"
      else
        skip somoclu "somoclu not on PATH (no Debian package on this machine)"
      fi ;;
    kmeans)
      run_peer som-kmeans "${som[@]}" kmeans --data "$data" "${limit_args[@]}" --k "$k" --seed "$seed" --silhouette-sample 1000 --out "$out/som-kmeans"
      if "$py" -c 'import sklearn' > /dev/null 2>&1; then
        run_peer sklearn-kmeans "$py" "$here/kmeans.py" "$out/data" "$k" "$seed" "$out/sklearn-kmeans"
      else
        skip sklearn-kmeans "Python module sklearn not importable (Debian python3-sklearn)"
      fi ;;
  esac
done

"$py" "$here/table.py" "$out" --job "$job; $(nproc) cores, load average at the end $(cut -d' ' -f1-3 /proc/loadavg)" --som-kmeans-labels "$out/data"
echo "wrote $out/compare.md, $out/compare.png and $out/compare.json"
