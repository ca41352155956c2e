namespace Som.Tests.Core;

/// <summary>Legal but odd settings: <see cref="SomOptions.Warnings"/> reports them, <see cref="SomOptions.Validate"/> accepts them.</summary>
public class OptionWarningTests
{
    [Fact]
    public void Defaults_give_no_warning()
    {
        Assert.Empty(new SomOptions().Warnings());
        Assert.Empty(new SomOptions { Width = 1, Height = 1 }.Warnings());
        Assert.Empty(new SomOptions { Width = 100, Height = 1, Toroidal = true }.Warnings());
    }

    [Fact]
    public void A_start_radius_beyond_the_map_is_reported_and_still_valid()
    {
        var options = new SomOptions { Width = 10, Height = 4, SigmaStart = 1e30 }.Validate();
        string warning = Assert.Single(options.Warnings());
        Assert.StartsWith("SigmaStart 1E+30 is larger than the map's diameter max(W, H) = 10", warning);
        Assert.Contains("no effect beyond", warning);
        Assert.DoesNotContain('\n', warning);
    }

    [Theory]
    [InlineData(10, 4, false, 10.0, false)]
    [InlineData(10, 4, false, 10.5, true)]
    [InlineData(10, 4, true, 5.0, false)]
    [InlineData(10, 4, true, 5.5, true)]
    [InlineData(3, 12, false, 12.5, true)]
    public void The_limit_is_the_diameter_or_half_the_torus(int width, int height, bool toroidal, double sigma, bool warns)
    {
        var options = new SomOptions { Width = width, Height = height, Toroidal = toroidal, SigmaStart = sigma };
        Assert.Equal(warns, options.Warnings().Count == 1);
        if (warns) Assert.Contains(toroidal ? "half the torus size" : "the map's diameter", options.Warnings()[0]);
    }

    [Fact]
    public void An_end_radius_beyond_the_map_is_reported_by_name()
    {
        var options = new SomOptions { Width = 4, Height = 4, SigmaStart = 2, SigmaEnd = 9 };
        Assert.StartsWith("SigmaEnd 9 is larger than", Assert.Single(options.Warnings()));
    }
}
