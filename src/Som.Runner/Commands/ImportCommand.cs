using System.CommandLine;
using Som.Cpu;
using Som.Runner.Cli;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som import CODEBOOK.csv --map WxH --order kohonen --out FILE.som</c>: a codebook trained by another SOM
/// library (M rows × D columns in that library's unit order) as a SomGpu model file, its units in SomGpu's order
/// on SomGpu's grid, so <c>som evaluate</c> scores it with the same code as a map SomGpu trained.
/// </summary>
internal static class ImportCommand
{
    /// <summary>The <c>import</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var codebook = new Argument<string>("codebook")
        {
            Description = "a CSV of W*H rows by D columns (one unit per row in --order's unit order, no header, numbers in the invariant culture)",
        };
        var map = SharedOptions.Map();
        map.Required = true;
        var topology = OptionFactory.Choice("--topology", "rect|hex", "the map's lattice (default rect)", OptionNames.Topologies);
        var gridMetric = OptionFactory.Choice("--grid-metric", "euclidean|manhattan|chebyshev",
            "the grid distance the map was trained with: euclidean (default), manhattan, chebyshev (rect only; R kohonen's rectangular maps use chebyshev)",
            OptionNames.GridMetrics);
        var toroidal = new Option<bool>("--toroidal") { Description = "the map wraps both axes" };
        var order = OptionFactory.Choice("--order", "somgpu|kohonen",
            "the unit order of the rows: somgpu (default, unit j = y*W + x) or kohonen (R kohonen's codes, mapped onto SomGpu's grid)", PeerUnitOrder.Names);
        var epochs = OptionFactory.Int("--epochs", "n", "epochs the codebook was trained for, recorded in the model (default 0 = unknown)", min: 0);
        var output = SharedOptions.Out("file", "the model file to write (default CODEBOOK with the extension .som)");
        var command = new Command("import", "Turn a codebook trained elsewhere (CSV, e.g. R kohonen's codes) into a SomGpu model file that som evaluate can score");
        command.Arguments.Add(codebook);
        foreach (var option in new Option[] { map, topology, gridMetric, toroidal, order, epochs, output }) command.Options.Add(option);
        command.SetAction(r =>
        {
            var (width, height) = r.GetValue(map)!.Value;
            var options = new SomOptions
            {
                Width = width,
                Height = height,
                Topology = r.GetValue(topology) ?? Topology.Rectangular,
                GridMetric = r.GetValue(gridMetric) ?? GridMetric.Euclidean,
                Toroidal = r.GetValue(toroidal),
                Epochs = Math.Max(1, r.GetValue(epochs) ?? 1),
            };
            try
            {
                options.Validate();
            }
            catch (SomOptionException e)
            {
                throw new UsageException(OptionFlags.Describe(e, options));
            }
            string path = r.GetValue(codebook)!;
            return Run(context, path, options, r.GetValue(order) ?? "somgpu", r.GetValue(epochs) ?? 0,
                r.GetValue(output) ?? Path.ChangeExtension(path, ".som"));
        });
        return command;
    }

    /// <summary>Reads <paramref name="path"/>, reorders its rows by <paramref name="order"/> and writes the model atomically; returns the exit code.</summary>
    public static int Run(CommandContext context, string path, SomOptions options, string order, int epochsTrained, string outPath)
    {
        OutputPlace.EnsureFile("--out", outPath);
        if (string.Equals(Path.GetFullPath(outPath), Path.GetFullPath(path), StringComparison.Ordinal))
            throw new UsageException($"--out {outPath}: is the codebook being read: expected another file");
        var (rows, features, values) = CodebookFile.ReadCsv("import", path);
        if (rows != options.Units)
            throw new SomDataException(FormattableString.Invariant(
                $"import {path}: {rows} rows: expected {options.Units}, one per unit of the {options.Width}x{options.Height} map (--map)"));
        float[] weights = order == "kohonen"
            ? PeerUnitOrder.ToSomGpu(values, PeerUnitOrder.Kohonen(options.Width, options.Height, options.Topology), features)
            : values;
        int side = (int)Math.Round(Math.Sqrt(features));
        // As the CSV reader does for data: a perfect-square D is a square grey image.
        var image = side * side == features ? new ImageShape(side, side, 1) : (ImageShape?)null;
        ModelFile.Save(new SomModel(options, features, weights, image, epochsTrained), outPath);
        context.Progress.Line(FormattableString.Invariant(
            $"import: {path}: {rows} units × {features} features in {order} order -> {options.Width}x{options.Height} {(options.Topology == Topology.Hexagonal ? "hex" : "rect")} model {outPath}"));
        return 0;
    }
}
