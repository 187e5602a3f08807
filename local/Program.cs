using System.Runtime.InteropServices;
using Enrichment.Local.Host.Cli;

namespace Enrichment.Local.Host;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            // `enrichment help` was the old spelling of --help.
            string[] line = args is ["help", .. var rest] ? ["--help", .. rest] : args;
            return await CommandLineApp.RunAsync(line, Console.Out, Console.Error, TerminalProfile.ForThisProcess(), stopping.Token);
        }
        catch (CliException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("stopped");
            return ExitCodes.Interrupted;
        }
        catch (IOException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return ExitCodes.Failed;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
