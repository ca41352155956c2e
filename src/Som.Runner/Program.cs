using Som.Runner.Cli;
using Som.Runner.Reporting;

return App.Run(args, ProgressReporter.ForConsole(), Console.Error);
