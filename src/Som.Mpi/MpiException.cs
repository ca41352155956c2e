namespace Som.Mpi;

/// <summary>An MPI call that returned an error code (with <c>MPI_ERRORS_RETURN</c> set, the library reports rather than aborts).</summary>
internal sealed class MpiException : Exception
{
    /// <summary>An error with its one-line message.</summary>
    public MpiException(string message) : base(message)
    {
    }

    /// <summary>An error with its one-line message and cause.</summary>
    public MpiException(string message, Exception inner) : base(message, inner)
    {
    }

    /// <summary>An error without a message (for serializers; the binding always gives one).</summary>
    public MpiException() : base("MPI call failed")
    {
    }
}
