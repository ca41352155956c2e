namespace Som.Mpi;

/// <summary>The reductions the collectives apply.</summary>
internal enum MpiOperation
{
    /// <summary><c>MPI_SUM</c>.</summary>
    Sum,

    /// <summary><c>MPI_MAX</c>.</summary>
    Max,

    /// <summary><c>MPI_MIN</c>.</summary>
    Min,
}
