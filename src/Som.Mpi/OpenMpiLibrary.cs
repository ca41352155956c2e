namespace Som.Mpi;

/// <summary>
/// The OpenMPI ABI (<c>libmpi.so.40</c>): a handle is the address of an object the library exports (OpenMPI's
/// <c>mpi.h</c> defines <c>MPI_COMM_WORLD</c> as <c>&amp;ompi_mpi_comm_world</c>), so each is looked up once with
/// <see cref="System.Runtime.InteropServices.NativeLibrary.GetExport"/>; a request is a pointer the library writes.
/// </summary>
internal sealed unsafe class OpenMpiLibrary : MpiLibrary
{
    private static readonly void* InPlace = (void*)1;
    private static readonly void* StatusIgnore = null;

    private readonly nint _commWorld, _int64, _double, _byte, _sum, _max, _min, _errorsReturn;
    private readonly delegate* unmanaged<nint, int*, int> _commRank;
    private readonly delegate* unmanaged<nint, int*, int> _commSize;
    private readonly delegate* unmanaged<nint, nint, int> _setErrhandler;
    private readonly delegate* unmanaged<nint, int, int> _abort;
    private readonly delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int> _iallreduce;
    private readonly delegate* unmanaged<void*, int, nint, int, nint, nint*, int> _ibcast;
    private readonly delegate* unmanaged<nint, nint*, int> _ibarrier;
    private readonly delegate* unmanaged<nint*, int*, void*, int> _test;

    /// <summary>Binds the handle-passing functions and the predefined handles of OpenMPI loaded at <paramref name="handle"/>.</summary>
    public OpenMpiLibrary(nint handle, string path) : base(handle, path)
    {
        _commWorld = Export("ompi_mpi_comm_world");
        _int64 = Export("ompi_mpi_int64_t");
        _double = Export("ompi_mpi_double");
        _byte = Export("ompi_mpi_byte");
        _sum = Export("ompi_mpi_op_sum");
        _max = Export("ompi_mpi_op_max");
        _min = Export("ompi_mpi_op_min");
        _errorsReturn = Export("ompi_mpi_errors_return");
        _commRank = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<nint, int*, int>)Export("MPI_Comm_size");
        _setErrhandler = (delegate* unmanaged<nint, nint, int>)Export("MPI_Comm_set_errhandler");
        _abort = (delegate* unmanaged<nint, int, int>)Export("MPI_Abort");
        _iallreduce = (delegate* unmanaged<void*, void*, int, nint, nint, nint, nint*, int>)Export("MPI_Iallreduce");
        _ibcast = (delegate* unmanaged<void*, int, nint, int, nint, nint*, int>)Export("MPI_Ibcast");
        _ibarrier = (delegate* unmanaged<nint, nint*, int>)Export("MPI_Ibarrier");
        _test = (delegate* unmanaged<nint*, int*, void*, int>)Export("MPI_Test");
    }

    /// <inheritdoc/>
    public override MpiFlavor Flavor => MpiFlavor.OpenMpi;

    /// <inheritdoc/>
    public override int Rank()
    {
        int rank;
        Check(_commRank(_commWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    /// <inheritdoc/>
    public override int Size()
    {
        int size;
        Check(_commSize(_commWorld, &size), "MPI_Comm_size");
        return size;
    }

    /// <inheritdoc/>
    public override void ReturnErrors() => Check(_setErrhandler(_commWorld, _errorsReturn), "MPI_Comm_set_errhandler");

    /// <inheritdoc/>
    public override void Abort(int code) => _abort(_commWorld, code);

    /// <inheritdoc/>
    public override MpiRequest AllReduce(void* buffer, int count, MpiDatatype type, MpiOperation operation)
    {
        nint request;
        Check(_iallreduce(InPlace, buffer, count, TypeOf(type), OperationOf(operation), _commWorld, &request), "MPI_Iallreduce");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override MpiRequest Broadcast(void* buffer, int count, int root)
    {
        nint request;
        Check(_ibcast(buffer, count, _byte, root, _commWorld, &request), "MPI_Ibcast");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override MpiRequest Barrier()
    {
        nint request;
        Check(_ibarrier(_commWorld, &request), "MPI_Ibarrier");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override bool Test(ref MpiRequest request)
    {
        nint handle = request.Value;
        int flag;
        Check(_test(&handle, &flag, StatusIgnore), "MPI_Test");
        request = new MpiRequest(handle);
        return flag != 0;
    }

    private nint TypeOf(MpiDatatype type) => type switch
    {
        MpiDatatype.Int64 => _int64,
        MpiDatatype.Double => _double,
        _ => _byte,
    };

    private nint OperationOf(MpiOperation operation) => operation switch
    {
        MpiOperation.Sum => _sum,
        MpiOperation.Max => _max,
        _ => _min,
    };
}
