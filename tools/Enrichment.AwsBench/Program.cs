using System.Globalization;

namespace Enrichment.AwsBench;

/// <summary>
/// <c>dotnet run -c Release --project tools/Enrichment.AwsBench -- [--rows N] [--concurrency N]
/// [--messages-per-invocation N] [--batch-size N] [--latency-ms N] [--split-only] [--sqs moto|local] [--cost]</c>: one job's split,
/// workers and aggregate (with <c>--cost</c>, the whole pipeline and its counted cost) against moto behind a proxy adding a fixed latency per request. The child
/// form <c>proxy --target URL --latency-ms N --sqs moto|local|sink</c> is the proxy itself.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            if (args is ["proxy", "--target", var target, "--latency-ms", var latency, "--sqs", var sqs])
            {
                return await ProxyProcess.ServeAsync(new Uri(target), int.Parse(latency, CultureInfo.InvariantCulture), sqs);
            }

            if (args is ["--tracker", var rows])
            {
                return await TrackerMeasure.RunAsync(int.Parse(rows, CultureInfo.InvariantCulture), Console.Out);
            }

            using var cancel = new CancellationTokenSource();
            Console.CancelKeyPress += (_, e) =>
            {
                e.Cancel = true;
                cancel.Cancel();
            };
            var options = BenchOptions.Parse(args);
            return options.Cost
                ? await new CostRun(options, Console.Out).RunAsync(cancel.Token)
                : await new AwsBenchRun(options, Console.Out).RunAsync(cancel.Token);
        }
        catch (ArgumentException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }
    }
}
