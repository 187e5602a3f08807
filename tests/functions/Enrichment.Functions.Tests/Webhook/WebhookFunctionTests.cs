using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Core.Webhooks;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Webhook;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;
using Enrichment.Testing.Jobs;
using Enrichment.Testing.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Functions.Tests.Webhook;

public sealed class WebhookFunctionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Handle_FinishedJobWithCallback_DeliversAndAnswersTheOutcome()
    {
        await using var receiver = new WebhookReceiver(null, 503, 200);
        using var sender = new WebhookSender(WebhookOptions.Local with { FirstRetryDelay = TimeSpan.FromMilliseconds(10) }, TimeProvider.System);
        var pipeline = new InMemoryPipeline();
        await pipeline.Table.TryCreateJobAsync(Job("j1") with { Webhook = new WebhookTarget(receiver.Url.AbsoluteUri, WebhookSecrets.Generate(), "https://api.example.com/jobs/j1") }, CancellationToken.None);
        var function = pipeline.Handler<WebhookFunction>(services => services.AddSingleton(sender).AddSingleton<WebhookService>());

        var output = await function.HandleAsync(new NotifyInput("j1"), new TestLambdaContext(), CancellationToken.None);

        Assert.That(output, Is.EqualTo(new NotifyOutput("j1", WebhookOutcomes.Delivered, 2)));
    }

    [Test]
    public async Task Handle_JobWithoutCallback_AnswersNone()
    {
        using var sender = new WebhookSender(WebhookOptions.Local, TimeProvider.System);
        var pipeline = new InMemoryPipeline();
        await pipeline.Table.TryCreateJobAsync(Job("j2"), CancellationToken.None);
        var function = pipeline.Handler<WebhookFunction>(services => services.AddSingleton(sender).AddSingleton<WebhookService>());

        var output = await function.HandleAsync(new NotifyInput("j2"), new TestLambdaContext(), CancellationToken.None);

        Assert.That(output, Is.EqualTo(new NotifyOutput("j2", "none", 0)));
    }

    private static JobRecord Job(string jobId) => TestJobs.Create(jobId, JobState.Completed, Now) with { InputFormat = "Csv", FinishedAt = Now };
}
