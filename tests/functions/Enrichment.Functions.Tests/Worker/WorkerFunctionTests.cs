using Enrichment.Core.Jobs;
using Enrichment.Functions.Worker;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.Worker;

public sealed class WorkerFunctionTests
{
    private const string Csv = "email,phone,country\nann@acme.com,+14155550100,US\nbob@acme.com,+14155550101,US\n";

    [Test]
    public async Task Worker_ProcessesTheEventAndReportsNoFailures()
    {
        var pipeline = new InMemoryPipeline();
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None);
        var function = new WorkerFunction(pipeline.Worker, SqsEventBuilder.DeadLetterQueueArn);
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single()).Build();

        var response = await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures, Is.Empty);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task Worker_ReportsOnlyTheFailedMessagesAsBatchItemFailures()
    {
        var pipeline = new InMemoryPipeline();
        await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None);
        var function = new WorkerFunction(pipeline.Worker, SqsEventBuilder.DeadLetterQueueArn);
        var sqsEvent = new SqsEventBuilder()
            .WithBatch(pipeline.Queue.Drain().Single())
            .WithBody("{broken")
            .Build();

        var response = await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures.Select(f => f.ItemIdentifier), Is.EqualTo(new[] { "msg-2" }));
    }

    [Test]
    public async Task Worker_TreatsRecordsFromTheDeadLetterQueueAsFailedBatches()
    {
        var pipeline = new InMemoryPipeline();
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None);
        var function = new WorkerFunction(pipeline.Worker, SqsEventBuilder.DeadLetterQueueArn);
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single(), receiveCount: 1, sourceArn: SqsEventBuilder.DeadLetterQueueArn).Build();

        var response = await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures, Is.Empty);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That((progress.BatchesDone, progress.BatchesFailed), Is.EqualTo((0, 1)));
        Assert.That(pipeline.Store.Keys, Does.Contain(JobKeys.Failed(job.JobId, 0)));
    }

    [Test]
    public async Task Worker_WithoutADeadLetterArnProcessesEveryRecordNormally()
    {
        var pipeline = new InMemoryPipeline();
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None);
        var function = new WorkerFunction(pipeline.Worker, deadLetterQueueArn: null);
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single(), sourceArn: SqsEventBuilder.DeadLetterQueueArn).Build();

        await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task Worker_PassesTheInvocationDeadlineToTheProviders()
    {
        var pipeline = new InMemoryPipeline();
        var probe = new DeadlineProbeProvider();
        pipeline.Providers.Register(DeadlineProbeProvider.Kind, () => probe);
        var job = await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv, providers: [DeadlineProbeProvider.Kind]), CancellationToken.None);
        var function = new WorkerFunction(pipeline.Worker, SqsEventBuilder.DeadLetterQueueArn, pipeline.Time);
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single()).Build();
        var context = new TestLambdaContext { RemainingTime = TimeSpan.FromSeconds(42) };

        await function.HandleAsync(sqsEvent, context, CancellationToken.None);

        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(probe.Deadlines, Is.EqualTo(new DateTimeOffset?[] { pipeline.Time.GetUtcNow() + TimeSpan.FromSeconds(42) }));
            Assert.That(progress.BatchesDone, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Worker_OfAnEmptyEventAnswersNoFailures()
    {
        var pipeline = new InMemoryPipeline();
        var function = new WorkerFunction(pipeline.Worker, SqsEventBuilder.DeadLetterQueueArn);

        var response = await function.HandleAsync(new SqsEventBuilder().Build(), new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures, Is.Empty);
    }
}
