using System.Runtime.InteropServices;
using Enrichment.Local.Host.Cli;

namespace Enrichment.Local.Host;

internal static class Program
{
    private const string Usage = """
        enrichment: the contact enrichment pipeline on one machine (no AWS account needed)

          enrich <input.csv|.json|.jsonl|.xlsx> --out <output.csv|.jsonl|.xlsx> [--sheet <name>]
                 [--providers normalize,email] [--provider-dir DIR] [--dns-server IP[:PORT]] [--batch-size 100] [--workers N] [--data-dir .enrichment] [--quiet]
          retry  <job-id> --out <output.csv|.jsonl|.xlsx> [--provider-dir DIR] [--dns-server IP[:PORT]] [--data-dir .enrichment] [--workers N] [--quiet]
          serve  [--port 8080] [--data-dir .enrichment] [--workers N] [--visibility-timeout 30]
                 [--api-keys keys.json] [--bind 127.0.0.1] [--public-url https://host] [--max-body-memory-mb 64]
                 [--providers normalize,email] [--provider-dir DIR] [--dns-server IP[:PORT]]

          generate --out <file.csv> [--count 5000] [--seed 42]
          bench  [--counts 100000,1000000] [--workers N]

          --provider-dir DIR  offers the http providers defined by DIR/*.json, by their "name"
          --providers a,b     the default chain; requests choose among the offered names only
                              (built in: normalize, email, mx; mx looks mail domains up in DNS)
          --dns-server IP[:PORT]  the mx provider's resolver (else ENRICHMENT_DNS_SERVER, else the machine's)
        """;

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "quiet", "stats-json", "help" };

    public static async Task<int> Main(string[] args)
    {
        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            Console.Out.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        try
        {
            var parsed = CliArguments.Parse(args, Flags);
            switch (parsed.Command)
            {
                case "enrich":
                    await EnrichAsync(parsed, stopping.Token);
                    break;
                case "retry":
                    await RetryAsync(parsed, stopping.Token);
                    break;
                case "serve":
                    await ServeCommand.RunAsync(parsed, Console.Out, stopping.Token);
                    break;
                case "generate":
                    await GenerateCommand.RunAsync(parsed, Console.Out, stopping.Token);
                    break;
                case "bench":
                    await BenchCommand.RunAsync(parsed, Console.Out, stopping.Token);
                    break;
                default:
                    throw new CliException($"unknown command '{parsed.Command}'; commands: enrich, retry, serve, generate, bench");
            }

            return 0;
        }
        catch (CliException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return error.ExitCode;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("stopped");
            return 130;
        }
        catch (IOException error)
        {
            await Console.Error.WriteLineAsync($"error: {error.Message}");
            return 1;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }

    private static async Task EnrichAsync(CliArguments parsed, CancellationToken cancellationToken)
    {
        var statsJson = parsed.Flag("stats-json");
        var options = EnrichCommand.ParseOptions(parsed);
        var command = new EnrichCommand(Console.Out, TimeProvider.System);
        var result = await command.RunAsync(options, cancellationToken);
        if (statsJson)
        {
            var stages = result.Stages;
            Console.Out.WriteLine(BenchStats.ForThisProcess(
                result.Status.Records.Total,
                result.Elapsed.TotalSeconds,
                new BenchStages(stages.Upload.TotalSeconds, stages.Split.TotalSeconds, stages.Process.TotalSeconds, stages.Download.TotalSeconds)).ToJson());
            return;
        }

        command.PrintSummary(result, options.Output);
    }

    private static async Task RetryAsync(CliArguments parsed, CancellationToken cancellationToken)
    {
        var options = EnrichCommand.ParseRetryOptions(parsed);
        var command = new EnrichCommand(Console.Out, TimeProvider.System);
        var result = await command.RetryAsync(options, cancellationToken);
        command.PrintSummary(result, options.Output);
    }
}
