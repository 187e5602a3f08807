using System.Text.Json;
using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Core.Webhooks;
using Enrichment.Testing.InMemory;
using Enrichment.Testing.Jobs;
using Enrichment.Testing.Webhooks;

namespace Enrichment.Core.Tests.Services;

public sealed class WebhookServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static readonly WebhookOptions Quick = WebhookOptions.Local with
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        FirstRetryDelay = TimeSpan.FromMilliseconds(20),
        MaxAttempts = 3,
    };

    private readonly RecordingLogger _log = new();

    private static JobRecord Job(string jobId, JobState state, Uri callback, string secret) => TestJobs.Create(jobId, state, Now) with
    {
        InputFormat = "Csv",
        TotalRecords = 250,
        TotalBatches = 3,
        FinishedAt = state.IsFinished() ? Now : null,
        Webhook = new WebhookTarget(callback.AbsoluteUri, secret, $"https://api.example.com/jobs/{jobId}"),
    };

    private WebhookService Service(InMemoryControlTable table, WebhookSender sender) => new(table, sender, TimeProvider.System, _log);

    [Test]
    public async Task Notify_CompletedJob_SendsTheEventOnceAndStoresTheDelivery()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(Quick, TimeProvider.System);
        var table = new InMemoryControlTable();
        var secret = WebhookSecrets.Generate();
        var job = Job("j1", JobState.CompletedWithErrors, receiver.Url, secret);
        await table.TryCreateJobAsync(job with { State = JobState.Processing }, CancellationToken.None);
        await table.CommitBatchAsync("j1", new BatchResult(0, BatchStatus.Done, 100, 90, 10, 0, null, 0), CancellationToken.None);
        await table.TryUpdateJobAsync(job, JobState.Processing, CancellationToken.None);

        var delivery = await Service(table, sender).NotifyAsync("j1", CancellationToken.None);
        var again = await Service(table, sender).NotifyAsync("j1", CancellationToken.None);

        Assert.That(delivery, Is.Not.Null);
        Assert.That((delivery!.Outcome, delivery.Attempts, delivery.LastStatusCode, delivery.JobAttempt), Is.EqualTo((WebhookOutcomes.Delivered, 1, 200, 0)));
        Assert.That(delivery.DeliveredAt, Is.Not.Null);
        Assert.That(again, Is.EqualTo(delivery), "an end already told is not told again");
        Assert.That((await table.GetJobAsync("j1", CancellationToken.None))!.WebhookDelivery, Is.EqualTo(delivery));

        var request = await receiver.NextAsync(Wait);
        Assert.That(receiver.Pending, Is.Zero);
        using var json = JsonDocument.Parse(request.Body);
        var root = json.RootElement;
        Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("job.completed_with_errors"));
        var data = root.GetProperty("data");
        Assert.That(data.GetProperty("jobId").GetString(), Is.EqualTo("j1"));
        Assert.That(data.GetProperty("status").GetString(), Is.EqualTo("completed_with_errors"));
        Assert.That(data.GetProperty("statusUrl").GetString(), Is.EqualTo("https://api.example.com/jobs/j1"));
        Assert.That(data.GetProperty("records").GetProperty("total").GetInt64(), Is.EqualTo(250));
        Assert.That(data.GetProperty("records").GetProperty("ok").GetInt64(), Is.EqualTo(90));
        Assert.That(data.GetProperty("batches").GetProperty("done").GetInt32(), Is.EqualTo(1));
        Assert.That(request.Body, Does.Not.Contain("downloadUrl").And.Not.Contain("email"));
        Assert.That(request.Headers["webhook-id"], Is.EqualTo("msg_j1_0"));
        Assert.That(string.Join('\n', _log.Lines), Does.Not.Contain(secret).And.Not.Contain("token=t1"));
    }

    [Test]
    public async Task Notify_FailedJob_SendsJobFailed()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(Quick, TimeProvider.System);
        var table = new InMemoryControlTable();
        await table.TryCreateJobAsync(Job("j2", JobState.Failed, receiver.Url, WebhookSecrets.Generate()), CancellationToken.None);

        await Service(table, sender).NotifyAsync("j2", CancellationToken.None);

        using var json = JsonDocument.Parse((await receiver.NextAsync(Wait)).Body);
        Assert.That(json.RootElement.GetProperty("type").GetString(), Is.EqualTo("job.failed"));
    }

    [Test]
    public async Task Notify_RetriedJobThatEndedAgain_TellsTheNewEndWithANewId()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(Quick, TimeProvider.System);
        var table = new InMemoryControlTable();
        await table.TryCreateJobAsync(
            Job("j3", JobState.Completed, receiver.Url, WebhookSecrets.Generate()) with
            {
                Attempt = 1,
                WebhookDelivery = new WebhookDelivery(WebhookOutcomes.Delivered, 1, 200, Now, 0),
            },
            CancellationToken.None);

        var delivery = await Service(table, sender).NotifyAsync("j3", CancellationToken.None);

        Assert.That(delivery!.JobAttempt, Is.EqualTo(1));
        Assert.That((await receiver.NextAsync(Wait)).Headers["webhook-id"], Is.EqualTo("msg_j3_1"));
    }

    [Test]
    public async Task Notify_JobStillRunningOrWithoutCallback_SendsNothing()
    {
        await using var receiver = new WebhookReceiver();
        using var sender = new WebhookSender(Quick, TimeProvider.System);
        var table = new InMemoryControlTable();
        await table.TryCreateJobAsync(Job("j4", JobState.Processing, receiver.Url, WebhookSecrets.Generate()), CancellationToken.None);
        await table.TryCreateJobAsync(Job("j5", JobState.Completed, receiver.Url, WebhookSecrets.Generate()) with { Webhook = null }, CancellationToken.None);

        Assert.That(await Service(table, sender).NotifyAsync("j4", CancellationToken.None), Is.Null);
        Assert.That(await Service(table, sender).NotifyAsync("j5", CancellationToken.None), Is.Null);
        Assert.That(await Service(table, sender).NotifyAsync("gone", CancellationToken.None), Is.Null);
        Assert.That(receiver.Pending, Is.Zero);
    }
}
