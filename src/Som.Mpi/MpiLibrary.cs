using System.Runtime.InteropServices;
using System.Text;

namespace Som.Mpi;

/// <summary>
/// The few MPI C functions the communicator calls, bound by hand to one loaded library (<see cref="MpichLibrary"/> or
/// <see cref="OpenMpiLibrary"/>). The functions without handles are the same in both ABIs and live here; those that
/// pass a communicator, datatype, operation or request differ (MPICH passes 32-bit integers, OpenMPI pointers) and
/// each subclass binds them with its own signatures. Every call returns the MPI error code; a non-zero one becomes an
/// <see cref="MpiException"/> naming the function and the library's own message.
/// </summary>
internal abstract unsafe class MpiLibrary
{
    /// <summary><c>MPI_THREAD_SERIALIZED</c> (2 in both ABIs): any thread may call, one at a time.</summary>
    private const int ThreadSerialized = 2;

    private readonly delegate* unmanaged<int*, byte***, int, int*, int> _initThread;
    private readonly delegate* unmanaged<int*, int> _initialized;
    private readonly delegate* unmanaged<int*, int> _finalized;
    private readonly delegate* unmanaged<int> _finalize;
    private readonly delegate* unmanaged<int, byte*, int*, int> _errorString;
    private readonly delegate* unmanaged<byte*, int*, int> _libraryVersion;

    /// <summary>Binds the handle-free functions of the library loaded at <paramref name="handle"/>.</summary>
    protected MpiLibrary(nint handle, string path)
    {
        Handle = handle;
        Path = path;
        _initThread = (delegate* unmanaged<int*, byte***, int, int*, int>)Export("MPI_Init_thread");
        _initialized = (delegate* unmanaged<int*, int>)Export("MPI_Initialized");
        _finalized = (delegate* unmanaged<int*, int>)Export("MPI_Finalized");
        _finalize = (delegate* unmanaged<int>)Export("MPI_Finalize");
        _errorString = (delegate* unmanaged<int, byte*, int*, int>)Export("MPI_Error_string");
        _libraryVersion = (delegate* unmanaged<byte*, int*, int>)Export("MPI_Get_library_version");
    }

    /// <summary>Which ABI this binding speaks.</summary>
    public abstract MpiFlavor Flavor { get; }

    /// <summary>The library file as it was loaded.</summary>
    public string Path { get; }

    /// <summary>The loaded library.</summary>
    protected nint Handle { get; }

