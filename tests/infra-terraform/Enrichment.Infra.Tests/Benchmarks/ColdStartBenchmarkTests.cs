using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.Versioning;
using System.Text;
using System.Text.Json;
using Enrichment.Infra.Tests.Support;
using Enrichment.Testing.Lambda;
using Enrichment.Testing.Moto;

namespace Enrichment.Infra.Tests.Benchmarks;

/// <summary>
/// A measurement, not a test: zip size and cold start (process start to the first answer of a real event,
/// fake Runtime API on loopback, control table in moto) of every function zip. Explicit, so CI never runs it;
/// run it with tests/infra-terraform/bench-cold-start.sh, which builds the zips and passes
/// ENRICHMENT_BENCH_PACKAGES="label=zip-folder;label=zip-folder". Nothing here asserts a duration.
/// </summary>
[TestFixture]
[Explicit("a benchmark: run tests/infra-terraform/bench-cold-start.sh")]
[Category("ColdStartBenchmark")]
[SupportedOSPlatform("linux")]
public sealed class ColdStartBenchmarkTests
{
    private const int Runs = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Test]
    public async Task ColdStart_OfEveryZip_IsMeasuredAndReported()
    {
        var packages = (Environment.GetEnvironmentVariable("ENRICHMENT_BENCH_PACKAGES") ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Label: p[0], Directory: p[1]))
            .ToList();
        Assert.That(packages, Is.Not.Empty, "set ENRICHMENT_BENCH_PACKAGES (bench-cold-start.sh does)");

        var plan = (await PlannedStacks.GetAsync()).Dev;
        await using var moto = await MotoServer.StartAsync();
        foreach (var table in FunctionEvents.All.Select(e => PlannedFunctionEnvironment.Of(plan, e.Function)["ENRICHMENT_TABLE"]).Distinct(StringComparer.Ordinal))
        {
            await PlannedFunctionEnvironment.CreateControlTableAsync(plan, table, moto);
        }

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"| packaging | function | zip | unzipped | cold start median (min-max of {Runs}) | warm answer median |");
        report.AppendLine("|---|---|---:|---:|---:|---:|");
        var unzipRoot = Path.Combine(Path.GetTempPath(), "enrichment-bench-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            foreach (var (label, directory) in packages)
            {
                foreach (var (function, validEvent, expected) in FunctionEvents.All)
                {
                    var zipPath = Path.Combine(directory, function + ".zip");
                    var target = Path.Combine(unzipRoot, label.Replace(' ', '-'), function);
                    ZipFile.ExtractToDirectory(zipPath, target);
                    var unzipped = Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
                    var environment = PlannedFunctionEnvironment.PointedAt(moto, PlannedFunctionEnvironment.Of(plan, function))
                        .Append(("LAMBDA_TASK_ROOT", target)).Append(("LOG_LEVEL", "Warning")).ToArray();
                    var cold = new List<double>();
                    var warm = new List<double>();
                    for (var run = 0; run < Runs; run++)
                    {
                        await using var runtime = await FakeLambdaRuntimeApi.StartAsync();
                        var clock = Stopwatch.StartNew();
                        await using var process = LambdaFunctionProcess.StartExecutable(Path.Combine(target, "bootstrap"), runtime.RuntimeApi, environment);
                        var first = await runtime.InvokeAsync(validEvent, Timeout);
                        cold.Add(clock.Elapsed.TotalMilliseconds);
                        clock.Restart();
                        var second = await runtime.InvokeAsync(validEvent, Timeout);
                        warm.Add(clock.Elapsed.TotalMilliseconds);
                        Assert.That(first.Succeeded && second.Succeeded, Is.True, $"{label} {function}: {first}\n{process.Output}");
                        Assert.That(Compact(first.Body), Does.Contain(expected), $"{label} {function}");
                    }

                    report.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {function} | {Mb(new FileInfo(zipPath).Length)} | {Mb(unzipped)} | {Median(cold):0} ms ({cold.Min():0}-{cold.Max():0}) | {Median(warm):0} ms |");
                }
            }
        }
        finally
        {
            if (Directory.Exists(unzipRoot))
            {
                Directory.Delete(unzipRoot, recursive: true);
            }
        }

        var text = report.ToString();
        await TestContext.Out.WriteLineAsync(text);
        var output = Environment.GetEnvironmentVariable("ENRICHMENT_BENCH_OUTPUT");
        if (!string.IsNullOrEmpty(output))
        {
            await File.WriteAllTextAsync(output, text);
        }

        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2 + (packages.Count * FunctionEvents.All.Count)));
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Mb(long bytes) => (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }
}
