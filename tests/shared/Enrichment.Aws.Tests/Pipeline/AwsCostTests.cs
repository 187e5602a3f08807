using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Events;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// A job's counted cost on the AWS adapters against moto: the requests the functions really made,
/// counted at the ports, appear in the status and in summary.json with the same figures, and the
/// counts match what the job must have done.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsCostTests
{
    private static decimal Quantity(JsonNode cost, string item) =>
        cost["aws"]!.AsArray().Single(line => line!["item"]!.GetValue<string>().StartsWith(item, StringComparison.Ordinal))!["quantity"]!.GetValue<decimal>();

    [Test]
    [CancelAfter(600_000)]
    public async Task FinishedJob_StatusAndSummaryCarryTheCountedCost_WithPlausibleRequestCounts()
    {
        const int count = 1_000;
        const int batches = 10;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 60, batchSize: 100);

        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));
        var running = (await pipeline.StatusAsync(jobId))["cost"]!;
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(3));
        var status = await pipeline.StatusAsync(jobId);
        var summaryResponse = await pipeline.SendAsync(ApiRequestBuilder.Get($"/jobs/{jobId}/summary"));
        var summary = JsonNode.Parse(summaryResponse.Body!)!;
        var cost = status["cost"]!;

        Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
        Assert.Multiple(() =>
        {
            Assert.That(status["batches"]!["done"]!.GetValue<int>(), Is.EqualTo(batches));
            Assert.That(summary["cost"]!.ToJsonString(), Is.EqualTo(cost.ToJsonString()), "the status and the summary give the same counted figures");
            Assert.That(cost["basis"]!.GetValue<string>(), Does.StartWith("counted"));

            // Before any batch ran: the split alone (the kept list, one SendMessageBatch of ten messages).
            Assert.That(Quantity(running, "S3 PUT"), Is.EqualTo(1m));
            Assert.That(Quantity(running, "SQS"), Is.EqualTo(1m), "ten messages naming their ranges of the list: one request, one 64 KiB chunk");

            // The kept list, a part per batch, the output and the summary: each PUT counted at the store.
            Assert.That(Quantity(cost, "S3 PUT"), Is.EqualTo(batches + 3m));

            // Each batch's range of the list read by its worker, and every part read back by the aggregate, at least.
            Assert.That(Quantity(cost, "S3 GET"), Is.GreaterThanOrEqualTo(2m * batches));

            // The split's sends, then each batch received (and deleted) once.
            Assert.That(Quantity(cost, "SQS"), Is.GreaterThanOrEqualTo(Quantity(running, "SQS") + batches));

            // Every batch committed once (8 units each), plus the job item's writes.
            Assert.That(Quantity(cost, "DynamoDB writes"), Is.GreaterThanOrEqualTo(batches * 8m));
            Assert.That(Quantity(cost, "Step Functions"), Is.GreaterThanOrEqualTo(6m));
            Assert.That(Quantity(cost, "Lambda requests"), Is.GreaterThanOrEqualTo(5m));
            Assert.That(Quantity(cost, "Lambda duration"), Is.GreaterThan(0m));
            Assert.That(Quantity(cost, "API Gateway"), Is.EqualTo(1m));
            Assert.That(cost["awsUsd"]!.GetValue<decimal>(), Is.GreaterThan(0m));
            Assert.That(cost["totalUsd"]!.GetValue<decimal>(), Is.EqualTo(cost["awsUsd"]!.GetValue<decimal>()));
        });
    }
}
