namespace Som.Mpi;

/// <summary>The element types the collectives move.</summary>
internal enum MpiDatatype
{
    /// <summary><c>MPI_INT64_T</c> (a C# <see cref="long"/>).</summary>
    Int64,

    /// <summary><c>MPI_DOUBLE</c>.</summary>
    Double,

    /// <summary><c>MPI_BYTE</c>.</summary>
    Byte,
}
