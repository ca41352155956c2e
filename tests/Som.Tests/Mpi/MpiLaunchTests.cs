using Som.Mpi;

namespace Som.Tests.Mpi;

/// <summary>Which launcher started the process, read from its environment alone (no MPI library is loaded to find out).</summary>
public sealed class MpiLaunchTests
{
    private static MpiLaunch? Detect(params (string Name, string Value)[] variables) =>
        MpiLaunch.Detect(variables.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void OpenMpi_variables_choose_libmpi_40()
    {
        var launch = Detect(("OMPI_COMM_WORLD_RANK", "2"), ("OMPI_COMM_WORLD_SIZE", "3"), ("PATH", "/usr/bin"));
        Assert.Equal(new MpiLaunch(MpiFlavor.OpenMpi, 2, 3, "libmpi.so.40"), launch);
    }

    [Fact]
    public void Hydra_and_pmi_variables_choose_libmpich_12()
    {
        var launch = Detect(("PMI_RANK", "0"), ("PMI_SIZE", "1"), ("PMI_FD", "6"));
        Assert.Equal(new MpiLaunch(MpiFlavor.Mpich, 0, 1, "libmpich.so.12"), launch);
    }

    [Fact]
    public void No_launcher_variables_mean_no_launch()
    {
        Assert.Null(Detect());
        Assert.Null(Detect(("PMIX_RANK", "0"), ("MPI_LOCALRANKID", "0"), ("HOME", "/root")));
    }

    [Fact]
    public void OpenMpi_wins_when_both_sets_are_present()
    {
        var launch = Detect(("PMI_RANK", "1"), ("PMI_SIZE", "4"), ("OMPI_COMM_WORLD_RANK", "0"), ("OMPI_COMM_WORLD_SIZE", "2"));
        Assert.Equal(MpiFlavor.OpenMpi, launch!.Flavor);
        Assert.Equal((0, 2), (launch.Rank, launch.Size));
    }

    [Fact]
    public void The_library_variable_names_another_file_of_the_same_flavor()
    {
        var launch = Detect(("PMI_RANK", "1"), ("PMI_SIZE", "2"), (MpiLaunch.LibraryVariable, " /opt/intel/lib/libmpi.so.12 "));
        Assert.Equal(new MpiLaunch(MpiFlavor.Mpich, 1, 2, "/opt/intel/lib/libmpi.so.12"), launch);
        Assert.Equal("libmpich.so.12", Detect(("PMI_RANK", "0"), ("PMI_SIZE", "1"), (MpiLaunch.LibraryVariable, " "))!.Library);
    }

    [Theory]
    [InlineData("PMI_RANK", "2", "PMI_SIZE", "2", "PMI_RANK=2: expected a rank below PMI_SIZE=2")]
    [InlineData("PMI_RANK", "-1", "PMI_SIZE", "2", "PMI_RANK='-1': expected a whole number of at least 0")]
    [InlineData("OMPI_COMM_WORLD_RANK", "0", "OMPI_COMM_WORLD_SIZE", "0", "OMPI_COMM_WORLD_SIZE='0': expected a whole number of at least 1")]
    [InlineData("OMPI_COMM_WORLD_RANK", "one", "OMPI_COMM_WORLD_SIZE", "3", "OMPI_COMM_WORLD_RANK='one': expected a whole number of at least 0")]
    public void A_launcher_variable_that_is_not_a_rank_below_the_size_is_named(string rankName, string rank, string sizeName, string size, string message)
    {
        var e = Assert.Throws<InvalidOperationException>(() => Detect((rankName, rank), (sizeName, size)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_rank_without_its_size_is_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Detect(("PMI_RANK", "0")));
        Assert.StartsWith("PMI_SIZE is not set", e.Message);
    }

    [Fact]
    public void Som_mpi_without_a_launcher_is_a_usage_error_and_loads_nothing()
    {
        var (exit, output, error) = Som.Tests.Runner.RunnerHarness.Run("mpi");
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal("error: som mpi: not started by an MPI launcher (no OMPI_COMM_WORLD_RANK or PMI_RANK): expected mpirun -np N som mpi\n", error.Replace("\r", ""));
        // Nothing under mpirun started this test process, so no MPI library may be mapped into it.
        string maps = File.ReadAllText("/proc/self/maps");
        Assert.DoesNotContain("libmpich.so", maps);
        Assert.DoesNotContain("libmpi.so", maps);
    }
}
