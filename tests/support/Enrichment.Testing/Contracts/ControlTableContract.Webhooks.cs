using Enrichment.Core.Jobs;

namespace Enrichment.Testing.Contracts;

/// <summary>The webhook parts of the job item: the target kept from creation, the delivery recorded alone.</summary>
public abstract partial class ControlTableContract
{
    private static readonly WebhookTarget Target = new(
        "https://hooks.example.com/enrichment?token=abc",
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "https://api.example.com/jobs/x");

    [Test]
    public async Task CreateJob_RoundTripsTheWebhookTargetAndDelivery()
    {
        var job = NewJob(NewJobId(), JobState.Completed) with
        {
            Webhook = Target,
            WebhookDelivery = new WebhookDelivery(WebhookOutcomes.Delivered, 2, 200, BaseTime.AddMinutes(1), 0),
        };

        await Table.TryCreateJobAsync(job, CancellationToken.None);

        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job);
    }

    [Test]
    public async Task RecordWebhook_StoresTheDeliveryAndChangesNothingElse()
    {
        var job = NewJob(NewJobId(), JobState.CompletedWithErrors) with { Webhook = Target, Attempt = 1, FinishedAt = BaseTime.AddMinutes(2) };
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        var delivery = new WebhookDelivery(WebhookOutcomes.Failed, 8, 503, null, 1);

        Assert.That(await Table.RecordWebhookAsync(job.JobId, delivery, CancellationToken.None), Is.True);

        AssertSameJob(await Table.GetJobAsync(job.JobId, CancellationToken.None), job with { WebhookDelivery = delivery });
    }

    [Test]
    public async Task RecordWebhook_Again_ReplacesTheEarlierDeliveryWhole()
    {
        var job = NewJob(NewJobId(), JobState.Completed) with { Webhook = Target };
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        await Table.RecordWebhookAsync(job.JobId, new WebhookDelivery(WebhookOutcomes.Delivered, 1, 204, BaseTime, 0), CancellationToken.None);
        var refused = new WebhookDelivery(WebhookOutcomes.Refused, 0, null, null, 1);

        await Table.RecordWebhookAsync(job.JobId, refused, CancellationToken.None);

        Assert.That((await Table.GetJobAsync(job.JobId, CancellationToken.None))!.WebhookDelivery, Is.EqualTo(refused));
    }

    [Test]
    public async Task RecordWebhook_ThenUpdateJob_KeepsTheDeliveryTheUpdateCarries()
    {
        var job = NewJob(NewJobId(), JobState.Completed) with { Webhook = Target };
        await Table.TryCreateJobAsync(job, CancellationToken.None);
        var delivery = new WebhookDelivery(WebhookOutcomes.Delivered, 1, 200, BaseTime, 0);
        await Table.RecordWebhookAsync(job.JobId, delivery, CancellationToken.None);
        var read = (await Table.GetJobAsync(job.JobId, CancellationToken.None))!;

        await Table.TryUpdateJobAsync(read with { State = JobState.Processing, Attempt = 1 }, JobState.Completed, CancellationToken.None);

        var after = (await Table.GetJobAsync(job.JobId, CancellationToken.None))!;
        Assert.That((after.State, after.Webhook, after.WebhookDelivery), Is.EqualTo((JobState.Processing, Target, delivery)));
    }

    [Test]
    public async Task RecordWebhook_UnknownJob_ReturnsFalseAndCreatesNothing()
    {
        var jobId = NewJobId();

        var recorded = await Table.RecordWebhookAsync(jobId, new WebhookDelivery(WebhookOutcomes.Delivered, 1, 200, BaseTime, 0), CancellationToken.None);

        Assert.That(recorded, Is.False);
        Assert.That(await Table.GetJobAsync(jobId, CancellationToken.None), Is.Null);
    }
}
