using System.Net;
using System.Net.Sockets;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Events;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// The Notify step on the AWS adapters, each function signing as its own IAM user: the webhook
/// function reads the job and records its outcome with the least-privilege role Terraform plans,
/// and AWS's address rules refuse a callback that resolves to loopback before any connection.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsWebhookTests
{
    [Test]
    [CancelAfter(600_000)]
    public async Task Webhook_CallbackResolvingToLoopback_IsRefusedWithNoConnection_AndRecordedUnderItsOwnRole()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 50);
        var accepted = await pipeline.SendAsync(ApiRequestBuilder.Post("/jobs")
            .WithQuery("callbackUrl", $"https://localhost:{port}/hook")
            .WithBody(ContactListGenerator.Csv(20), "text/csv"));
        Assert.That(accepted.StatusCode, Is.EqualTo(202), accepted.Body);
        var jobId = System.Text.Json.Nodes.JsonNode.Parse(accepted.Body!)!["jobId"]!.GetValue<string>();

        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(3));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(3));
        var status = await pipeline.StatusAsync(jobId);

        Assert.Multiple(() =>
        {
            Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
            Assert.That(execution.StatesEntered.TakeLast(3), Is.EqualTo(new[] { "Aggregate", "Notify", "Done" }));
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(status["webhook"]?["outcome"]?.GetValue<string>(), Is.EqualTo("refused"), "recorded by the webhook function's own role");
            Assert.That(status["webhook"]?["attempts"]?.GetValue<int>(), Is.Zero);
            Assert.That(listener.Pending(), Is.False, "no connection reached the loopback address");
        });
    }
}
