namespace Som.Mpi;

/// <summary>The two MPI C ABIs the binding speaks; they differ in how handles are passed and in their constants.</summary>
internal enum MpiFlavor
{
    /// <summary>
    /// MPICH (Debian's <c>mpich</c>, <c>libmpich.so.12</c>; Intel MPI and Cray MPICH share the ABI): handles are
    /// 32-bit integers with fixed values (<c>mpich/mpi.h</c>).
    /// </summary>
    Mpich,

    /// <summary>
    /// OpenMPI (Debian's <c>openmpi-bin</c>, <c>libmpi.so.40</c>): handles are pointers to objects the library
    /// exports (<c>ompi_mpi_comm_world</c>, <c>ompi_mpi_double</c>, <c>ompi_mpi_op_sum</c>, …).
    /// </summary>
    OpenMpi,
}
