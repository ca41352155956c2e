namespace Som.Mpi;

/// <summary>
/// A pending non-blocking collective: the library's <c>MPI_Request</c>, an int in MPICH and a pointer in OpenMPI, held
/// in a pointer-sized slot either way (MPICH's int sits in its low half).
/// </summary>
/// <param name="Value">The request handle as the library wrote it.</param>
internal record struct MpiRequest(nint Value);
