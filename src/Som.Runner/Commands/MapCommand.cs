using System.CommandLine;
using System.Globalization;
using System.Text;
using Som.Runner.Cli;
using Som.Runner.Data;

namespace Som.Runner.Commands;

/// <summary>
/// <c>som map MODEL --data SPEC</c>: one CSV row per sample with its BMU, grid position, distances to the best and
/// second-best units and, when units can be labelled, the BMU's label. Columns (header row first):
/// <c>sample,bmu,x,y,distance,second_bmu,second_distance[,unit_label,unit_class]</c>. Distances are Euclidean
/// ‖x − w‖ in double whatever the BMU metric; a one-unit map leaves the second-BMU fields empty. When the model
/// holds clusterings of the units (<c>som cluster</c>), a last column <c>unit_cluster</c> gives the BMU's cluster
/// in the first one stored, or in the one <c>--clustering NAME</c> picks. <c>som map MODEL IMAGE… | DIR</c> maps image
/// files instead (<see cref="RunImages"/>), with a <c>file</c> column after <c>sample</c>.
/// </summary>
internal static class MapCommand
{
    /// <summary>The CSV header without and with the label columns.</summary>
    public const string Header = "sample,bmu,x,y,distance,second_bmu,second_distance";

    /// <summary>The <c>map</c> command.</summary>
    public static Command Create(CommandContext context)
    {
        var model = new Argument<string>("model") { Description = "the model file (model.som from som train)" };
        var inputs = new Argument<string[]>("images")
        {
            Description = "image files or folders of images to map instead of --data, decoded and resized as the model's training images were",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var data = OptionFactory.Text("--data", "spec", "the data to map: the test split when it has one (fashion-mnist: the 10,000 test images; "
            + "fashion-mnist:train or :all for the others), else its only set; or give image files or folders after the model");
        var labelsFrom = OptionFactory.Text("--labels-from", "spec",
            "label the units by majority vote on this data's training split (default: --data's training split when it has a test split, else the mapped data itself)");
        var imageSize = SharedOptions.ImageSize();
        var colour = SharedOptions.Colour();
        var limit = SharedOptions.Limit("map the first N samples only");
        var device = SharedOptions.Device();
        var output = SharedOptions.Out("file", "write the CSV to this file (atomically) instead of stdout");
        var clusteringName = OptionFactory.Text("--clustering", "name",
            "the model's clustering for the unit_cluster column (default: the first stored; see som cluster)");
        var command = new Command("map", "Write each sample's BMU, position and distances as CSV");
        command.Arguments.Add(model);
        command.Arguments.Add(inputs);
        foreach (var option in new Option[] { data, imageSize, colour, labelsFrom, limit, device, output, clusteringName }) command.Options.Add(option);
        command.SetAction(r =>
        {
            string[] images = r.GetValue(inputs) ?? [];
            string? spec = r.GetValue(data);
            if (images.Length == 0)
            {
                return spec is null
                    ? throw new UsageException("map: expected --data SPEC or image files or folders after the model")
                    : Run(context, r.GetValue(model)!, spec, r.GetValue(labelsFrom), r.GetValue(limit),
                        r.GetValue(device) ?? "cpu", r.GetValue(output), r.GetValue(clusteringName), SharedOptions.ReadImages(r, imageSize, colour));
            }
            if (spec is not null)
                throw new UsageException($"map: --data {spec} and image files ({images[0]}…): expected one or the other");
            if (r.GetValue(imageSize) is not null || r.GetValue(colour) is not null)
                throw new UsageException("--image-size, --color: the model fixes the size and colour of the image files it maps: expected neither with image files");
            return RunImages(context, r.GetValue(model)!, images, r.GetValue(labelsFrom), r.GetValue(limit),
                r.GetValue(device) ?? "cpu", r.GetValue(output), r.GetValue(clusteringName));
        });
        return command;
    }

    /// <summary>
    /// Maps image files (and folders of them) on the model: the CSV gains a second column, <c>file</c>, the image of
    /// each row; the unit labels are the model's own unless <paramref name="labelsSpec"/> names labelled data.
    /// </summary>
    public static int RunImages(CommandContext context, string modelPath, IReadOnlyList<string> images, string? labelsSpec, int? limit,
        string device, string? outPath, string? clusteringName = null)
    {
        if (outPath is not null) OutputPlace.EnsureFile("--out", outPath);
        using var inputs = MapInputs.LoadImages(modelPath, images, labelsSpec, device, context.Warn);
        return Write(context, inputs, limit, modelPath, outPath, clusteringName);
    }

    /// <summary>Runs the command; returns the exit code.</summary>
    public static int Run(CommandContext context, string modelPath, string dataSpec, string? labelsSpec, int? limit, string device, string? outPath,
        string? clusteringName = null, ImageLoadOptions? images = null)
    {
        if (outPath is not null) OutputPlace.EnsureFile("--out", outPath);
        using var inputs = MapInputs.Load(modelPath, dataSpec, labelsSpec, limit, device, images, context.Warn);
        return Write(context, inputs, null, modelPath, outPath, clusteringName);
    }

    private static int Write(CommandContext context, MapInputs inputs, int? limit, string modelPath, string? outPath, string? clusteringName)
    {
        var clusterings = inputs.Model.Clusterings;
        UnitClustering? unitClustering = clusteringName is null
            ? clusterings.FirstOrDefault()
            : clusterings.FirstOrDefault(x => x.Name == clusteringName)
              ?? throw new UsageException($"--clustering: '{clusteringName}' is not in {modelPath}: expected one of "
                  + (clusterings.Count == 0 ? "none (the model has no clusterings; som cluster adds one)" : string.Join(", ", clusterings.Select(x => x.Name))));
        var engine = inputs.Engine;
        var samples = limit is { } keep ? inputs.Data.Take(keep).Samples : inputs.Data.Samples;
        var files = inputs.Files;
        int n = samples.Count, d = samples.Features, width = engine.Options.Width;
        var first = new int[n];
        var second = new int[n];
        engine.FindBmus(samples, first, second);
        var weights = new float[engine.Options.Units * d];
        engine.GetWeights(weights);
        int[]? unitLabels = inputs.UnitLabels();
        var names = inputs.ClassNames;
        var c = CultureInfo.InvariantCulture;

        var csv = new StringBuilder();
        csv.Append(files is null ? Header : Header.Replace("sample,", "sample,file,", StringComparison.Ordinal)).Append(unitLabels is null ? "" : ",unit_label,unit_class").Append(unitClustering is null ? "" : ",unit_cluster").Append('\n');
        for (int i = 0; i < n; i++)
        {
            int b = first[i], s = second[i];
            csv.Append(c, $"{i},").Append(files is null ? "" : Quote(files[i]) + ",");
            csv.Append(c, $"{b},{b % width},{b / width},{SomMetrics.Distance(samples.Row(i), weights.AsSpan(b * d, d)):R},");
            csv.Append(s >= 0 ? string.Create(c, $"{s},{SomMetrics.Distance(samples.Row(i), weights.AsSpan(s * d, d)):R}") : ",");
            if (unitLabels is not null)
            {
                int label = unitLabels[b];
                string name = names is not null && label >= 0 && label < names.Count ? names[label] : "";
                csv.Append(c, $",{label},{Quote(name)}");
            }
            if (unitClustering is not null) csv.Append(c, $",{unitClustering.Clusters[b]}");
            csv.Append('\n');
        }
        if (outPath is null)
        {
            context.Progress.Output.Write(csv.ToString());
        }
        else
        {
            AtomicFile.WriteAllText(outPath, csv.ToString());
            context.Error.WriteLine($"wrote {n} rows to {outPath}");
        }
        return 0;
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
