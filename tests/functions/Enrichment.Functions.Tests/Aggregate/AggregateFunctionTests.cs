using Enrichment.Core.Workflow;
using Enrichment.Functions.Aggregate;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.Aggregate;

public sealed class AggregateFunctionTests
{
    [Test]
    public async Task Aggregate_WritesTheOutputAndLogsNoContactData()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv("email\nsecret.person@acme.com\n"), CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        var function = pipeline.Handler<AggregateFunction>();

        var output = await function.HandleAsync(new AggregateInput(job.JobId, 0), new TestLambdaContext(), CancellationToken.None);

        Assert.That(output.Status, Is.EqualTo("completed"));
        Assert.That(pipeline.Store.ReadText(output.OutputKey!), Does.Contain("secret.person@acme.com"));
        Assert.That(pipeline.Log.Lines, Has.Some.Contains("aggregated"));
        Assert.That(pipeline.Log.Lines, Has.None.Contains("secret.person"));
    }

    [Test]
    public async Task Aggregate_WithAFailureReasonFailsTheJob()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv("email\na@acme.com\n"), CancellationToken.None)).Value;
        var function = pipeline.Handler<AggregateFunction>();

        var output = await function.HandleAsync(new AggregateInput(job.JobId, 0, "States.TaskFailed"), new TestLambdaContext(), CancellationToken.None);

        Assert.That(output.Status, Is.EqualTo("failed"));
    }
}
