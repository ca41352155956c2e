using System.CommandLine;
using Som.Cpu;
using Som.Runner.Data;

namespace Som.Runner.Cli;

/// <summary>
/// Options that several commands take, spelt and described once. Each call makes a new option, so every command
/// owns its own instance.
/// </summary>
internal static class SharedOptions
{
    /// <summary>The devices <c>--device</c> accepts.</summary>
    public static readonly IReadOnlyList<string> Devices = ["cpu", "auto", "ilgpu-cpu", "opencl", "cuda"];

    /// <summary><c>--data SPEC</c>, required.</summary>
    public static Option<string?> Data(string description =
        "fashion-mnist (train on 60,000, evaluate on the 10,000 test images), fashion-mnist:all (train on all 70,000), "
        + "mnist, mnist:all, a folder of IDX files, a folder of images (one sub-folder per class, or unlabelled), an IDX images file, "
        + "a CSV file (label first, header row), or TRAIN.csv,TEST.csv") =>
        OptionFactory.Text("--data", "spec", description, required: true);

    /// <summary><c>--image-size WxH</c>: the size images from a folder are resized to.</summary>
    public static Option<(int Width, int Height)?> ImageSize() =>
        new("--image-size")
        {
            HelpName = "wxh",
            Description = "for a folder of images: resize every image to WxH (bilinear; default: the first image's size)",
            CustomParser = r =>
            {
                string v = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                if (MapSize.TryParse(v) is { } size) return size;
                r.AddError($"--image-size: '{v}' is not WIDTHxHEIGHT with both at least 1 (e.g. 28x28)");
                return null;
            },
        };

    /// <summary><c>--color grey|rgb</c>: how images from a folder become features.</summary>
    public static Option<ImageColour?> Colour() =>
        OptionFactory.Choice("--color", "grey|rgb",
            "for a folder of images: grey (default; one value per pixel, luminance of colour images) or rgb (3 values per pixel, channel-last)",
            new Dictionary<string, ImageColour> { ["grey"] = ImageColour.Grey, ["gray"] = ImageColour.Grey, ["rgb"] = ImageColour.Rgb });

    /// <summary>The image-folder settings <paramref name="size"/> and <paramref name="colour"/> gave.</summary>
    public static ImageLoadOptions ReadImages(ParseResult r, Option<(int Width, int Height)?> size, Option<ImageColour?> colour) =>
        new(r.GetValue(size), r.GetValue(colour) ?? ImageColour.Grey);

    /// <summary><c>--limit N</c>: use the first N samples only.</summary>
    public static Option<int?> Limit(string description = "train on the first N samples only") =>
        OptionFactory.Int("--limit", "n", description, min: 1);

    /// <summary><c>--map WxH</c>: one map size.</summary>
    public static Option<(int Width, int Height)?> Map() =>
        new("--map")
        {
            HelpName = "wxh",
            Description = "map size (default 32x32; 100x1 is a 1-D map)",
            CustomParser = r =>
            {
                string v = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                if (MapSize.TryParse(v) is { } size) return size;
                r.AddError(MapSize.Error("--map", v));
                return null;
            },
        };

    /// <summary><c>--device D</c>.</summary>
    public static Option<string?> Device(string description =
        "cpu (default); cuda, opencl or ilgpu-cpu (the GPU engine on that ILGPU accelerator; ilgpu-cpu is for checking, "
        + "thousands of times slower); auto (CUDA, else OpenCL, else the CPU engine)") =>
        OptionFactory.Choice("--device", string.Join('|', Devices), description, Devices);

    /// <summary>
    /// <c>--device D</c> of <c>som train</c>: one device as <see cref="Device"/>, or a device list <c>KIND:I,J,…</c> /
    /// <c>KIND:all</c> that trains one map on several devices, a shard of the samples each (docs/contract.md §16).
    /// </summary>
    public static Option<string?> DeviceOrList()
    {
        var option = new Option<string?>("--device")
        {
            HelpName = string.Join('|', Devices) + "|kind:i,j|kind:all",
            Description = "cpu (default); cuda, opencl or ilgpu-cpu (the GPU engine on that ILGPU accelerator; ilgpu-cpu is for checking, "
                + "thousands of times slower); auto (CUDA, else OpenCL, else the CPU engine); cuda:0,1, cuda:all, ilgpu-cpu:0,1 … "
                + "(one map on several devices, each a contiguous shard of the samples; the same bits for every device count)",
            CustomParser = r =>
            {
                string given = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                string v = given.Trim().ToLowerInvariant();
                if (Devices.Contains(v)) return v;
                if (v.Contains(':', StringComparison.Ordinal))
                {
                    try
                    {
                        return Commands.DeviceList.Parse(v)!.ToString();
                    }
                    catch (UsageException e)
                    {
                        r.AddError(e.Message);
                        return null;
                    }
                }
                r.AddError($"--device: '{given}' is not one of {string.Join(", ", Devices)} or a device list such as cuda:0,1, cuda:all, ilgpu-cpu:0,1");
                return null;
            },
        };
        option.CompletionSources.Clear();
        option.CompletionSources.Add([.. Devices, "cuda:all"]);
        return option;
    }

    /// <summary><c>--seed N</c>.</summary>
    public static Option<ulong?> Seed() =>
        OptionFactory.UInt64("--seed", "n", "seed of every random choice (default 1)");

    /// <summary><c>--threads N</c>.</summary>
    public static Option<int?> Threads(string description = "CPU threads (default 0 = all cores); results do not depend on it") =>
        OptionFactory.Int("--threads", "n", description);

    /// <summary><c>--cpu-kernel ISA</c>: the CPU engine's kernel family; results do not depend on it (docs/contract.md §11).</summary>
    public static Option<KernelIsa?> CpuKernel() =>
        OptionFactory.Choice("--cpu-kernel", "auto|vector512|vector256|vector128|scalar",
            "auto (default), vector512, vector256, vector128, scalar", OptionNames.CpuKernels);

    /// <summary><c>--mpi-timeout SECONDS</c>: how long a collective waits for the other ranks under mpirun.</summary>
    public static Option<double?> MpiTimeout() =>
        new("--mpi-timeout")
        {
            HelpName = "seconds",
            Description = $"under mpirun: a collective that has not completed after SECONDS (default {MpiJob.DefaultTimeoutSeconds:0}) "
                + "ends the job with an error naming it (a rank died or hangs); ignored without mpirun",
            CustomParser = r =>
            {
                string v = r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;
                if (double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double s)
                    && double.IsFinite(s) && s > 0 && s <= MpiJob.MaxTimeoutSeconds)
                    return s;
                r.AddError($"--mpi-timeout: '{v}' is not a number of seconds: expected more than 0 and at most {MpiJob.MaxTimeoutSeconds:0}");
                return null;
            },
        };

    /// <summary><c>--out PATH</c>: a folder (<paramref name="helpName"/> dir) or a file.</summary>
    public static Option<string?> Out(string helpName, string description) =>
        OptionFactory.Text("--out", helpName, description);
}
