using System.Globalization;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Aggregate;
using Enrichment.Functions.Split;
using Enrichment.Functions.Worker;
using Enrichment.Testing.Events;
using Enrichment.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.AwsBench;

/// <summary>
/// One job through split, workers and aggregate on the AWS adapters, against moto behind the latency
/// proxy, each stage measured by a <see cref="StageMeter"/>. A measurement, not a test: it asserts only
/// that the job came out whole.
/// </summary>
public sealed class AwsBenchRun(BenchOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var input = await BenchList.PathAsync(options.Rows, cancellationToken);
        await using var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken);
        await using var proxy = await ProxyProcess.StartAsync(moto.Endpoint, options.LatencyMilliseconds, options.ProxySqs, cancellationToken);
        using var stack = await BenchStack.CreateAsync(proxy.Endpoint, options.BatchSize, cancellationToken);
        var services = stack.Services;
        var split = services.GetRequiredService<SplitService>();

        var job = (await split.ReserveUploadAsync(new SubmitRequest(_ => throw new InvalidOperationException("an upload job has no inline list"), InputFormat.Csv, "csv", null, null, "contacts.csv"), cancellationToken)).Value;
        await stack.UploadAsync(moto.Endpoint, job.InputKey!, input, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"job {job.JobId}: {options.Rows:N0} rows, {new FileInfo(input).Length / 1048576.0:N1} MB of CSV, batches of {options.BatchSize}, {options.LatencyMilliseconds} ms added per request, SQS data path on {options.ProxySqs}, load average {BenchList.LoadAverage()} at start"));

        var figures = new List<StageFigures>();
        var meter = await StageMeter.StartAsync(proxy, cancellationToken);
        var splitFunction = services.GetRequiredService<SplitFunction>();
        var context = new TestLambdaContext { FunctionName = "split", RemainingTime = TimeSpan.FromMinutes(15) };
        var splitResult = await splitFunction.HandleAsync(S3EventBuilder.ObjectPut(stack.Bucket, job.InputKey!, "bench-1", new FileInfo(input).Length), context, cancellationToken);
        figures.Add(await meter.StopAsync("split", proxy, cancellationToken));
        var table = services.GetRequiredService<Core.Ports.IControlTable>();
        var splitJob = await table.GetJobAsync(job.JobId, cancellationToken) ?? throw new InvalidOperationException("the job is gone");
        await output.WriteLineAsync($"split: {string.Join(", ", splitResult.Jobs.Select(r => r.Status))}, {splitJob.TotalBatches:N0} batches");
        await PrintAsync(figures[^1], options.Rows);

        if (options.SplitOnly)
        {
            return 0;
        }

        meter = await StageMeter.StartAsync(proxy, cancellationToken);
        var worker = services.GetRequiredService<WorkerFunction>();
        var driver = new WorkerDriver(stack, worker, options.Concurrency, options.MessagesPerInvocation);
        await driver.RunAsync(splitJob.TotalBatches, TimeSpan.FromSeconds(600 + options.Rows / 100), cancellationToken);
        figures.Add(await meter.StopAsync("workers", proxy, cancellationToken));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"workers: concurrency {options.Concurrency}, {driver.Invocations:N0} invocations of up to {options.MessagesPerInvocation} batches, mean invocation {driver.InvocationTime.TotalMilliseconds / Math.Max(1, driver.Invocations):N0} ms, summed invocation time {driver.InvocationTime.TotalSeconds:N1} s"));
        await PrintAsync(figures[^1], options.Rows);

        var expected = (long)options.Rows;
        if (options.AggregateRows > options.Rows)
        {
            var current = await table.GetJobAsync(job.JobId, cancellationToken) ?? throw new InvalidOperationException("the job is gone");
            var grown = await PartCopies.ExtendAsync(table, stack.DirectStore(moto.Endpoint), current, options.AggregateRows, options.BatchSize, cancellationToken);
            expected = grown.TotalRecords;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"job grown for the aggregate to {grown.TotalBatches:N0} batches, {grown.TotalRecords:N0} rows (copies of the real parts)"));
        }

        meter = await StageMeter.StartAsync(proxy, cancellationToken);
        var aggregate = services.GetRequiredService<AggregateFunction>();
        var result = await aggregate.HandleAsync(new AggregateInput(job.JobId, splitJob.Attempt), new TestLambdaContext { FunctionName = "aggregate", RemainingTime = TimeSpan.FromMinutes(15) }, cancellationToken);
        figures.Add(await meter.StopAsync("aggregate", proxy, cancellationToken));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"aggregate: {result.Status}, {result.Records:N0} records, {result.Duplicates:N0} duplicates"));
        await PrintAsync(figures[^1], (int)expected);
        await output.WriteLineAsync($"load average at end {BenchList.LoadAverage()}");
        return result.Records == expected ? 0 : 1;
    }

    private async Task PrintAsync(StageFigures stage, int rows)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"  {stage.Stage}: wall {stage.Wall.TotalSeconds:N1} s, cpu {stage.Cpu.TotalSeconds:N1} s, allocated {stage.AllocatedMegabytes:N0} MB, resident {stage.StartMegabytes:N0} MB at start, peak {stage.PeakMegabytes:N0} MB; {stage.TotalRequests:N0} requests");
        await output.WriteLineAsync(line.ToString());
        foreach (var (operation, totals) in stage.Requests.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    {operation,-36} {totals.Requests,9:N0} requests ({totals.Requests * 1000.0 / rows,7:N2} per 1,000 rows), {totals.BytesIn / 1048576.0,9:N1} MB sent, {totals.BytesOut / 1048576.0,9:N1} MB received"));
        }
    }
}
