namespace Som.Tests.Mpi;

/// <summary>A fact that needs MPICH's and OpenMPI's launchers: skipped, saying what to install, where they are missing.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class MpiFactAttribute : FactAttribute
{
    /// <summary>Skips when <see cref="MpiLaunchers.Missing"/> has a reason.</summary>
    public MpiFactAttribute()
    {
        if (MpiLaunchers.Missing is { } reason) Skip = reason;
    }
}
