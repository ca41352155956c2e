using System.Globalization;
using Som.Lines;

// make-lines OUT [SEED]: writes the LINES set (LinesGenerator) under OUT, which must not exist yet.
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: make-lines OUT [SEED]");
    return 2;
}
ulong seed = 1;
if (args.Length == 2 && !ulong.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out seed))
{
    Console.Error.WriteLine($"error: seed '{args[1]}' is not a non-negative integer");
    return 2;
}
if (Directory.Exists(args[0]) || File.Exists(args[0]))
{
    Console.Error.WriteLine($"error: {args[0]} already exists: expected a new folder");
    return 2;
}
var files = LinesGenerator.Write(args[0], seed);
Console.WriteLine($"wrote {files.Count} drawings of {LinesGenerator.Side}x{LinesGenerator.Side} pixels ({LinesGenerator.Angles} angles, seed {seed}) to {args[0]}");
return 0;
