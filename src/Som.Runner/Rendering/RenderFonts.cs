using SkiaSharp;
using Som.Runner.Cli;

namespace Som.Runner.Rendering;

/// <summary>
/// The two typefaces every picture uses, loaded from TTF files: SkiaSharp's Linux assets without dependencies have
/// no fontconfig, so a typeface not loaded from a file draws no text at all.
/// </summary>
internal sealed class RenderFonts : IDisposable
{
    /// <summary>Where Debian's fonts-dejavu-core puts its files.</summary>
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";

    /// <summary>A folder that replaces <see cref="DefaultFolder"/> (it must hold the same two file names).</summary>
    public const string FolderVariable = "SOMGPU_FONT_DIR";

    private RenderFonts(SKTypeface regular, SKTypeface bold)
    {
        Regular = regular;
        Bold = bold;
    }

    /// <summary>DejaVu Sans.</summary>
    public SKTypeface Regular { get; }

    /// <summary>DejaVu Sans Bold, for titles.</summary>
    public SKTypeface Bold { get; }

    /// <summary>Loads DejaVuSans.ttf and DejaVuSans-Bold.ttf from <see cref="FolderVariable"/> or <see cref="DefaultFolder"/>.</summary>
    /// <exception cref="UsageException">A file is missing or is not a font: one line naming it and the package that has it.</exception>
    public static RenderFonts Load() =>
        Load(Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } f ? f : DefaultFolder);

    /// <summary>Loads DejaVuSans.ttf and DejaVuSans-Bold.ttf from <paramref name="folder"/>.</summary>
    /// <exception cref="UsageException">A file is missing or is not a font.</exception>
    public static RenderFonts Load(string folder)
    {
        var regular = LoadOne(folder, "DejaVuSans.ttf");
        try
        {
            return new RenderFonts(regular, LoadOne(folder, "DejaVuSans-Bold.ttf"));
        }
        catch
        {
            regular.Dispose();
            throw;
        }
    }

    private static SKTypeface LoadOne(string folder, string name)
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path))
            throw new UsageException($"font {path} not found: the pictures need DejaVu Sans (apt-get install fonts-dejavu-core, or set {FolderVariable} to a folder with {name}); --no-report skips them");
        return SKTypeface.FromFile(path)
            ?? throw new UsageException($"font {path}: not a font file SkiaSharp can read: expected a TrueType font");
    }

    /// <summary>Releases both typefaces.</summary>
    public void Dispose()
    {
        Regular.Dispose();
        Bold.Dispose();
    }
}
