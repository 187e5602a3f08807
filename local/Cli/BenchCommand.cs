using System.CommandLine;
using System.Diagnostics;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `bench [--counts 100000,1000000]`: generates synthetic lists and runs each through `enrich` in a
/// fresh child process (so peak memory is that run's alone), then through <see cref="BenchBaseline"/>
/// (the same reader, chain and writer with no pipeline) in another, and prints wall, user and system
/// time, peak resident memory and records/s of both with their ratio. A measurement tool, not a
/// test: it asserts nothing.
/// </summary>
public static class BenchCommand
{
    /// <summary>The split the pipeline's `enrich` uses by default, so both runs enrich the same way.</summary>
    private const int BatchSize = EnrichCommandLine.DefaultBatchSize;

    private static readonly string[] DefaultProviders = ["normalize", "email"];

    public static Command Create(TextWriter output)
    {
        var counts = CliOptions.Text("--counts", "n,n", "the list sizes to measure (default 100000,1000000)");
        var workers = CliOptions.WholeNumber("--workers", CliOptions.DefaultWorkers, 1, 64, "workers of each pipeline run (default: the cores, at least 2)");
        // The child side of the baseline: one measured run in a process of its own.
        var baselineRun = new Option<string?>("--baseline-run") { Hidden = true };
        var baselineOut = new Option<string?>("--out") { Hidden = true };
        var command = new Command("bench", "measures enrich against a no-pipeline baseline on synthetic lists (time, memory, records/s); a measurement, not a test")
        {
            counts, workers, baselineRun, baselineOut,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            if (parsed.GetValue(baselineRun) is { } baselineInput)
            {
                var outPath = parsed.GetValue(baselineOut) ?? throw new CliException("--baseline-run needs --out <file>");
                var stats = await BenchBaseline.RunAsync(baselineInput, outPath, BatchSize, DefaultProviders, cancellationToken);
                await output.WriteLineAsync(stats.ToJson());
                return ExitCodes.Ok;
            }

            var sizes = (parsed.GetValue(counts) ?? "100000,1000000")
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CliException($"--counts takes positive whole numbers, not '{text}'"))
                .ToArray();
            var workerCount = parsed.GetResult(workers) is { Implicit: false } ? parsed.GetValue(workers).ToString(CultureInfo.InvariantCulture) : null;
            await RunAsync(sizes, workerCount, output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(int[] counts, string? workers, TextWriter output, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("enrichment-bench-");
        try
        {
            await output.WriteLineAsync($"{"records",10} {"run",-9} {"wall s",7} {"user s",7} {"sys s",6} {"peak MB",8} {"rec/s",9}   stages (upload / split / process / download s), gc gen0/1/2");
            var peaks = new List<(int Count, double Peak)>();
            foreach (var count in counts)
            {
                var input = Path.Combine(work.FullName, $"contacts-{count}.csv");
                await using (var writer = new StreamWriter(input, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
                {
                    writer.NewLine = "\n";
                    await new ContactGenerator(seed: count).WriteCsvAsync(writer, count, cancellationToken);
                }

                var outputPath = Path.Combine(work.FullName, $"out-{count}.csv");
                var pipeline = await RunChildAsync(["enrich", input, "--out", outputPath, "--data-dir", Path.Combine(work.FullName, $"data-{count}"), "--quiet", "--stats-json", .. workers is null ? Array.Empty<string>() : ["--workers", workers]], cancellationToken);
                File.Delete(outputPath);
                var baseline = await RunChildAsync(["bench", "--baseline-run", input, "--out", outputPath], cancellationToken);
                File.Delete(outputPath);
                File.Delete(input);

                await output.WriteLineAsync(Line(count, "pipeline", pipeline));
                await output.WriteLineAsync(Line(count, "baseline", baseline));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{count,10:N0} {"ratio",-9} {pipeline.TotalSeconds / baseline.TotalSeconds,7:N2} {pipeline.UserSeconds / baseline.UserSeconds,7:N2} {pipeline.SystemSeconds / Math.Max(baseline.SystemSeconds, 0.001),6:N2} {pipeline.PeakMegabytes / baseline.PeakMegabytes,8:N2}"));
                peaks.Add((count, pipeline.PeakMegabytes));
            }

            if (peaks.Count > 1)
            {
                var smallest = peaks.MinBy(p => p.Count);
                var largest = peaks.MaxBy(p => p.Count);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"pipeline peak memory at {largest.Count:N0} records is {largest.Peak / smallest.Peak:N2}x the peak at {smallest.Count:N0}"));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static string Line(int count, string run, BenchStats stats)
    {
        var stages = stats.Stages is { } s
            ? string.Create(CultureInfo.InvariantCulture, $"   {s.UploadSeconds:N1} / {s.SplitSeconds:N1} / {s.ProcessSeconds:N1} / {s.DownloadSeconds:N1}")
            : string.Empty;
        var gc = stats.Gc is { } g
            ? string.Create(CultureInfo.InvariantCulture, $"   gc {g.Gen0}/{g.Gen1}/{g.Gen2}, {g.AllocatedMegabytes:N0} MB allocated, {g.PauseSeconds:N2} s paused, {g.WorkItems:N0} work items")
            : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"{count,10:N0} {run,-9} {stats.TotalSeconds,7:N2} {stats.UserSeconds,7:N2} {stats.SystemSeconds,6:N2} {stats.PeakMegabytes,8:N0} {count / stats.TotalSeconds,9:N0}{stages}{gc}");
    }

    private static async Task<BenchStats> RunChildAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start) ?? throw new CliException("could not start the benchmark run", 1);
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        var statsLine = (await stdout).Split('\n').LastOrDefault(line => line.StartsWith('{'));
        if (child.ExitCode != 0 || statsLine is null)
        {
            var reason = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {child.ExitCode}";
            throw new CliException($"the benchmark run failed: {reason}", 1);
        }

        return BenchStats.Parse(statsLine);
    }
}
