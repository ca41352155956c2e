using System.Collections;
using System.Globalization;

namespace Som.Mpi;

/// <summary>
/// What the launcher that started this process says about it, read from the environment before any MPI library is
/// loaded: OpenMPI's <c>mpirun</c> sets <c>OMPI_COMM_WORLD_RANK</c> and <c>OMPI_COMM_WORLD_SIZE</c>; MPICH's Hydra
/// (<c>mpirun.mpich</c>, <c>mpiexec.hydra</c>) and Slurm's PMI set <c>PMI_RANK</c> and <c>PMI_SIZE</c>. A process
/// started by neither has no launch, and never loads MPI.
/// </summary>
/// <param name="Flavor">The ABI of the library to load.</param>
/// <param name="Rank">This process's rank as the launcher numbered it.</param>
/// <param name="Size">How many processes the launcher started.</param>
/// <param name="Library">The shared library to load: <see cref="LibraryVariable"/> when set, else the flavor's Debian soname.</param>
internal sealed record MpiLaunch(MpiFlavor Flavor, int Rank, int Size, string Library)
{
    /// <summary>Names another MPI library file of the detected flavor (e.g. a cluster's own MPICH-ABI build).</summary>
    public const string LibraryVariable = "SOMGPU_MPI_LIBRARY";

    /// <summary>MPICH's library, as Debian's <c>libmpich12</c> installs it.</summary>
    public const string MpichLibrary = "libmpich.so.12";

    /// <summary>OpenMPI's library, as Debian's <c>libopenmpi3</c> installs it.</summary>
    public const string OpenMpiLibrary = "libmpi.so.40";

    /// <summary>Whether a launcher's rank or size variable is set (without checking their values).</summary>
    public static bool InEnvironment() =>
        new[] { "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMI_SIZE" }.Any(v => Environment.GetEnvironmentVariable(v) is not null);

    /// <summary>The launch this process's environment describes, or null when no MPI launcher started it.</summary>
    public static MpiLaunch? FromEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            variables[(string)e.Key] = (string?)e.Value ?? "";
        return Detect(variables);
    }

    /// <summary>
    /// The launch <paramref name="environment"/> describes, or null when it names no launcher. OpenMPI's variables
    /// win when both sets are present (OpenMPI's launcher sets no <c>PMI_RANK</c>, so both means an OpenMPI job
    /// started from inside a Hydra one).
    /// </summary>
    /// <exception cref="InvalidOperationException">A launcher's variable that is not a rank below a positive size.</exception>
    public static MpiLaunch? Detect(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        (MpiFlavor Flavor, string RankName, string SizeName, string Library)? found =
            environment.ContainsKey("OMPI_COMM_WORLD_RANK") || environment.ContainsKey("OMPI_COMM_WORLD_SIZE")
                ? (MpiFlavor.OpenMpi, "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", OpenMpiLibrary)
            : environment.ContainsKey("PMI_RANK") || environment.ContainsKey("PMI_SIZE")
                ? (MpiFlavor.Mpich, "PMI_RANK", "PMI_SIZE", MpichLibrary)
            : null;
        if (found is not { } f) return null;
        int size = Number(environment, f.SizeName, 1);
        int rank = Number(environment, f.RankName, 0);
        if (rank >= size)
            throw new InvalidOperationException($"{f.RankName}={rank}: expected a rank below {f.SizeName}={size}");
        string library = environment.TryGetValue(LibraryVariable, out string? path) && path.Trim().Length > 0 ? path.Trim() : f.Library;
        return new MpiLaunch(f.Flavor, rank, size, library);
    }

    private static int Number(IReadOnlyDictionary<string, string> environment, string name, int least)
    {
        if (!environment.TryGetValue(name, out string? text))
            throw new InvalidOperationException($"{name} is not set: the MPI launcher sets it with the other variables it exports");
        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < least)
            throw new InvalidOperationException($"{name}='{text}': expected a whole number of at least {least}");
        return value;
    }
}
