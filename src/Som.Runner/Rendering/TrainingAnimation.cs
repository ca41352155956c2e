using System.Globalization;

namespace Som.Runner.Rendering;

/// <summary>
/// <c>training.png</c>: the map forming, an animated PNG (<see cref="ApngWriter"/>). Frame 0 is the initial codebook;
/// then one frame at every global step that is a multiple of K (K epochs in batch mode, K samples online; by
/// default one frame per epoch) and one at the run's last step, each titled with its epoch (and step) and σ. The
/// view is the prototype grid (image data) or the U-matrix, on one scale for every frame so that frames compare:
/// prototypes on the data's grey scale (<see cref="GreyScale.For"/> of the data), the U-matrix from the smallest to
/// the largest value over all frames. Prototype frames are rendered and written as they come; U-matrix frames keep
/// their M values until the run ends (their scale needs them all). The file appears only on <see cref="Commit"/>.
/// </summary>
internal sealed class TrainingAnimation : IDisposable
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "training.png";

    /// <summary>Most frames an animation may have (frame 0 included).</summary>
    public const int MaxFrames = 1000;

    /// <summary>Most U-matrix values (frames × units) the U-matrix view holds until the run ends.</summary>
    public const long MaxHeldValues = 1L << 24;

    /// <summary>The animation plays in about this long (each frame 50–500 ms), then holds its last frame.</summary>
    private const int PlayMilliseconds = 8000;

    /// <summary>How long the last frame shows before the animation starts again.</summary>
    public const int LastFrameMilliseconds = 2000;

    private readonly RenderFonts _fonts;
    private readonly SomOptions _options;
    private readonly Dataset _data;
    private readonly AtomicFileWriter _file;
    private readonly long[] _steps;
    private readonly int _every;
    private readonly string[] _titles;
    private readonly int _titleWidth;
    private readonly ImageShape? _image;
    private readonly GreyScale? _scale;
    private readonly List<double[]> _umatrices = [];
    private readonly float[] _weights;
    private ApngWriter? _writer;
    private int _next;

    /// <summary>Opens the temporary file beside <paramref name="path"/> for an animation of a run on <paramref name="data"/>.</summary>
    /// <param name="fonts">The fonts.</param>
    /// <param name="options">The run's options.</param>
    /// <param name="data">The training data (its image shape and, for the grey scale, its values).</param>
    /// <param name="view">What the frames show; <see cref="AnimationView.Prototypes"/> needs image data.</param>
    /// <param name="every">K: epochs (batch) or samples (online) between frames.</param>
    /// <param name="path">Where the file goes.</param>
    public TrainingAnimation(RenderFonts fonts, SomOptions options, Dataset data, AnimationView view, int every, string path)
    {
        ArgumentNullException.ThrowIfNull(fonts);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(data);
        _fonts = fonts;
        _options = options;
        _data = data;
        View = view;
        _steps = Steps(options, data.Count, every);
        _every = every;
        if (view == AnimationView.Prototypes)
        {
            _image = ImageOf(data) ?? throw new ArgumentException($"{data.Name}: not images: no prototype view", nameof(view));
            var values = data.Samples.Values.Span;
            _scale = GreyScale.For(values, values, "data");
        }
        else if ((long)_steps.Length * options.Units > MaxHeldValues)
        {
            throw new ArgumentOutOfRangeException(nameof(every), $"{_steps.Length} frames × {options.Units} units: at most {MaxHeldValues} U-matrix values");
        }
        _titles = [.. _steps.Select(Title)];
        _titleWidth = (int)Math.Ceiling(_titles.Max(t => Figure.TitleWidth(fonts, t)));
        _weights = new float[options.Units * data.Features];
        _file = new AtomicFileWriter(path);
        Path = path;
    }

    /// <summary>The file written on <see cref="Commit"/>.</summary>
    public string Path { get; }

    /// <summary>What the frames show.</summary>
    public AnimationView View { get; }

    /// <summary>The global step of each frame: 0 (the initial codebook), then the steps the trainer calls back at.</summary>
    public IReadOnlyList<long> FrameSteps => _steps;

    /// <summary>Frames the file will hold.</summary>
    public int FrameCount => _steps.Length;

    /// <summary>Frames added so far.</summary>
    public int Added => _next;

    /// <summary>
    /// The frames' global steps for a run of <paramref name="samples"/> samples with K = <paramref name="every"/>:
    /// 0, then every multiple of K up to T (epochs in batch, epochs × N online), then T when it is not one.
    /// </summary>
    public static long[] Steps(SomOptions options, int samples, int every)
    {
        ArgumentNullException.ThrowIfNull(options);
        long count = Count(options, samples, every);
        if (count > MaxFrames) throw new ArgumentOutOfRangeException(nameof(every), $"{count} frames: at most {MaxFrames}");
        long total = options.Mode == TrainingMode.Batch ? options.Epochs : (long)options.Epochs * samples;
        var steps = new long[count];
        for (int f = 1; f < count; f++) steps[f] = Math.Min((long)f * every, total);
        return steps;
    }

    /// <summary>Frames a run gives (frame 0 included), without building the list.</summary>
    public static long Count(SomOptions options, int samples, int every) => 1 + SomTrainer.FrameCount(options, samples, every);

    /// <summary>The shape prototypes are drawn in, when the data are grey or RGB images of D values; else null.</summary>
    public static ImageShape? ImageOf(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Image is { } s && s.Channels is 1 or 3 && s.Width * s.Height * s.Channels == data.Features ? s : null;
    }

    /// <summary>The title of the frame at global step <paramref name="step"/>: its epoch (and step) and the σ of its last step.</summary>
    public string Title(long step)
    {
        var o = _options;
        if (step == 0) return $"Map forming: initial codebook ({o.Init.ToString().ToLowerInvariant()})";
        if (o.Mode == TrainingMode.Batch)
            return Invariant($"Map forming: epoch {step} of {o.Epochs}, σ {SomTrainer.BatchSigma(o, (int)step - 1):G3}");
        long total = (long)o.Epochs * _data.Count;
        long epoch = (step + _data.Count - 1) / _data.Count;
        double sigma = Schedule.Value(o.SigmaSchedule, o.ResolvedSigmaStart, o.SigmaEnd, step - 1, total);
        double rate = Schedule.Value(o.RateSchedule, o.ResolvedRateStart, o.ResolvedRateEnd, step - 1, total);
        return Invariant($"Map forming: step {step:N0} of {total:N0} (epoch {epoch} of {o.Epochs}), σ {sigma:G3}, α {rate:G3}");
    }

    /// <summary>The subtitle every frame shares: the view, its scale and the frame rule.</summary>
    public string Subtitle(double umatrixLow = 0, double umatrixHigh = 0)
    {
        var o = _options;
        string every = o.Mode == TrainingMode.Batch ? "epochs" : "samples";
        string frames = _every == 1 && o.Mode == TrainingMode.Batch
            ? $"{_steps.Length} frames: the initial codebook, then each epoch"
            : Invariant($"{_steps.Length} frames: the initial codebook, then every {_every:N0} {every}");
        return View == AnimationView.Prototypes
            ? $"{MapPictures.PrototypeSubtitle(o, _image!.Value, _scale!.Rule)}; {frames}"
            : Invariant($"U-matrix ({MapPictures.AdjacencyName(o.ResolvedAdjacency)}), light = far apart; one scale for all frames, {umatrixLow:G4} … {umatrixHigh:G4}; {frames}");
    }

    /// <summary>Adds the frame of global step <paramref name="step"/> from <paramref name="engine"/>'s codebook (read only).</summary>
    /// <exception cref="InvalidOperationException">A step out of the planned order.</exception>
    public void Add(ISomEngine engine, long step)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (_next >= _steps.Length || _steps[_next] != step)
            throw new InvalidOperationException($"frame at step {step}: expected step {(_next < _steps.Length ? _steps[_next] : -1)}");
        engine.GetWeights(_weights);
        if (View == AnimationView.UMatrix)
        {
            _umatrices.Add(SomMetrics.UMatrix(new MapGrid(_options), _weights, _data.Features, _options.ResolvedAdjacency));
        }
        else
        {
            var model = new SomModel(_options, _data.Features, _weights, _image);
            var (f, _) = MapPictures.DrawPrototypes(_fonts, model, _image!.Value, _scale!, _titles[_next], Subtitle(), _titleWidth);
            using (f) Write(f);
        }
        _next++;
    }

    /// <summary>Writes what is left (the U-matrix frames) and renames the file into place.</summary>
    /// <exception cref="InvalidOperationException">Frames are missing.</exception>
    public void Commit()
    {
        if (_next != _steps.Length) throw new InvalidOperationException($"{_next} of {_steps.Length} frames added");
        if (View == AnimationView.UMatrix)
        {
            double lo = _umatrices.Min(u => u.Min()), hi = _umatrices.Max(u => u.Max());
            string subtitle = Subtitle(lo, hi);
            for (int i = 0; i < _umatrices.Count; i++)
            {
                var (f, _, _) = MapPictures.DrawUMatrix(_fonts, _options, _umatrices[i], lo, hi, _titles[i], subtitle, _titleWidth);
                using (f) Write(f);
            }
        }
        _writer!.Finish();
        _file.Commit();
    }

    /// <summary>Removes the temporary file unless committed.</summary>
    public void Dispose() => _file.Dispose();

    private void Write(Figure f)
    {
        _writer ??= new ApngWriter(_file.Stream, f.Width, f.Height, _steps.Length);
        if (f.Width != _writer.Width || f.Height != _writer.Height)
            throw new InvalidOperationException($"frame {_writer.Added} is {f.Width}x{f.Height}: expected {_writer.Width}x{_writer.Height} as frame 0");
        bool last = _writer.Added == _steps.Length - 1;
        int ms = last ? LastFrameMilliseconds : FrameMilliseconds(_steps.Length);
        _writer.Add(f.Rgba(), f.RowBytes, (ushort)ms, 1000);
    }

    /// <summary>Each frame's delay but the last: about <see cref="PlayMilliseconds"/> in all, 50 to 500 ms a frame.</summary>
    public static int FrameMilliseconds(int frames) => Math.Clamp(PlayMilliseconds / Math.Max(1, frames), 50, 500);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
