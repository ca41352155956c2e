using System.CommandLine;
using Som.Runner.Commands;

namespace Som.Runner.Cli;

/// <summary>
/// The <c>som</c> command tree. A command is one file under Commands with a <c>Create(CommandContext)</c> method;
/// adding one is adding it to <see cref="Commands"/>.
/// </summary>
internal static class SomCommandLine
{
    /// <summary>The commands, in the order help lists them.</summary>
    public static readonly IReadOnlyList<Func<CommandContext, Command>> Commands =
    [
        TrainCommand.Create,
        EvaluateCommand.Create,
        MapCommand.Create,
        RenderCommand.Create,
        DevicesCommand.Create,
        BenchCommand.Create,
        KMeansCommand.Create,
        ClusterCommand.Create,
        HClustCommand.Create,
        QuantizeCommand.Create,
        TuneCommand.Create,
        ImportCommand.Create,
        MpiCommand.Create,
    ];

    /// <summary>The root command with every command under it and <c>--version</c> printing the runner's version.</summary>
    public static RootCommand Build(CommandContext context)
    {
        var root = new RootCommand("som — SomGpu, self-organizing maps on CPU and GPU");
        foreach (var create in Commands) root.Subcommands.Add(create(context));
        foreach (var version in root.Options.OfType<VersionOption>()) version.Action = new VersionAction();
        return root;
    }
}
