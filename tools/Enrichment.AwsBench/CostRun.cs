using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Enrichment.Aws.StepFunctions;
using Enrichment.Core.Input;
using Enrichment.Core.Ports;
using Enrichment.Core.Services;
using Enrichment.Functions.Api;
using Enrichment.Functions.Split;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Events;
using Enrichment.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.AwsBench;

/// <summary>
/// <c>--cost</c>: one job through the whole pipeline as deployed (the ports wrapped in their counting
/// decorators by the AWS adapters' registration), against moto behind the latency proxy: reserved by
/// POST /jobs/uploads through the api handler, the list put into the bucket, the split handler on the
/// S3 event, the workers fed by <see cref="WorkerDriver"/> while the poller (<see cref="BenchPoller"/>)
/// checks at the waits it asks for, then aggregates and notifies. Prints the counted cost of
/// GET /jobs/{id} beside the estimate of the same list, and the requests the proxy saw, as a check on
/// the count. A measurement: it fails only when the job did not finish or the two counted figures differ.
/// </summary>
public sealed class CostRun(BenchOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var input = await BenchList.PathAsync(options.Rows, cancellationToken);
        await using var moto = await MotoServer.StartAsync(cancellationToken: cancellationToken);
        await using var proxy = await ProxyProcess.StartAsync(moto.Endpoint, options.LatencyMilliseconds, options.ProxySqs, cancellationToken);
        using var stack = await BenchStack.CreateAsync(proxy.Endpoint, options.BatchSize, cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var stepFunctions = new StepFunctionsClient(http, proxy.Endpoint, "us-east-1", new BasicAWSCredentials("bench", "bench"), TimeProvider.System);
        var services = stack.Services;
        var api = services.GetRequiredService<ApiFunction>();

        var estimate = await services.GetRequiredService<SplitService>().EstimateAsync(
            new SubmitRequest(_ => Task.FromResult<Stream>(File.OpenRead(input)), InputFormat.Csv, "csv", null, null, "contacts.csv"), cancellationToken);
        if (estimate.Refusal is { } refusal)
        {
            await output.WriteLineAsync($"the list was refused: {refusal}");
            return 1;
        }

        await proxy.ResetAsync(cancellationToken);
        var reserved = await CallAsync(api, ApiRequestBuilder.Post("/jobs/uploads")
            .WithBody(string.Create(CultureInfo.InvariantCulture, $$"""{"fileName":"contacts.csv","size":{{new FileInfo(input).Length}}}"""), "application/json"), cancellationToken);
        var jobId = reserved["jobId"]!.GetValue<string>();
        var table = services.GetRequiredService<IControlTable>();
        var job = await table.GetJobAsync(jobId, cancellationToken) ?? throw new InvalidOperationException("the reserved job is gone");
        await stack.UploadAsync(moto.Endpoint, job.InputKey!, input, cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"job {jobId}: {options.Rows:N0} rows, {new FileInfo(input).Length / 1048576.0:N1} MB of CSV, batches of {options.BatchSize}, {options.Concurrency} concurrent workers, {options.LatencyMilliseconds} ms added per request, load average {BenchList.LoadAverage()} at start"));

        var started = TimeProvider.System.GetTimestamp();
        await services.GetRequiredService<SplitFunction>().HandleAsync(
            S3EventBuilder.ObjectPut(stack.Bucket, job.InputKey!, "cost-1"),
            new TestLambdaContext { FunctionName = "split", RemainingTime = TimeSpan.FromMinutes(15) },
            cancellationToken);
        var split = await table.GetJobAsync(jobId, cancellationToken) ?? throw new InvalidOperationException("the job is gone");
        var poller = BenchPoller.RunAsync(stack, stepFunctions, jobId, split.Attempt, cancellationToken);
        var driver = new WorkerDriver(stack, services.GetRequiredService<Functions.Worker.WorkerFunction>(), options.Concurrency, options.MessagesPerInvocation);
        await driver.RunAsync(split.TotalBatches, TimeSpan.FromSeconds(600 + (options.Rows / 100)), cancellationToken);
        var execution = await poller;
        var wall = TimeProvider.System.GetElapsedTime(started);

        var status = await CallAsync(api, ApiRequestBuilder.Get($"/jobs/{jobId}"), cancellationToken);
        var summary = await CallAsync(api, ApiRequestBuilder.Get($"/jobs/{jobId}/summary"), cancellationToken);
        var requests = await proxy.CountsAsync(cancellationToken);
        var counted = status["cost"]!;
        var same = JsonNode.DeepEquals(counted, summary["cost"]);
        var checks = execution.StatesEntered.Count(state => state == "CheckCompletion");

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"status {status["status"]}, {split.TotalBatches:N0} batches, {wall.TotalSeconds:N0} s from the split to the end, poller {execution.Status}: {checks} checks, {execution.StatesEntered.Count} states entered; load average {BenchList.LoadAverage()} at end"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"workers: {driver.Invocations:N0} invocations, {driver.InvocationTime.TotalSeconds:N1} s in the handler summed (the measured Lambda duration's share of the workers)"));
        await output.WriteLineAsync($"summary.json cost {(same ? "equals" : "DIFFERS FROM")} the status's");
        await CostTable.WriteAsync(output, estimate.Value.Cost, counted, cancellationToken);
        await output.WriteLineAsync("requests through the proxy (the job's, from the reservation on; SQS receives and deletes are the event source's):");
        foreach (var (operation, totals) in requests.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {operation,-36} {totals.Requests,9:N0}"));
        }

        return execution.Status == AslExecutionStatus.Succeeded && same ? 0 : 1;
    }

    private static async Task<JsonNode> CallAsync(ApiFunction api, ApiRequestBuilder request, CancellationToken cancellationToken)
    {
        APIGatewayHttpApiV2ProxyResponse response = await api.HandleAsync(
            request.Build(), new TestLambdaContext { FunctionName = "api", RemainingTime = TimeSpan.FromSeconds(30) }, cancellationToken);
        return response.StatusCode is >= 200 and < 300
            ? JsonNode.Parse(response.Body!)!
            : throw new InvalidOperationException($"the api answered {response.StatusCode}: {response.Body}");
    }
}
