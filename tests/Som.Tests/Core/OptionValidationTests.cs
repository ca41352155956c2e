namespace Som.Tests.Core;

/// <summary>Every class of bad option: the error names the option (as its property is named) and the bad value.</summary>
public class OptionValidationTests
{
    private static readonly SomOptions Valid = new() { Width = 6, Height = 4 };

    public static TheoryData<string, string, string> BadOptions() => new()
    {
        // case name, option, value as the message prints it
        { "width 0", "Width", "0" },
        { "height 0", "Height", "0" },
        { "negative width", "Width", "-3" },
        { "too many units", "Width", "4096" },
        { "hex torus with odd height", "Height", "5" },
        { "manhattan on hex", "GridMetric", "Manhattan" },
        { "chebyshev on hex", "GridMetric", "Chebyshev" },
        { "adjacency 4 on hex", "Adjacency", "Four" },
        { "adjacency 8 on hex", "Adjacency", "Eight" },
        { "adjacency 6 on rect", "Adjacency", "Six" },
        { "negative compact support", "CompactSupport", "-0.5" },
        { "NaN compact support", "CompactSupport", "NaN" },
        { "infinite compact support", "CompactSupport", "Infinity" },
        { "epochs 0", "Epochs", "0" },
        { "sigma start 0", "SigmaStart", "0" },
        { "sigma start negative", "SigmaStart", "-2" },
        { "sigma start NaN", "SigmaStart", "NaN" },
        { "sigma end 0", "SigmaEnd", "0" },
        { "sigma end NaN", "SigmaEnd", "NaN" },
        { "rate start in batch mode", "RateStart", "0.5" },
        { "rate end in batch mode", "RateEnd", "0.1" },
        { "rate start above 1", "RateStart", "1.5" },
        { "rate start 0", "RateStart", "0" },
        { "rate end above 1", "RateEnd", "2" },
        { "rate end NaN", "RateEnd", "NaN" },
        { "negative threads", "Threads", "-1" },
        { "unknown topology", "Topology", "7" },
        { "unknown neighbourhood", "Neighborhood", "9" },
        { "unknown metric", "Metric", "5" },
        { "unknown schedule", "SigmaSchedule", "4" },
    };

