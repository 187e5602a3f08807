using Enrichment.Core.Output;
using Enrichment.Local.StateMachine;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// Whole jobs on the AWS adapters against moto, no mocked client: the api function takes the list,
/// SQS carries the batches (with its real redrive to a dead-letter queue), the worker commits to
/// DynamoDB and writes parts to S3, the poller aggregates, and the client downloads the output
/// through a real pre-signed S3 URL.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class AwsPipelineTests
{
    private static readonly string[] SettledStatuses = ["ok", "invalid"];

    [Test]
    [CancelAfter(900_000)]
    public async Task Pipeline_TenThousandContacts_RoundTripsThroughTheAwsAdapters()
    {
        const int count = 10_000;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 60, batchSize: 100);

        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(10));
        var (input, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(3));
        var status = await pipeline.StatusAsync(jobId);
        var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(input["jobId"]!.GetValue<string>(), Is.EqualTo(jobId), "the execution input the product sent to Step Functions");
            Assert.That(input["attempt"]!.GetValue<int>(), Is.Zero);
            Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(pipeline.NotFoundReads, Is.Empty, "no function read a missing key: on AWS that answers 403 to its role");
            Assert.That(status["records"]!["total"]!.GetValue<long>(), Is.EqualTo(count));
            Assert.That(status["records"]!["processed"]!.GetValue<long>(), Is.EqualTo(count));
            Assert.That(status["batches"]!["total"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(status["batches"]!["done"]!.GetValue<int>(), Is.EqualTo(100));
            Assert.That(status["batches"]!["failed"]!.GetValue<int>(), Is.Zero);
            Assert.That(pipeline.DeadLettersDelivered, Is.Zero);
            var downloadUrl = new Uri(status["downloadUrl"]!.GetValue<string>());
            Assert.That(downloadUrl.Authority, Is.EqualTo(pipeline.Moto.Endpoint.Authority), "the output is served by S3 (moto) itself");
            Assert.That(downloadUrl.Query, Does.Contain("X-Amz-Signature="), "a SigV4 pre-signed URL");
        });
        AssertRowsMatchInput(columns, rows, count, row => SettledStatuses);
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_DuplicateDelivery_IsCountedOnceAndOutputUnchanged()
    {
        const int count = 500;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 4, batchSize: 50);
        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));

        // The worker handles a receive but its deletes never happen (a timeout after the commit, a
        // lost response): SQS delivers those batches again once their visibility timeout ends.
        var undeleted = await pipeline.PumpAsync(pipeline.QueueUrl, pipeline.QueueArn, waitSeconds: 1, delete: false);
        Assert.That(undeleted, Is.GreaterThan(0), "the first receive got no batch");
        var redelivered = pipeline.LastReceived;
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);
        var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(pipeline.MaxReceiveCountSeen, Is.GreaterThanOrEqualTo(2), "the undeleted batches came back");
            Assert.That(redelivered.Select(id => pipeline.DeliveriesByMessage[id]), Is.All.GreaterThanOrEqualTo(2), "every undeleted batch was handled again");
            Assert.That(pipeline.DeliveriesByMessage, Has.Count.EqualTo(10), "ten batch messages in all");
            Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(pipeline.NotFoundReads, Is.Empty, "no function read a missing key: on AWS that answers 403 to its role");
            Assert.That(status["records"]!["total"]!.GetValue<long>(), Is.EqualTo(count));
            Assert.That(status["records"]!["processed"]!.GetValue<long>(), Is.EqualTo(count));
            Assert.That(status["batches"]!["total"]!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(status["batches"]!["done"]!.GetValue<int>(), Is.EqualTo(10));
            Assert.That(status["batches"]!["failed"]!.GetValue<int>(), Is.Zero);
        });
        AssertRowsMatchInput(columns, rows, count, row => SettledStatuses);
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_BatchesLostInTransit_AreStallFailedAsErrorRowsFromTheKeptList_ThenRetryFixesThem()
    {
        const int count = 1_000;
        var time = new Enrichment.Testing.Time.ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 2, batchSize: 100, time: time);
        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));

        var lost = await pipeline.LoseQueuedMessagesAsync();
        time.Advance(TimeSpan.FromMinutes(31));
        var (_, firstExecution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var stalled = await pipeline.StatusAsync(jobId);
        var (firstColumns, firstRows) = await pipeline.DownloadCsvAsync(stalled["downloadUrl"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(lost, Is.EqualTo(10), "every batch lost");
            Assert.That(firstExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), firstExecution.Error + " " + firstExecution.Cause);
            Assert.That(stalled["status"]!.GetValue<string>(), Is.EqualTo("completed_with_errors"));
            Assert.That(stalled["batches"]!["failed"]!.GetValue<int>(), Is.EqualTo(10));
        });
        AssertRowsMatchInput(firstColumns, firstRows, count, row => ["error"]);

        Assert.That(await pipeline.RetryAsync(jobId), Is.EqualTo(202));
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, retryExecution) = await pipeline.RunPollerAsync(jobId, attempt: 1, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);
        var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(retryExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), retryExecution.Error + " " + retryExecution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(pipeline.NotFoundReads, Is.Empty, "no function read a missing key: on AWS that answers 403 to its role");
            Assert.That(status["records"]!["processed"]!.GetValue<long>(), Is.EqualTo(count));
        });
        AssertRowsMatchInput(columns, rows, count, row => SettledStatuses);
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_PoisonBatch_IsDeadLetteredThenRetryFixesIt()
    {
        const int count = 1_000;
        const int batchSize = 100;
        const int poison = 3;
        FaultyObjectStore? faulty = null;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 2, batchSize, store => faulty = new FaultyObjectStore(store, poison));
        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));

        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, firstExecution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var failedStatus = await pipeline.StatusAsync(jobId);
        var firstUrl = failedStatus["downloadUrl"]!.GetValue<string>();
        var (firstColumns, firstRows) = await pipeline.DownloadCsvAsync(firstUrl);

        Assert.That(faulty, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(faulty!.Failures, Is.EqualTo(AwsAttemptsBeforeGivingUp(pipeline)), "the poison batch was tried on every receive SQS allowed");
            Assert.That(firstExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), firstExecution.Error + " " + firstExecution.Cause);
            Assert.That(failedStatus["status"]!.GetValue<string>(), Is.EqualTo("completed_with_errors"));
            Assert.That(failedStatus["failedBatches"]!.AsArray().Select(n => n!.GetValue<int>()), Is.EqualTo(new[] { poison }));
            Assert.That(failedStatus["batches"]!["done"]!.GetValue<int>(), Is.EqualTo(9));
            Assert.That(failedStatus["batches"]!["failed"]!.GetValue<int>(), Is.EqualTo(1));
        });
        AssertRowsMatchInput(firstColumns, firstRows, count, row => row / batchSize == poison ? ["error"] : SettledStatuses);

        faulty!.Failing = false;
        Assert.That(await pipeline.RetryAsync(jobId), Is.EqualTo(202));
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (retryInput, retryExecution) = await pipeline.RunPollerAsync(jobId, attempt: 1, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);
        var url = status["downloadUrl"]!.GetValue<string>();
        var (columns, rows) = await pipeline.DownloadCsvAsync(url);

        Assert.Multiple(() =>
        {
            Assert.That(retryInput["attempt"]!.GetValue<int>(), Is.EqualTo(1), "the retry's execution input");
            Assert.That(retryExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), retryExecution.Error + " " + retryExecution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(pipeline.NotFoundReads, Is.Empty, "no function read a missing key: on AWS that answers 403 to its role");
            Assert.That(status["records"]!["processed"]!.GetValue<long>(), Is.EqualTo(count));
            Assert.That(status["batches"]!["failed"]!.GetValue<int>(), Is.Zero);
            Assert.That(new Uri(url).AbsolutePath, Is.Not.EqualTo(new Uri(firstUrl).AbsolutePath), "a new output for the new attempt");
        });
        AssertRowsMatchInput(columns, rows, count, row => SettledStatuses);
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_TimedOutWorker_IsDeadLetteredRecordedFromTheDlqThenRetryFixesIt()
    {
        const int count = 1_000;
        const int batchSize = 100;
        const int poison = 6;
        FaultyObjectStore? faulty = null;
        await using var pipeline = await AwsPipeline.CreateAsync(
            visibilityTimeoutSeconds: 2,
            batchSize,
            store => faulty = new FaultyObjectStore(store, poison, hang: true),
            invocationTimeout: TimeSpan.FromSeconds(3));
        var jobId = await pipeline.SubmitCsvAsync(ContactListGenerator.Csv(count));

        // Every receive of the poison batch times out, so the worker never answers for it: SQS's
        // redrive moves it to the dead-letter queue, whose delivery the worker records as failed.
        // Batches received together with it time out too and may share its fate; the job must
        // still account for every row.
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, firstExecution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var failedStatus = await pipeline.StatusAsync(jobId);
        var firstUrl = failedStatus["downloadUrl"]!.GetValue<string>();
        var (firstColumns, firstRows) = await pipeline.DownloadCsvAsync(firstUrl);
        var failedBatches = failedStatus["failedBatches"]!.AsArray().Select(n => n!.GetValue<int>()).ToList();
        TestContext.Out.WriteLine($"timed-out invocations {pipeline.TimedOutInvocations}, dead letters {pipeline.DeadLettersDelivered}, failed batches [{string.Join(", ", failedBatches)}]");

        Assert.Multiple(() =>
        {
            // At least one per receive SQS allowed the poison batch (a slow machine may time out others too).
            Assert.That(pipeline.TimedOutInvocations, Is.GreaterThanOrEqualTo(AwsPipeline.MaxReceiveCount));
            // The whole timed-out receive is dead-lettered, batches it had already committed included:
            // those stay done (counted once), only the unfinished ones become failed batches.
            Assert.That(pipeline.DeadLettersDelivered, Is.GreaterThanOrEqualTo(failedBatches.Count), "each failed batch came through the dead-letter queue");
            Assert.That(firstExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), firstExecution.Error + " " + firstExecution.Cause);
            Assert.That(failedStatus["status"]!.GetValue<string>(), Is.EqualTo("completed_with_errors"));
            Assert.That(failedBatches, Does.Contain(poison));
            Assert.That(failedStatus["batches"]!["done"]!.GetValue<int>() + failedBatches.Count, Is.EqualTo(10));
        });
        AssertRowsMatchInput(firstColumns, firstRows, count, row => failedBatches.Contains(row / batchSize) ? ["error"] : SettledStatuses);

        faulty!.Failing = false;
        Assert.That(await pipeline.RetryAsync(jobId), Is.EqualTo(202));
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (retryInput, retryExecution) = await pipeline.RunPollerAsync(jobId, attempt: 1, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);
        var (columns, rows) = await pipeline.DownloadCsvAsync(status["downloadUrl"]!.GetValue<string>());

        Assert.Multiple(() =>
        {
            Assert.That(retryInput["attempt"]!.GetValue<int>(), Is.EqualTo(1));
            Assert.That(retryExecution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), retryExecution.Error + " " + retryExecution.Cause);
            Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
            Assert.That(pipeline.NotFoundReads, Is.Empty, "no function read a missing key: on AWS that answers 403 to its role");
            Assert.That(status["batches"]!["failed"]!.GetValue<int>(), Is.Zero);
        });
        AssertRowsMatchInput(columns, rows, count, row => SettledStatuses);
    }

    /// <summary>
    /// How often the poison batch's part write ran before the job gave up on it: the worker records
    /// it as failed on its last allowed receive; had SQS dead-lettered it first, the dead-letter
    /// delivery would have recorded it without another write.
    /// </summary>
    private static int AwsAttemptsBeforeGivingUp(AwsPipeline pipeline) =>
        pipeline.DeadLettersDelivered == 0 ? AwsPipeline.MaxReceiveCount : pipeline.MaxReceiveCountSeen;

    /// <summary>Every input row, in order, with its input columns unchanged and an allowed record_status.</summary>
    private static void AssertRowsMatchInput(IReadOnlyList<string> columns, List<string?[]> rows, int count, Func<int, IReadOnlyCollection<string>> allowedStatuses)
    {
        var inputColumns = ContactListGenerator.Columns;
        Assert.That(columns.Take(inputColumns.Length), Is.EqualTo(inputColumns), "the input columns come first, unchanged");
        var statusColumn = columns.ToList().IndexOf(OutputColumns.RecordStatus);
        Assert.That(statusColumn, Is.GreaterThanOrEqualTo(0), "record_status is in the output");
        Assert.That(rows, Has.Count.EqualTo(count));

        var mismatches = new List<string>();
        for (var i = 0; i < rows.Count && mismatches.Count < 5; i++)
        {
            var expected = ContactListGenerator.Row(i);
            if (!rows[i].Take(expected.Length).SequenceEqual(expected))
            {
                mismatches.Add($"row {i}: input columns changed or out of order");
            }

            var recordStatus = rows[i][statusColumn];
            if (recordStatus is null || !allowedStatuses(i).Contains(recordStatus))
            {
                mismatches.Add($"row {i}: record_status '{recordStatus}' not in [{string.Join(", ", allowedStatuses(i))}]");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }
}
