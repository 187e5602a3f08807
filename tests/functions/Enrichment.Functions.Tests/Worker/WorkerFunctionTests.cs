using Enrichment.Core.Configuration;
using Enrichment.Core.Jobs;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.Logging;
using Enrichment.Testing.Events;
using Enrichment.Testing.InMemory;

namespace Enrichment.Functions.Tests.Worker;

public sealed class WorkerFunctionTests
{
    private const string Csv = "email,phone,country\nann@acme.com,+14155550100,US\nbob@acme.com,+14155550101,US\n";

    [Test]
    public async Task Worker_ProcessesTheEventAndReportsNoFailures()
    {
        var pipeline = WithDeadLetterQueue();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single()).Build();

        var response = await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures, Is.Empty);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task Worker_ServiceLinesOfAnInvocation_CarryItsRequestIdAndTheJobId()
    {
        var pipeline = WithDeadLetterQueue();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single()).Build();

        // What the bootstrap (and the local host) does around every invocation.
        using (pipeline.Log.BeginRequestScope("req-42"))
        {
            await function.HandleAsync(sqsEvent, new TestLambdaContext { AwsRequestId = "req-42" }, CancellationToken.None);
        }

        var batchLine = pipeline.Log.Entries.Single(line => line.GetProperty("message").GetString()!.Contains("batch 0", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(batchLine.GetProperty("requestId").GetString(), Is.EqualTo("req-42"));
            Assert.That(batchLine.GetProperty("jobId").GetString(), Is.EqualTo(job.JobId));
            Assert.That(batchLine.GetProperty("level").GetString(), Is.EqualTo("INFO"));
        });
    }

    [Test]
    public async Task Worker_ReportsOnlyTheFailedMessagesAsBatchItemFailures()
    {
        var pipeline = WithDeadLetterQueue();
        _ = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
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
        var pipeline = WithDeadLetterQueue();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
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
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
        var sqsEvent = new SqsEventBuilder().WithBatch(pipeline.Queue.Drain().Single(), sourceArn: SqsEventBuilder.DeadLetterQueueArn).Build();

        await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That(progress.BatchesDone, Is.EqualTo(1));
    }

    [Test]
    public async Task Worker_PassesTheInvocationDeadlineToTheProviders()
    {
        var pipeline = WithDeadLetterQueue();
        var probe = new DeadlineProbeProvider();
        pipeline.Providers.Register(DeadlineProbeProvider.Kind, () => probe);
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(Csv, providers: [DeadlineProbeProvider.Kind]), CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
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
        var pipeline = WithDeadLetterQueue();
        var function = pipeline.Handler<WorkerFunction>();

        var response = await function.HandleAsync(new SqsEventBuilder().Build(), new TestLambdaContext(), CancellationToken.None);

        Assert.That(response.BatchItemFailures, Is.Empty);
    }

    /// <summary>The on-failure record Lambda sends for an S3-invoked split it gave up (AWS's invocation record).</summary>
    private static string GivenUpSplit(string key, string condition) => $$"""
        {"version":"1.0","timestamp":"2026-12-06T02:00:00.000Z",
         "requestContext":{"requestId":"e4b46cbf","functionArn":"arn:aws:lambda:us-east-1:123456789012:function:enrichment-dev-split:$LATEST","condition":"{{condition}}","approximateInvokeCount":3 },
         "requestPayload":{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventTime":"2026-12-06T01:59:00.000Z","eventName":"ObjectCreated:Put",
           "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"b","arn":"arn:aws:s3:::b"},"object":{"key":"{{key}}","size":10} } } ]},
         "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
         "responsePayload":{"errorMessage":"boom","errorType":"IOException"} }
        """;

    [TestCase("RetriesExhausted", "three attempts")]
    [TestCase("EventAgeExceeded", "in time")]
    public async Task Worker_GivenUpSplitOnTheDeadLetterQueue_FailsItsJobWithAReason(string condition, string reason)
    {
        var pipeline = WithDeadLetterQueue();
        var reserved = (await pipeline.Uploads.ReserveAsync("csv", "csv", null, "contacts.csv", 100, "caller-1", id => "/jobs/" + id, CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
        var sqsEvent = new SqsEventBuilder().WithBody(GivenUpSplit(JobKeys.Upload(reserved.JobId, "contacts.csv"), condition), sourceArn: SqsEventBuilder.DeadLetterQueueArn).Build();

        var response = await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        var job = await pipeline.Table.GetJobAsync(reserved.JobId, CancellationToken.None);
        Assert.That(response.BatchItemFailures, Is.Empty);
        Assert.That(job!.State, Is.EqualTo(JobState.Failed));
        Assert.That(job.Error, Does.Contain(reason));
    }

    [Test]
    public async Task Worker_GivenUpSplitRecordOnTheMainQueue_IsNotTrusted()
    {
        var pipeline = WithDeadLetterQueue();
        var reserved = (await pipeline.Uploads.ReserveAsync("csv", "csv", null, "contacts.csv", 100, "caller-1", id => "/jobs/" + id, CancellationToken.None)).Value;
        var function = pipeline.Handler<WorkerFunction>();
        var sqsEvent = new SqsEventBuilder().WithBody(GivenUpSplit(JobKeys.Upload(reserved.JobId, "contacts.csv"), "RetriesExhausted")).Build();

        await function.HandleAsync(sqsEvent, new TestLambdaContext(), CancellationToken.None);

        Assert.That((await pipeline.Table.GetJobAsync(reserved.JobId, CancellationToken.None))!.State, Is.EqualTo(JobState.Accepted));
    }

    /// <summary>A pipeline whose options name the dead-letter queue the event builder's records can come from.</summary>
    private static InMemoryPipeline WithDeadLetterQueue() =>
        new(new EnrichmentOptions { DeadLetterQueueArn = SqsEventBuilder.DeadLetterQueueArn });
}
