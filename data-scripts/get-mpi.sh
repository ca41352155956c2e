#!/usr/bin/env bash
# Makes sure both MPI implementations the runner speaks are here: MPICH (mpirun.mpich, libmpich.so.12) and OpenMPI
# (mpirun, libmpi.so.40); the MPI tests (tests/Som.Tests/Mpi) run `mpirun -np N som …` under each. Installs Debian's
# mpich, libmpich-dev, openmpi-bin and libopenmpi-dev with apt-get when run as root and one is missing. Without them
# the MPI tests are skipped (they say why), so this script only fails when SOMGPU_REQUIRE_MPI=1 (as .ci/run sets it).
# Prints one line per implementation.
set -euo pipefail

packages=(mpich libmpich-dev openmpi-bin libopenmpi-dev)
# grep reads the whole list (no -q): with pipefail, grep -q leaving at the first match can end ldconfig with SIGPIPE
# and fail the check at random.
have_lib() { ldconfig -p | grep "$1" >/dev/null; }
have_mpich() { command -v mpirun.mpich >/dev/null && have_lib 'libmpich\.so\.12 '; }
have_openmpi() { command -v mpirun.openmpi >/dev/null && have_lib 'libmpi\.so\.40 '; }

if ! { have_mpich && have_openmpi; } && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  apt-get install -y "${packages[@]}" >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y "${packages[@]}" >/dev/null 2>&1; } || true
fi
missing=0
if have_mpich; then echo "mpi: MPICH at $(command -v mpirun.mpich)"; else echo "get-mpi: MPICH missing: apt-get install -y mpich libmpich-dev" >&2; missing=1; fi
if have_openmpi; then echo "mpi: OpenMPI at $(command -v mpirun.openmpi)"; else echo "get-mpi: OpenMPI missing: apt-get install -y openmpi-bin libopenmpi-dev" >&2; missing=1; fi
if [ "$missing" -ne 0 ] && [ "${SOMGPU_REQUIRE_MPI:-0}" = 1 ]; then exit 1; fi
exit 0
