using System.CommandLine;

namespace Enrichment.Local.Host.Cli;

/// <summary>The `enrich` and `retry` commands: their options, their help, and the run they start.</summary>
public static class EnrichCommandLine
{
    public const string EnrichSynopsis = "enrich <input.csv|.json|.jsonl|.xlsx> --out <output.csv|.jsonl|.xlsx>";

    public const string RetrySynopsis = "retry <job-id> --out <output.csv|.jsonl|.xlsx>";

    /// <summary>
    /// `enrich` cuts batches of 500, not `serve`'s 100: every batch costs its durable steps (the
    /// part's fsync, its commit, its message's send and delete) whatever its size, and `enrich` owns
    /// the whole run, so a smaller unit of retry buys it little. It was 200 while a message body was
    /// a UTF-16 string (past about 245 rows it went to the large object heap); bodies are pooled
    /// UTF-8 now, and at 500 the 1,000,000-row run's fsyncs fall from about 5,700 to about 2,300 and
    /// its system time by about a third, for a few MB of peak memory (issue 13, README "Benchmark").
    /// </summary>
    public const int DefaultBatchSize = 500;

    public static Command Enrich(TextWriter output, TerminalProfile terminal)
    {
        var input = new Argument<string>("input") { Description = "the list: .csv, .tsv, .json, .jsonl, .ndjson or .xlsx" };
        var outFile = Required(CliOptions.Text("--out", "file", "where the enriched list goes; .csv, .jsonl or .xlsx picks the format (required)"), "its extension, .csv, .jsonl or .xlsx, picks the output format");
        var sheet = CliOptions.Text("--sheet", "name", "the worksheet of an .xlsx input (default: its first visible sheet)");
        var providers = CliOptions.Providers();
        var providerDir = CliOptions.ProviderDirectory();
        var dnsServer = CliOptions.DnsServer();
        var batchSize = CliOptions.BatchSize(DefaultBatchSize);
        var workers = CliOptions.Workers();
        var dataDir = CliOptions.DataDirectory();
        var quiet = CliOptions.Quiet();
        var statsJson = CliOptions.Flag("--stats-json", "print one JSON line of timings and peak memory instead of the summary (bench uses it)");
        var estimate = CliOptions.Flag("--estimate", "check the list as a job would and print what it would do and cost on AWS (one JSON line); runs nothing, --out not needed");
        var command = new Command("enrich", "runs one list through the whole pipeline (upload, split, workers, state machine, aggregate) and writes the enriched file")
        {
            input, outFile.Option, sheet, providers, providerDir, dnsServer, batchSize, workers, dataDir, quiet, statsJson, estimate,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(estimate) is null)
            {
                outFile.Check(result);
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (definitions, chain) = ProviderOptions.Read(parsed.GetValue(providerDir), parsed.GetValue(providers));
            var settings = new LocalSettings
            {
                DataDirectory = Path.GetFullPath(parsed.GetValue(dataDir)!),
                Workers = parsed.GetValue(workers),
                BatchSize = parsed.GetValue(batchSize),
                Providers = chain,
                ProviderDefinitions = definitions,
                Dns = ProviderOptions.ReadDns(parsed.GetValue(dnsServer)),
            };
            if (parsed.GetValue(estimate))
            {
                // The deployment's batch size unless one is given: the estimate is of a job on AWS, not of enrich's run.
                var estimateSettings = parsed.GetResult(batchSize) is { Implicit: false } ? settings : settings with { BatchSize = new Core.Configuration.EnrichmentOptions().BatchSize };
                await new EnrichEstimate(output).RunAsync(parsed.GetValue(input)!, parsed.GetValue(sheet), estimateSettings, cancellationToken);
                return ExitCodes.Ok;
            }

            var stats = parsed.GetValue(statsJson);
            var options = new EnrichCommand.Options(parsed.GetValue(input)!, parsed.GetValue(outFile.Option)!, settings, parsed.GetValue(quiet), parsed.GetValue(sheet));
            var run = new EnrichCommand(output, TimeProvider.System, terminal);
            var result = await run.RunAsync(options, cancellationToken);
            if (stats)
            {
                var stages = result.Stages;
                await output.WriteLineAsync(BenchStats.ForThisProcess(
                    result.Status.Records.Total,
                    result.Elapsed.TotalSeconds,
                    new BenchStages(stages.Upload.TotalSeconds, stages.Split.TotalSeconds, stages.Process.TotalSeconds, stages.Download.TotalSeconds)).ToJson());
            }
            else
            {
                run.PrintSummary(result, options.Output);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Retry(TextWriter output, TerminalProfile terminal)
    {
        var jobId = new Argument<string>("job-id") { Description = "the job to retry, as enrich printed it" };
        var outFile = Required(CliOptions.Text("--out", "file", "where the job's new output goes, in the job's format (required)"), "where the job's new output goes");
        var providerDir = CliOptions.ProviderDirectory();
        var dnsServer = CliOptions.DnsServer();
        var workers = CliOptions.Workers();
        var dataDir = CliOptions.DataDirectory();
        var quiet = CliOptions.Quiet();
        var command = new Command("retry", "re-runs a finished job's failed batches and error records, in the --data-dir it ran in, and writes its new output")
        {
            jobId, outFile.Option, providerDir, dnsServer, workers, dataDir, quiet,
        };
        command.Validators.Add(outFile.Check);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (definitions, _) = ProviderOptions.Read(parsed.GetValue(providerDir), null);
            var settings = new LocalSettings
            {
                ProviderDefinitions = definitions,
                Dns = ProviderOptions.ReadDns(parsed.GetValue(dnsServer)),
                DataDirectory = Path.GetFullPath(parsed.GetValue(dataDir)!),
                Workers = parsed.GetValue(workers),
            };
            var options = new EnrichCommand.RetryOptions(parsed.GetValue(jobId)!, parsed.GetValue(outFile.Option)!, settings, parsed.GetValue(quiet));
            var run = new EnrichCommand(output, TimeProvider.System, terminal);
            var result = await run.RetryAsync(options, cancellationToken);
            run.PrintSummary(result, options.Output);

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A required option whose absence is one line saying what it is for (the library's own line says less).</summary>
    private static (Option<string?> Option, Action<System.CommandLine.Parsing.CommandResult> Check) Required(Option<string?> option, string why) =>
        (option, result =>
        {
            if (result.GetResult(option) is null)
            {
                result.AddError($"{option.Name} <{option.HelpName}> is required ({why})");
            }
        });
}
