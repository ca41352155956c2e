using Som.Mpi;
using Som.Runner.Cli;
using Som.Runner.Reporting;

// Under mpirun the ranks' lines meet in the launcher's output, and OpenMPI hands rank 0 a pseudo-terminal: plain lines,
// no progress bar, and no terminal codes (the runtime writes its keypad string to a terminal of any TERM but dumb).
if (MpiLaunch.InEnvironment())
{
    Environment.SetEnvironmentVariable("TERM", "dumb");
    return App.Run(args, new ProgressReporter(Console.Out, interactive: false), Console.Error);
}
return App.Run(args, ProgressReporter.ForConsole(), Console.Error);
