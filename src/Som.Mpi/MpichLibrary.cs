namespace Som.Mpi;

/// <summary>
/// The MPICH ABI (<c>libmpich.so.12</c>): every handle is a 32-bit integer whose value is fixed by MPICH's
/// <c>mpi.h</c>, so the constants below are that header's.
/// </summary>
internal sealed unsafe class MpichLibrary : MpiLibrary
{
    private const int CommWorld = 0x44000000;
    private const int Int64 = 0x4c00083a;       // MPI_INT64_T
    private const int Double = 0x4c00080b;      // MPI_DOUBLE
    private const int Byte = 0x4c00010d;        // MPI_BYTE
    private const int Sum = 0x58000003;
    private const int Max = 0x58000001;
    private const int Min = 0x58000002;
    private const int ErrorsReturn = 0x54000001;
    private static readonly void* InPlace = (void*)-1;
    private static readonly void* StatusIgnore = (void*)1;

    private readonly delegate* unmanaged<int, int*, int> _commRank;
    private readonly delegate* unmanaged<int, int*, int> _commSize;
    private readonly delegate* unmanaged<int, int, int> _setErrhandler;
    private readonly delegate* unmanaged<int, int, int> _abort;
    private readonly delegate* unmanaged<void*, void*, int, int, int, int, int*, int> _iallreduce;
    private readonly delegate* unmanaged<void*, int, int, int, int, int*, int> _ibcast;
    private readonly delegate* unmanaged<int, int*, int> _ibarrier;
    private readonly delegate* unmanaged<int*, int*, void*, int> _test;

    /// <summary>Binds the handle-passing functions of MPICH loaded at <paramref name="handle"/>.</summary>
    public MpichLibrary(nint handle, string path) : base(handle, path)
    {
        _commRank = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_rank");
        _commSize = (delegate* unmanaged<int, int*, int>)Export("MPI_Comm_size");
        _setErrhandler = (delegate* unmanaged<int, int, int>)Export("MPI_Comm_set_errhandler");
        _abort = (delegate* unmanaged<int, int, int>)Export("MPI_Abort");
        _iallreduce = (delegate* unmanaged<void*, void*, int, int, int, int, int*, int>)Export("MPI_Iallreduce");
        _ibcast = (delegate* unmanaged<void*, int, int, int, int, int*, int>)Export("MPI_Ibcast");
        _ibarrier = (delegate* unmanaged<int, int*, int>)Export("MPI_Ibarrier");
        _test = (delegate* unmanaged<int*, int*, void*, int>)Export("MPI_Test");
    }

    /// <inheritdoc/>
    public override MpiFlavor Flavor => MpiFlavor.Mpich;

    /// <inheritdoc/>
    public override int Rank()
    {
        int rank;
        Check(_commRank(CommWorld, &rank), "MPI_Comm_rank");
        return rank;
    }

    /// <inheritdoc/>
    public override int Size()
    {
        int size;
        Check(_commSize(CommWorld, &size), "MPI_Comm_size");
        return size;
    }

    /// <inheritdoc/>
    public override void ReturnErrors() => Check(_setErrhandler(CommWorld, ErrorsReturn), "MPI_Comm_set_errhandler");

    /// <inheritdoc/>
    public override void Abort(int code) => _abort(CommWorld, code);

    /// <inheritdoc/>
    public override MpiRequest AllReduce(void* buffer, int count, MpiDatatype type, MpiOperation operation)
    {
        int request;
        Check(_iallreduce(InPlace, buffer, count, TypeOf(type), OperationOf(operation), CommWorld, &request), "MPI_Iallreduce");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override MpiRequest Broadcast(void* buffer, int count, int root)
    {
        int request;
        Check(_ibcast(buffer, count, Byte, root, CommWorld, &request), "MPI_Ibcast");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override MpiRequest Barrier()
    {
        int request;
        Check(_ibarrier(CommWorld, &request), "MPI_Ibarrier");
        return new MpiRequest(request);
    }

    /// <inheritdoc/>
    public override bool Test(ref MpiRequest request)
    {
        int handle = (int)request.Value, flag;
        Check(_test(&handle, &flag, StatusIgnore), "MPI_Test");
        request = new MpiRequest(handle);
        return flag != 0;
    }

    private static int TypeOf(MpiDatatype type) => type switch
    {
        MpiDatatype.Int64 => Int64,
        MpiDatatype.Double => Double,
        _ => Byte,
    };

    private static int OperationOf(MpiOperation operation) => operation switch
    {
        MpiOperation.Sum => Sum,
        MpiOperation.Max => Max,
        _ => Min,
    };
}
