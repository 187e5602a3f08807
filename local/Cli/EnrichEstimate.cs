namespace Enrichment.Local.Host.Cli;

/// <summary>
/// <c>enrich &lt;input&gt; --estimate</c>: the list checked exactly as a job's split checks it (the
/// split service's own estimate, so the same refusals), and what the job would do and cost printed
/// as one JSON line, the body of <c>POST /jobs?dryRun=true</c>. No job, object or message is made.
/// </summary>
public sealed class EnrichEstimate(TextWriter output)
{
    public async Task RunAsync(string input, string? sheet, LocalSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!File.Exists(input))
        {
            throw new CliException($"input file not found: {input}");
        }

        var format = InputFormats.FromFileName(input)
            ?? throw new CliException($"cannot tell the format of {Path.GetFileName(input)}: name it .csv, .tsv, .json, .jsonl, .ndjson or .xlsx");
        var request = new SubmitRequest(
            _ => Task.FromResult<Stream>(File.OpenRead(input)),
            format,
            "csv",
            settings.Providers,
            IdempotencyKey: null,
            Path.GetFileName(input),
            sheet)
        {
            Owner = "local",
        };
        await using var pipeline = await LocalPipeline.StartAsync(settings, cancellationToken);
        var estimate = await pipeline.Splitter.EstimateAsync(request, cancellationToken);

        // A refusal is the split's own message (line and column where it has them), as the API's 400 gives it.
        await output.WriteLineAsync(estimate.Refusal is { } refusal
            ? throw new CliException($"the list is refused: {refusal.Message}", ExitCodes.Failed)
            : JsonSerializer.Serialize(estimate.Value, EnrichmentJsonContext.Default.JobEstimate));
    }
}
