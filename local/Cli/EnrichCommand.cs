using System.Diagnostics;
using Enrichment.Functions.Api;
using Enrichment.Lambda.APIGatewayEvents;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// <c>enrich &lt;input&gt; --out &lt;file&gt;</c>: one job end to end through the same path a client of the API
/// takes: reserve an upload, PUT the list to the signed link, the upload notification runs the
/// split, workers drain the queue, the state machine polls and aggregates, and the output comes
/// back through its signed download link. <c>retry &lt;job-id&gt; --out &lt;file&gt;</c> re-runs a finished job's
/// failed batches and error records (POST /jobs/{id}/retry) in the same data directory and
/// downloads its new output.
/// </summary>
public sealed class EnrichCommand(TextWriter output, TimeProvider time, TerminalProfile? terminal = null)
{
    /// <summary>
    /// Between two reads of the job's status, for the progress bar: the end of the job's aggregate
    /// (its last step) cuts a pause short, so the command goes on the moment the output is ready.
    /// </summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly TerminalProfile _terminal = terminal ?? TerminalProfile.Plain;

    /// <param name="Sheet">The worksheet of an .xlsx input; null for its first visible sheet.</param>
    public sealed record Options(string Input, string Output, LocalSettings Settings, bool Quiet, string? Sheet = null);

    public sealed record RetryOptions(string JobId, string Output, LocalSettings Settings, bool Quiet);

    public sealed record Result(string JobId, JobStatusView Status, JobSummary? Summary, TimeSpan Elapsed, StageTimes Stages);

    public sealed record StageTimes(TimeSpan Upload, TimeSpan Split, TimeSpan Process, TimeSpan Download);

