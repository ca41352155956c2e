using Som.Mpi;

namespace Som.Tests.Mpi;

/// <summary>
/// The binding's collectives on real jobs of both ABIs: <c>som mpi</c> checks every collective (int64 sum, double
/// max and min, a broadcast from each rank, barrier) at lengths 1, 31, 33, 127 and 1001, whole and in pieces of 7,
/// against the values each rank works out alone, and exits non-zero on any mismatch.
/// </summary>
public sealed class MpiCollectiveTests
{
    internal static MpiFlavor Flavor(string name) => name == "mpich" ? MpiFlavor.Mpich : MpiFlavor.OpenMpi;

    [MpiTheory]
    [InlineData("mpich", 2)]
    [InlineData("mpich", 3)]
    [InlineData("openmpi", 2)]
    [InlineData("openmpi", 3)]
    public void Every_collective_gives_the_expected_values_on_every_rank(string flavor, int ranks)
    {
        var (exit, stdout, stderr) = MpiLaunchers.Run(Flavor(flavor), ranks, ["mpi", "--repeat", "2", "--values", "1000"]);
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        string[] lines = stdout.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Rank 0 alone reports: one header, one check line, one timing line.
        Assert.Equal(3, lines.Length);
        Assert.StartsWith($"mpi: {(flavor == "mpich" ? "MPICH (libmpich.so.12" : "OpenMPI (libmpi.so.40")}", lines[0]);
        Assert.EndsWith($"), {ranks} ranks", lines[0]);
        Assert.EndsWith($"whole and in pieces of 7: ok on all {ranks} ranks", lines[1]);
        Assert.StartsWith("time (median of 2): barrier ", lines[2]);
        Assert.DoesNotContain("check failed", stderr);
    }
}