    /// <summary>Loads the library of <paramref name="launch"/> and binds it with that flavor's ABI.</summary>
    /// <exception cref="MpiException">The library cannot be loaded, or lacks a function the binding needs.</exception>
    public static MpiLibrary Load(MpiLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!NativeLibrary.TryLoad(launch.Library, out nint handle))
        {
            string package = launch.Flavor == MpiFlavor.Mpich ? "mpich (Debian: apt-get install mpich)" : "openmpi-bin (Debian: apt-get install openmpi-bin)";
            throw new MpiException($"started by the {Describe(launch.Flavor)} launcher but {launch.Library} cannot be loaded: install {package}, "
                + $"or set {MpiLaunch.LibraryVariable} to the MPI library file");
        }
        try
        {
            return launch.Flavor == MpiFlavor.Mpich ? new MpichLibrary(handle, launch.Library) : new OpenMpiLibrary(handle, launch.Library);
        }
        catch (EntryPointNotFoundException e)
        {
            throw new MpiException($"{launch.Library} is not an {Describe(launch.Flavor)} library: {e.Message}", e);
        }
    }

    /// <summary>The flavor's name as users know it.</summary>
    public static string Describe(MpiFlavor flavor) => flavor == MpiFlavor.Mpich ? "MPICH" : "OpenMPI";

    /// <summary>The address of the exported symbol <paramref name="name"/>.</summary>
    /// <exception cref="EntryPointNotFoundException">The library does not export it.</exception>
    protected nint Export(string name) => NativeLibrary.GetExport(Handle, name);

    /// <summary><c>MPI_Init_thread</c> asking for <c>MPI_THREAD_SERIALIZED</c>; returns the level provided.</summary>
    public int Init()
    {
        int provided;
        Check(_initThread(null, null, ThreadSerialized, &provided), "MPI_Init_thread");
        return provided;
    }

    /// <summary><c>MPI_Initialized</c>.</summary>
    public bool Initialized()
    {
        int flag;
        Check(_initialized(&flag), "MPI_Initialized");
        return flag != 0;
    }

    /// <summary><c>MPI_Finalized</c>.</summary>
    public bool Finalized()
    {
        int flag;
        Check(_finalized(&flag), "MPI_Finalized");
        return flag != 0;
    }

    /// <summary><c>MPI_Finalize</c>.</summary>
    public void FinalizeMpi() => Check(_finalize(), "MPI_Finalize");

    /// <summary><c>MPI_Get_library_version</c>: the library's own first line, e.g. "MPICH Version: 4.0.2".</summary>
    public string Version()
    {
        // MPI_MAX_LIBRARY_VERSION_STRING is 8192 in MPICH and 256 in OpenMPI.
        var buffer = new byte[8192];
        int length;
        fixed (byte* b = buffer)
        {
            if (_libraryVersion(b, &length) != 0) return "unknown version";
        }
        string text = Encoding.UTF8.GetString(buffer, 0, Math.Clamp(length, 0, buffer.Length)).TrimEnd('\0');
        // The first line, up to its first comma ("MPICH Version:\t4.0.2", "Open MPI v4.1.4, package: …"), blanks made single spaces.
        string first = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        first = string.Join(' ', first.Split(',')[0].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return first.Length > 0 ? first : "unknown version";
    }

    /// <summary>The library's message for error code <paramref name="code"/>.</summary>
    public string ErrorString(int code)
    {
        // MPI_MAX_ERROR_STRING is 512 in MPICH and 256 in OpenMPI.
        var buffer = new byte[1024];
        int length;
        fixed (byte* b = buffer)
        {
            if (_errorString(code, b, &length) != 0) return $"MPI error {code}";
        }
        string text = Encoding.UTF8.GetString(buffer, 0, Math.Clamp(length, 0, buffer.Length)).TrimEnd('\0');
        return string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) is { Length: > 0 } line
            ? line : $"MPI error {code}";
    }

    /// <summary>Throws <see cref="MpiException"/> when <paramref name="code"/> is not <c>MPI_SUCCESS</c> (0 in both ABIs).</summary>
    protected void Check(int code, string function)
    {
        if (code != 0) throw new MpiException($"{function} failed: {ErrorString(code)} (MPI error {code})");
    }

    /// <summary><c>MPI_Comm_rank</c> of <c>MPI_COMM_WORLD</c>.</summary>
    public abstract int Rank();

    /// <summary><c>MPI_Comm_size</c> of <c>MPI_COMM_WORLD</c>.</summary>
    public abstract int Size();

    /// <summary>Sets <c>MPI_ERRORS_RETURN</c> on <c>MPI_COMM_WORLD</c>, so a failed call returns its code instead of ending the job.</summary>
    public abstract void ReturnErrors();

    /// <summary><c>MPI_Abort</c> on <c>MPI_COMM_WORLD</c>: ends every rank of the job with <paramref name="code"/>.</summary>
    public abstract void Abort(int code);

    /// <summary>
    /// <c>MPI_Iallreduce</c> in place (<c>MPI_IN_PLACE</c>) on <c>MPI_COMM_WORLD</c>: starts the reduction of
    /// <paramref name="count"/> elements at <paramref name="buffer"/>, which must stay pinned until the request completes.
    /// </summary>
    public abstract MpiRequest AllReduce(void* buffer, int count, MpiDatatype type, MpiOperation operation);

    /// <summary><c>MPI_Ibcast</c> of <paramref name="count"/> bytes from <paramref name="root"/> on <c>MPI_COMM_WORLD</c>.</summary>
    public abstract MpiRequest Broadcast(void* buffer, int count, int root);

    /// <summary><c>MPI_Ibarrier</c> on <c>MPI_COMM_WORLD</c>.</summary>
    public abstract MpiRequest Barrier();

    /// <summary><c>MPI_Test</c>: whether <paramref name="request"/> has completed (then the library has freed it).</summary>
    public abstract bool Test(ref MpiRequest request);
}
