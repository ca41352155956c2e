#!/usr/bin/env bash
# Everything a run and the tests need besides the .NET SDK: the Fashion-MNIST files (get-fashion-mnist.sh), the
# font the pictures are drawn with (get-fonts.sh), the headless browser the report test opens report.html in
# (get-browser.sh), the peers of the comparison harness (get-peers.sh: R kohonen, Python with NumPy) and MPICH and
# OpenMPI for the mpirun tests (get-mpi.sh; optional unless SOMGPU_REQUIRE_MPI=1). Safe to run again: it only verifies
# what is already in place.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/get-fashion-mnist.sh"
"$here/get-fonts.sh"
"$here/get-browser.sh"
"$here/get-peers.sh"
"$here/get-mpi.sh"