    private static SomOptions Make(string name) => name switch
    {
        "width 0" => Valid with { Width = 0 },
        "height 0" => Valid with { Height = 0 },
        "negative width" => Valid with { Width = -3 },
        "too many units" => Valid with { Width = 4096, Height = 2048 },
        "hex torus with odd height" => Valid with { Height = 5, Topology = Topology.Hexagonal, Toroidal = true },
        "manhattan on hex" => Valid with { Topology = Topology.Hexagonal, GridMetric = GridMetric.Manhattan },
        "chebyshev on hex" => Valid with { Topology = Topology.Hexagonal, GridMetric = GridMetric.Chebyshev },
        "adjacency 4 on hex" => Valid with { Topology = Topology.Hexagonal, Adjacency = Adjacency.Four },
        "adjacency 8 on hex" => Valid with { Topology = Topology.Hexagonal, Adjacency = Adjacency.Eight },
        "adjacency 6 on rect" => Valid with { Adjacency = Adjacency.Six },
        "negative compact support" => Valid with { CompactSupport = -0.5 },
        "NaN compact support" => Valid with { CompactSupport = double.NaN },
        "infinite compact support" => Valid with { CompactSupport = double.PositiveInfinity },
        "epochs 0" => Valid with { Epochs = 0 },
        "sigma start 0" => Valid with { SigmaStart = 0 },
        "sigma start negative" => Valid with { SigmaStart = -2 },
        "sigma start NaN" => Valid with { SigmaStart = double.NaN },
        "sigma end 0" => Valid with { SigmaEnd = 0 },
        "sigma end NaN" => Valid with { SigmaEnd = double.NaN },
        "rate start in batch mode" => Valid with { RateStart = 0.5 },
        "rate end in batch mode" => Valid with { RateEnd = 0.1 },
        "rate start above 1" => Valid with { Mode = TrainingMode.Online, RateStart = 1.5 },
        "rate start 0" => Valid with { Mode = TrainingMode.Online, RateStart = 0 },
        "rate end above 1" => Valid with { Mode = TrainingMode.Online, RateEnd = 2 },
        "rate end NaN" => Valid with { Mode = TrainingMode.Online, RateEnd = double.NaN },
        "negative threads" => Valid with { Threads = -1 },
        "unknown topology" => Valid with { Topology = (Topology)7 },
        "unknown neighbourhood" => Valid with { Neighborhood = (NeighborhoodKind)9 },
        "unknown metric" => Valid with { Metric = (DistanceMetric)5 },
        "unknown schedule" => Valid with { SigmaSchedule = (ScheduleKind)4 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such case"),
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_names_the_option_and_the_bad_value(string name, string option, string value)
    {
        var options = Make(name);
        var ex = Assert.Throws<SomOptionException>(() => options.Validate());
        Assert.Equal(option, ex.OptionName);
        Assert.NotNull(typeof(SomOptions).GetProperty(option));
        Assert.Equal(option, ex.ParamName);
        Assert.Equal(value, ex.ValueText);
        Assert.StartsWith($"{option} is {value}: expected ", ex.Message);
        Assert.Equal($"{option} is {value}: expected {ex.Expected}", ex.Message);
        Assert.DoesNotContain("--", ex.Message);
        Assert.DoesNotContain("(Parameter", ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Engine_construction_validates_too(string name, string option, string value)
    {
        var ex = Assert.Throws<SomOptionException>(() => new Som.Cpu.CpuEngine(Make(name), 3));
        Assert.Equal(option, ex.OptionName);
        Assert.Contains(value, ex.Message);
    }

    [Fact]
    public void The_batch_learning_rate_error_explains_why()
    {
        var ex = Assert.Throws<SomOptionException>(() => (Valid with { RateStart = 0.5 }).Validate());
        Assert.Contains("no learning rate in batch mode", ex.Message);
    }

    [Fact]
    public void Legal_edge_values_pass()
    {
        SomOptions[] good =
        [
            Valid,
            Valid with { Width = 1, Height = 1 },
            Valid with { Topology = Topology.Hexagonal, Toroidal = true, Height = 2 },
            Valid with { Topology = Topology.Hexagonal, Adjacency = Adjacency.Six },
            Valid with { Topology = Topology.Hexagonal, Toroidal = false, Height = 5 },
            Valid with { Adjacency = Adjacency.Four, GridMetric = GridMetric.Chebyshev, Toroidal = true },
            Valid with { CompactSupport = 0 },
            Valid with { Mode = TrainingMode.Online, RateStart = 1, RateEnd = 1e-6 },
            Valid with { SigmaStart = 100, SigmaEnd = 1e-3, Threads = 64 },
            Valid with { Width = SomOptions.MaxUnits, Height = 1 },
        ];
        foreach (var options in good) Assert.Same(options, options.Validate());
    }

    [Fact]
    public void Defaults_resolve_as_documented()
    {
        var o = new SomOptions { Width = 10, Height = 4 };
        Assert.Equal(2.5, o.ResolvedSigmaStart);
        Assert.Equal(8.0, new SomOptions().ResolvedSigmaStart);
        Assert.Equal(0.5, o.SigmaEnd);
        Assert.Equal(ScheduleKind.Exponential, o.SigmaSchedule);
        Assert.Equal(1.0, new SomOptions { Width = 1, Height = 1 }.ResolvedSigmaStart);
        Assert.Equal(SomOptions.Defaults.RateStart, o.ResolvedRateStart);
        Assert.Equal(SomOptions.Defaults.RateEnd, o.ResolvedRateEnd);
        Assert.Equal(Adjacency.Eight, o.ResolvedAdjacency);
        Assert.Equal(Adjacency.Six, (o with { Topology = Topology.Hexagonal }).ResolvedAdjacency);
        Assert.Equal(40, o.Units);
    }
}