    public async Task<Result> RunAsync(Options options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.Input))
        {
            throw new CliException($"input file not found: {options.Input}");
        }

        if (InputFormats.FromFileName(options.Input) is null)
        {
            throw new CliException($"cannot tell the format of {Path.GetFileName(options.Input)}: name it .csv, .tsv, .json, .jsonl, .ndjson or .xlsx");
        }

        if (options.Sheet is not null && InputFormats.FromFileName(options.Input) != InputFormat.Xlsx)
        {
            throw new CliException("--sheet applies to .xlsx workbooks only");
        }

        var outputFormat = OutputFormatOf(options.Output);
        var clock = Stopwatch.StartNew();
        Thread? warmUp = null;
        try
        {
            return await RunJobAsync(options, outputFormat, clock, () => warmUp = ChainWarmUp.Start(options.Input, options.Settings.Providers), cancellationToken);
        }
        finally
        {
            warmUp?.Join();
        }
    }

    /// <param name="startWarmUp">Called once the list is uploaded: before, the host's start and the upload use the second core.</param>
    private async Task<Result> RunJobAsync(Options options, string outputFormat, Stopwatch clock, Action startWarmUp, CancellationToken cancellationToken)
    {
        await using var pipeline = await LocalPipeline.StartAsync(options.Settings, cancellationToken);

        var reserve = await CallAsync(pipeline, "POST", "/jobs/uploads", JsonSerializer.SerializeToUtf8Bytes(
            new UploadRequest(null, outputFormat, options.Settings.Providers, Path.GetFileName(options.Input), options.Sheet, new FileInfo(options.Input).Length),
            ApiJsonContext.Default.UploadRequest), cancellationToken);
        var upload = Read(reserve, 201, EnrichmentJsonContext.Default.UploadResponse);

        var uploadUrl = new Uri(upload.UploadUrl);
        await using (var file = File.OpenRead(options.Input))
        {
            var put = await pipeline.Objects.HandleAsync("PUT", uploadUrl.AbsolutePath, uploadUrl.Query, file, cancellationToken, file.Length);
            if (put.StatusCode != 200)
            {
                throw new CliException($"the upload was refused ({put.StatusCode}: {put.Message})", ExitCodes.Failed);
            }
        }

        var uploaded = clock.Elapsed;
        startWarmUp();
        await pipeline.NotifyUploadAsync(JobKeys.Upload(upload.JobId, SafeFileName.Clean(Path.GetFileName(options.Input))), cancellationToken);
        var split = clock.Elapsed;

        var status = await WaitAsync(pipeline, upload.JobId, options.Quiet, cancellationToken);
        var processed = clock.Elapsed;
        await DownloadAsync(pipeline, status, options.Output, cancellationToken);
        var summary = await ReadSummaryAsync(pipeline, upload.JobId, cancellationToken);
        var stages = new StageTimes(uploaded, split - uploaded, processed - split, clock.Elapsed - processed);
        return new Result(upload.JobId, status, summary, clock.Elapsed, stages);
    }

    public async Task<Result> RetryAsync(RetryOptions options, CancellationToken cancellationToken)
    {
        var outputFormat = OutputFormatOf(options.Output);
        if (!Directory.Exists(options.Settings.DataDirectory))
        {
            throw new CliException($"no data directory at {options.Settings.DataDirectory}: give the --data-dir the job ran in");
        }

        var clock = Stopwatch.StartNew();
        await using var pipeline = await LocalPipeline.StartAsync(options.Settings, cancellationToken);
        var job = await pipeline.Table.GetJobAsync(options.JobId, cancellationToken)
            ?? throw new CliException($"job {options.JobId} not found in {options.Settings.DataDirectory}");
        if (job.OutputFormat != outputFormat)
        {
            throw new CliException($"job {options.JobId} writes {job.OutputFormat}: name --out .{job.OutputFormat}");
        }

        var retry = await CallAsync(pipeline, "POST", $"/jobs/{Uri.EscapeDataString(options.JobId)}/retry", null, cancellationToken);
        Read(retry, 202, ApiJsonContext.Default.JobAcceptedResponse);
        var started = clock.Elapsed;
        var status = await WaitAsync(pipeline, options.JobId, options.Quiet, cancellationToken);
        var processed = clock.Elapsed;
        await DownloadAsync(pipeline, status, options.Output, cancellationToken);
        var summary = await ReadSummaryAsync(pipeline, options.JobId, cancellationToken);
        var stages = new StageTimes(TimeSpan.Zero, started, processed - started, clock.Elapsed - processed);
        return new Result(options.JobId, status, summary, clock.Elapsed, stages);
    }

    /// <summary>The job's figures: a table on a terminal, aligned plain lines anywhere else.</summary>
    public void PrintSummary(Result result, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (_terminal.IsTerminal)
        {
            SummaryTable.Write(_terminal.CreateConsole(output), result, outputPath);
            return;
        }

        var s = result.Status;
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 0.001);
        output.WriteLine($"job {result.JobId}: {s.Status}");
        output.WriteLine($"  records    {s.Records.Total,12:N0}  ({s.Records.Total / seconds:N0} records/s)");
        output.WriteLine($"  ok         {s.Records.Ok,12:N0}");
        output.WriteLine($"  invalid    {s.Records.Invalid,12:N0}");
        output.WriteLine($"  error      {s.Records.Error,12:N0}");
        output.WriteLine($"  duplicates {result.Summary?.Duplicates ?? 0,12:N0}");
        output.WriteLine($"  time       {result.Elapsed.TotalSeconds,12:N1} s");
        foreach (var provider in s.Providers ?? [])
        {
            output.WriteLine($"  provider   {provider.Describe()}");
        }

        if (s.FailedBatches is { Count: > 0 })
        {
            output.WriteLine($"  {s.FailedBatches.Count} batch(es) failed; their rows are marked error in the output");
        }

        output.WriteLine($"  output     {outputPath}");
        if (s.Records.Error > 0)
        {
            output.WriteLine($"  retry      enrichment retry {result.JobId} --out <file> re-runs the error records (same --data-dir)");
        }
    }

    private static string OutputFormatOf(string outputPath)
    {
        var format = Path.GetExtension(outputPath).ToUpperInvariant() switch
        {
            ".CSV" => OutputFormats.Csv,
            ".JSONL" or ".NDJSON" => OutputFormats.JsonLines,
            ".XLSX" => OutputFormats.Xlsx,
            _ => throw new CliException($"--out must end in .csv, .jsonl or .xlsx, not '{Path.GetFileName(outputPath)}'"),
        };
        var outDirectory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        return Directory.Exists(outDirectory) ? format : throw new CliException($"the output folder does not exist: {outDirectory}");
    }

    /// <summary>Polls the job (with the progress bar) until it finishes; a failed job is the command's error.</summary>
    private async Task<JobStatusView> WaitAsync(LocalPipeline pipeline, string jobId, bool quiet, CancellationToken cancellationToken)
    {
        var progress = new ProgressReporter(output, time, _terminal, quiet);
        var status = await progress.TrackAsync(async report =>
        {
            while (true)
            {
                // Taken before the read, so an aggregate that ends after it ends the pause (issue 13: a
                // finished job was noticed up to a poll interval late; 20 ms polls while it aggregated
                // only narrowed that to the aggregates they saw start).
                var aggregated = pipeline.NextAggregateEnd;
                var current = await StatusAsync(pipeline, jobId, cancellationToken);
                report(current);
                var state = JobStates.Parse(current.Status);
                if (state.IsFinished())
                {
                    return current;
                }

                await Task.WhenAny(aggregated, Task.Delay(PollInterval, time, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        });
        return status.Status == "failed" ? throw new CliException($"the job failed: {status.Error}", ExitCodes.Failed) : status;
    }

    private async Task<JobStatusView> StatusAsync(LocalPipeline pipeline, string jobId, CancellationToken cancellationToken) =>
        Read(await CallAsync(pipeline, "GET", $"/jobs/{jobId}", null, cancellationToken), 200, EnrichmentJsonContext.Default.JobStatusView);

    private static async Task DownloadAsync(LocalPipeline pipeline, JobStatusView status, string outputPath, CancellationToken cancellationToken)
    {
        var url = new Uri(status.DownloadUrl ?? throw new CliException("the job finished without a download link", ExitCodes.Failed));
        var response = await pipeline.Objects.HandleAsync("GET", url.AbsolutePath, url.Query, null, cancellationToken);
        if (response.StatusCode != 200 || response.Body is null)
        {
            throw new CliException($"the download was refused ({response.StatusCode}: {response.Message})", ExitCodes.Failed);
        }

        var temporary = outputPath + ".partial";
        if (response.Body is FileStream { Name: var source })
        {
            // The store's own file, its link already checked: named again where it can be (one inode,
            // no bytes copied), else copied by the kernel (File.Copy), never through this process's buffers.
            await response.Body.DisposeAsync();
            File.Delete(temporary);
            if (!HardLink.TryCreate(source, temporary))
            {
                File.Copy(source, temporary, overwrite: true);
            }
        }
        else
        {
            await using (response.Body)
            await using (var file = File.Create(temporary))
            {
                await response.Body.CopyToAsync(file, cancellationToken);
            }
        }

        File.Move(temporary, outputPath, overwrite: true);
    }

    private static async Task<JobSummary?> ReadSummaryAsync(LocalPipeline pipeline, string jobId, CancellationToken cancellationToken)
    {
        var job = await pipeline.Table.GetJobAsync(jobId, cancellationToken);
        if (job?.SummaryKey is null)
        {
            return null;
        }

        await using var stream = await pipeline.Store.OpenReadAsync(job.SummaryKey, cancellationToken);
        return stream is null ? null : await JsonSerializer.DeserializeAsync(stream, EnrichmentJsonContext.Default.JobSummary, cancellationToken);
    }

    private Task<APIGatewayHttpApiV2ProxyResponse> CallAsync(LocalPipeline pipeline, string method, string path, byte[]? body, CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>();
        if (body is not null)
        {
            headers["content-type"] = "application/json";
        }

        var request = ApiEvents.Create(method, path, null, headers, body, pipeline.Settings.BaseUrl.Authority, time, BridgeSecurity.LocalCaller);
        return pipeline.InvokeAsync(pipeline.Api, "api", request, cancellationToken);
    }

    private static T Read<T>(APIGatewayHttpApiV2ProxyResponse response, int expected, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        if (response.StatusCode != expected)
        {
            var error = response.Body is { } body ? JsonSerializer.Deserialize(body, ApiJsonContext.Default.ErrorResponse)?.Error : null;
            throw new CliException(error ?? $"the API answered {response.StatusCode}", ExitCodes.Failed);
        }

        return JsonSerializer.Deserialize(response.Body ?? "null", type) ?? throw new CliException("the API answered an empty body", ExitCodes.Failed);
    }
}
