using System.Diagnostics;
using System.Globalization;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `bench [--counts 100000,1000000]`: generates synthetic lists and runs each through `enrich` in a
/// fresh child process (so peak memory is that run's alone), printing records/s, time per stage and
/// peak resident memory. A measurement tool, not a test: it asserts nothing.
/// </summary>
public static class BenchCommand
{
    public static async Task RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var counts = (args.Option("counts") ?? "100000,1000000")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CliException($"--counts takes positive whole numbers, not '{text}'"))
            .ToArray();
        var workers = args.Option("workers");
        args.RejectUnknown();

        var work = Directory.CreateTempSubdirectory("enrichment-bench-");
        try
        {
            await output.WriteLineAsync($"{"records",10} {"total s",8} {"rec/s",9} {"upload s",9} {"split s",8} {"process s",10} {"download s",11} {"peak MB",8}");
            foreach (var count in counts)
            {
                var input = Path.Combine(work.FullName, $"contacts-{count}.csv");
                await using (var writer = new StreamWriter(input, append: false, new System.Text.UTF8Encoding(false), 1 << 16))
                {
                    writer.NewLine = "\n";
                    await new ContactGenerator(seed: count).WriteCsvAsync(writer, count, cancellationToken);
                }

                var stats = await RunChildAsync(input, Path.Combine(work.FullName, $"out-{count}.csv"), Path.Combine(work.FullName, $"data-{count}"), workers, cancellationToken);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{count,10:N0} {stats.TotalSeconds,8:N1} {count / stats.TotalSeconds,9:N0} {stats.UploadSeconds,9:N1} {stats.SplitSeconds,8:N1} {stats.ProcessSeconds,10:N1} {stats.DownloadSeconds,11:N1} {stats.PeakMegabytes,8:N0}"));
                File.Delete(input);
                File.Delete(Path.Combine(work.FullName, $"out-{count}.csv"));
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<BenchStats> RunChildAsync(string input, string outputPath, string dataDirectory, string? workers, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? "dotnet";
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        }

        foreach (var arg in new[] { "enrich", input, "--out", outputPath, "--data-dir", dataDirectory, "--quiet", "--stats-json" })
        {
            start.ArgumentList.Add(arg);
        }

        if (workers is not null)
        {
            start.ArgumentList.Add("--workers");
            start.ArgumentList.Add(workers);
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
