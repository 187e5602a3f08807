using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Core.Services;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class SplitServiceTests
{
    [Test]
    public async Task Submit_CreatesJobAndSendsBatchesInInputOrder()
    {
        var pipeline = new InMemoryPipeline();

        var result = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(250)), CancellationToken.None)).Value;

        var job = await pipeline.Table.GetJobAsync(result.JobId, CancellationToken.None);
        Assert.That(job, Is.Not.Null);
        Assert.That(job!.State, Is.EqualTo(JobState.Processing));
        Assert.That(job.TotalRecords, Is.EqualTo(250));
        Assert.That(job.TotalBatches, Is.EqualTo(3));
        Assert.That(job.Columns, Is.EqualTo(ContactLists.Header.Split(',')));
        var sent = pipeline.Queue.Sent;
        Assert.That(sent.Select(m => m.BatchIndex), Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(sent.Select(m => (m.Rows, m.PayloadKey)), Has.All.EqualTo(((IReadOnlyList<Enrichment.Core.Batching.BatchRow>?)null, (string?)null)), "a CSV list's batches name their ranges");
        var rows = new List<long>();
        foreach (var message in sent)
        {
            rows.AddRange((await pipeline.RowsOfAsync(message)).Select(r => r.Row));
        }

        Assert.That(rows, Is.EqualTo(Enumerable.Range(1, 250).Select(i => (long)i)));
        Assert.That(pipeline.Workflow.Started.Keys, Is.EqualTo(new[] { $"{result.JobId}-0" }));
    }

    [Test]
    public async Task Submit_RejectsMalformedCsvWithoutLeavingAJob()
    {
        var pipeline = new InMemoryPipeline();
        var csv = "email,name\n\"a@b.com,Ann\nb@c.com,Bob\n";

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.Invalid>());
        Assert.That(error!.Message, Does.StartWith("line 2"), "the reader's message, with its line");
        Assert.That(pipeline.Table.Jobs, Is.Empty);
        Assert.That(pipeline.Queue.Sent, Is.Empty);
        Assert.That(pipeline.Workflow.Started, Is.Empty);
    }

    [Test]
    public async Task Submit_RejectsListWithHeaderOnly()
    {
        var pipeline = new InMemoryPipeline();

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Header + "\n"), CancellationToken.None)).Refusal;

        Assert.That(error!.Message, Does.Contain("no records"));
        Assert.That(pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task Submit_RejectsUnknownProviderBeforeReadingTheList()
    {
        var pipeline = new InMemoryPipeline();

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3), providers: ["normalize", "crystal-ball"]), CancellationToken.None)).Refusal;

        Assert.That(error!.Message, Does.Contain("crystal-ball"));
        Assert.That(pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task Submit_RejectsJsonWithoutContactFields()
    {
        var pipeline = new InMemoryPipeline();

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Request("[{\"foo\":1},{\"bar\":2}]", InputFormat.Json), CancellationToken.None)).Refusal;

        Assert.That(error!.Message, Does.Contain("no contact columns"));
    }

    [Test]
    public async Task Submit_WithSameIdempotencyKeyReturnsTheFirstJob()
    {
        var pipeline = new InMemoryPipeline();

        var first = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "key-1"), CancellationToken.None)).Value;
        var second = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "key-1"), CancellationToken.None)).Value;

        Assert.That(second.JobId, Is.EqualTo(first.JobId));
        Assert.That(second.Replayed, Is.True);
        Assert.That(first.Replayed, Is.False);
        Assert.That(pipeline.Table.Jobs, Has.Count.EqualTo(1));
        Assert.That(pipeline.Queue.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Submit_SameKeyWithAnotherList_IsRefusedAsKeyReusedAndLeavesOnlyTheFirstJob()
    {
        var pipeline = new InMemoryPipeline();
        var first = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "key-x"), CancellationToken.None)).Value;

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(6), idempotencyKey: "key-x"), CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.IdempotencyKeyReused>());
        Assert.That(error!.Message, Does.Contain("different request"));
        Assert.That(pipeline.Table.Jobs.Select(j => j.JobId), Is.EqualTo(new[] { first.JobId }));
        Assert.That(pipeline.Queue.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Submit_SameKeyAndListWithOtherOptions_IsRefusedAsKeyReused()
    {
        var pipeline = new InMemoryPipeline();
        _ = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "key-o"), CancellationToken.None)).Value;

        var error = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "key-o", output: "jsonl"), CancellationToken.None)).Refusal;

        Assert.That(error, Is.InstanceOf<Refusal.IdempotencyKeyReused>());
        Assert.That(pipeline.Table.Jobs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Submit_SameKeyFromAnotherCaller_IsAnotherJob()
    {
        var pipeline = new InMemoryPipeline();
        var alice = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "shared") with { Owner = "key:alice" }, CancellationToken.None)).Value;

        var bob = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "shared") with { Owner = "key:bob" }, CancellationToken.None)).Value;

        Assert.That(bob.JobId, Is.Not.EqualTo(alice.JobId));
        Assert.That(bob.Replayed, Is.False);
        Assert.That(pipeline.Table.Jobs.Select(j => j.Owner), Is.EquivalentTo(new[] { "key:alice", "key:bob" }));
    }

    [Test]
    public async Task Submit_ConcurrentSameKeyAndList_AllGetOneJobThatExists()
    {
        var pipeline = new InMemoryPipeline();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(5), idempotencyKey: "race"), CancellationToken.None))));
        var results = outcomes.Select(o => o.Value).ToList();

        var jobId = results.Select(r => r.JobId).Distinct().Single();
        Assert.That(pipeline.Table.Jobs.Select(j => j.JobId), Is.EqualTo(new[] { jobId }));
        Assert.That(results.Count(r => !r.Replayed), Is.EqualTo(1));
    }

    [Test]
    public async Task Submit_BadListWithAKey_ClaimsNothing()
    {
        var pipeline = new InMemoryPipeline();

        Assert.That((await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Header + "\n", idempotencyKey: "key-bad"), CancellationToken.None)).Refusal, Is.InstanceOf<Refusal.Invalid>());

        Assert.That(await pipeline.Table.ClaimIdempotencyKeyAsync(IdempotencyScope.Key(InMemoryPipeline.Owner, "key-bad"), "probe", DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None), Is.EqualTo("probe"));
        Assert.That(pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task Submit_ReleasesIdempotencyKeyWhenTheListIsBad()
    {
        var pipeline = new InMemoryPipeline();
        Assert.That((await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Header + "\n", idempotencyKey: "key-2"), CancellationToken.None)).Refusal, Is.InstanceOf<Refusal.Invalid>());

        var retried = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(2), idempotencyKey: "key-2"), CancellationToken.None)).Value;

        Assert.That(retried.Replayed, Is.False);
        Assert.That(pipeline.Table.Jobs.Single().JobId, Is.EqualTo(retried.JobId));
    }

    [Test]
    public void Submit_UndoesTheJobWhenTheQueueFails()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 1 });
        pipeline.Queue.FailOnCall = 2;

        Assert.ThrowsAsync<IOException>(() => pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(150)), CancellationToken.None));

        Assert.That(pipeline.Table.Jobs, Is.Empty);
        Assert.That(pipeline.Store.Keys, Is.Empty);
    }

    [Test]
    public async Task Submit_LargeBatches_HandsTheQueueAtMostAboutTenThousandRowsAtOnce()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 1_000 });

        // A JSON Lines list: its batches carry their rows (a CSV list's name ranges, holding none).
        await pipeline.Split.SubmitAsync(InMemoryPipeline.Request(ContactLists.JsonLines(25_000), InputFormat.JsonLines), CancellationToken.None);

        // 25 batches would be one hand-off by message count alone (up to 100); rows bound it.
        Assert.That(pipeline.Queue.RowsPerCall.Sum(), Is.EqualTo(25_000));
        Assert.That(pipeline.Queue.RowsPerCall, Has.Count.GreaterThanOrEqualTo(3));
        Assert.That(pipeline.Queue.RowsPerCall, Has.All.LessThan(11_000));
    }

    [Test]
    public async Task Submit_SendsAnOversizedCsvRecordAloneAsItsRange()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { MaxBatchBytes = 2_000 });
        var huge = new string('x', 5_000);
        var csv = ContactLists.Header + "\nann@acme.com,ann,smith,,US,Acme," + huge + "\nbob@acme.com,bob,smith,,US,Acme,short\n";

        await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(csv), CancellationToken.None);

        var sent = pipeline.Queue.Sent;
        Assert.That(sent.Select(m => (m.Range!.FirstRow, m.Range.Rows, m.PayloadKey)), Is.EqualTo(new[] { (1L, 1, (string?)null), (2L, 1, (string?)null) }));
        Assert.That((await pipeline.RowsOfAsync(sent[0])).Single().Values[^1], Is.EqualTo(huge));
    }

    [Test]
    public async Task Submit_SendsAnOversizedBatchThroughTheObjectStore()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { MaxBatchBytes = 2_000 });
        var huge = new string('x', 5_000);
        var jsonLines = "{\"email\":\"ann@acme.com\",\"notes\":\"" + huge + "\"}\n{\"email\":\"bob@acme.com\",\"notes\":\"short\"}\n";

        var result = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Request(jsonLines, InputFormat.JsonLines), CancellationToken.None)).Value;

        var claim = pipeline.Queue.Sent.Single(m => m.PayloadKey is not null);
        Assert.That(claim.Rows, Is.Null);
        Assert.That(claim.PayloadKey, Is.EqualTo(JobKeys.Payload(result.JobId, claim.BatchIndex)));
        Assert.That(pipeline.Store.ReadText(claim.PayloadKey!), Does.Contain(huge));
        Assert.That(pipeline.Queue.Sent.Where(m => m.Rows is not null).SelectMany(m => m.Rows!).Select(r => r.Row), Is.EqualTo(new long[] { 2 }));
    }

    [Test]
    public async Task Submit_JsonListTakesTheUnionOfKeysAsColumns()
    {
        var pipeline = new InMemoryPipeline();
        var json = "[{\"email\":\"a@acme.com\"},{\"email\":\"b@acme.com\",\"phone\":\"+14155550100\"}]";

        var result = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Request(json, InputFormat.Json), CancellationToken.None)).Value;

        var job = await pipeline.Table.GetJobAsync(result.JobId, CancellationToken.None);
        Assert.That(job!.Columns, Is.EqualTo(new[] { "email", "phone" }));
        Assert.That(job.TotalRecords, Is.EqualTo(2));
    }

    [Test]
    public async Task ReserveUpload_CreatesAnAcceptedJobWithoutBatches()
    {
        var pipeline = new InMemoryPipeline();

        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;

        Assert.That(job.State, Is.EqualTo(JobState.Accepted));
        Assert.That(job.TotalBatches, Is.Zero);
        Assert.That(pipeline.Queue.Sent, Is.Empty);
        Assert.That(pipeline.Workflow.Started, Is.Empty);
    }

    [Test]
    public async Task SplitUpload_SplitsTheReservedJob()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var upload = InMemoryPipeline.Csv(ContactLists.Csv(120));

        var state = await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", upload.OpenInput, 0, CancellationToken.None);

        Assert.That(state, Is.EqualTo(JobState.Processing));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.TotalRecords, Is.EqualTo(120));
        Assert.That(pipeline.Queue.Sent, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task SplitUpload_FailsTheJobWithTheLineOfBadInput()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var upload = InMemoryPipeline.Csv("email,name\na@b.com,Ann\nb@c.com,\"Bob\n");

        var state = await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", upload.OpenInput, 0, CancellationToken.None);

        Assert.That(state, Is.EqualTo(JobState.Failed));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.Error, Does.Contain("line 3"));
        Assert.That(pipeline.Queue.Sent, Is.Empty);
    }

    [Test]
    public async Task SplitUpload_ListWithoutRecords_FailsTheJobWithTheRefusalsMessage()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var upload = InMemoryPipeline.Csv(ContactLists.Header + "\n");

        var state = await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", upload.OpenInput, 0, CancellationToken.None);

        Assert.That(state, Is.EqualTo(JobState.Failed));
        Assert.That((await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!.Error, Is.EqualTo("the list has no records"));
        Assert.That(pipeline.Queue.Sent, Is.Empty);
    }

    [Test]
    public async Task SplitUpload_RefusedListOfAJobWithACallback_StartsAPollerToTellIt()
    {
        var pipeline = new InMemoryPipeline();
        var webhook = Enrichment.Core.Webhooks.WebhookRequest.From("https://hooks.example.com/x", null, new Enrichment.Core.Webhooks.WebhookOptions()).Value;
        var withCallback = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty) with { Webhook = webhook }, CancellationToken.None)).Value;
        var without = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var bad = InMemoryPipeline.Csv("email,name\na@b.com,\"Bob\n");

        await pipeline.Split.SplitUploadAsync(withCallback.JobId, "upload-1", bad.OpenInput, 0, CancellationToken.None);
        await pipeline.Split.SplitUploadAsync(without.JobId, "upload-2", bad.OpenInput, 0, CancellationToken.None);

        Assert.That(pipeline.Workflow.Started.Keys, Is.EqualTo(new[] { SplitService.ExecutionName(withCallback.JobId, 0) }), "only the job with a callback needs its poller's Notify step");
        Assert.That((await pipeline.Table.GetJobAsync(withCallback.JobId, CancellationToken.None))!.State, Is.EqualTo(JobState.Failed));
    }

    [Test]
    public async Task SplitUpload_IgnoresARepeatedEvent()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var upload = InMemoryPipeline.Csv(ContactLists.Csv(10));
        await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", upload.OpenInput, 0, CancellationToken.None);

        await pipeline.Split.SplitUploadAsync(job.JobId, "upload-1", upload.OpenInput, 0, CancellationToken.None);

        Assert.That(pipeline.Queue.Sent, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SplitUpload_OfAnUnknownJobDoesNothing()
    {
        var pipeline = new InMemoryPipeline();

        var state = await pipeline.Split.SplitUploadAsync("no-such-job", "upload-1", InMemoryPipeline.Csv(ContactLists.Csv(1)).OpenInput, 0, CancellationToken.None);

        Assert.That(state, Is.EqualTo(JobState.Failed));
        Assert.That(pipeline.Queue.Sent, Is.Empty);
    }

    [Test]
    public async Task SplitUpload_AnotherPutsEvent_NeverSplitsAJobAnUploadHasClaimed()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var first = InMemoryPipeline.Csv(ContactLists.Csv(10));
        var second = InMemoryPipeline.Csv(ContactLists.Csv(150));
        Assert.ThrowsAsync<IOException>(() => pipeline.Split.SplitUploadAsync(job.JobId, "put-1", _ => throw new IOException("cut short"), 0, CancellationToken.None));

        var other = await pipeline.Split.SplitUploadAsync(job.JobId, "put-2", second.OpenInput, 0, CancellationToken.None);
        var retried = await pipeline.Split.SplitUploadAsync(job.JobId, "put-1", first.OpenInput, 0, CancellationToken.None);

        Assert.That(other, Is.EqualTo(JobState.Accepted), "the second PUT's event is ignored");
        Assert.That(retried, Is.EqualTo(JobState.Processing), "the first PUT's event, delivered again, splits");
        Assert.That((await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!.TotalRecords, Is.EqualTo(10));
        Assert.That(pipeline.Queue.RecordsSent, Is.EqualTo(10));
    }

    [Test]
    public async Task SplitUpload_TwoPutsEventsAtOnce_SplitTheJobOnce()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.ReserveUploadAsync(InMemoryPipeline.Csv(string.Empty), CancellationToken.None)).Value;
        var first = InMemoryPipeline.Csv(ContactLists.Csv(10));
        var second = InMemoryPipeline.Csv(ContactLists.Csv(150));
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first split has claimed the job and is reading its file when the second PUT's event arrives.
        var splitting = pipeline.Split.SplitUploadAsync(job.JobId, "put-1", async ct =>
        {
            opened.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
            return await first.OpenInput(ct);
        }, 0, CancellationToken.None);
        await opened.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var other = await pipeline.Split.SplitUploadAsync(job.JobId, "put-2", second.OpenInput, 0, CancellationToken.None);
        release.SetResult();
        var state = await splitting.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That(other, Is.EqualTo(JobState.Accepted));
        Assert.That(state, Is.EqualTo(JobState.Processing));
        Assert.That(pipeline.Queue.RecordsSent, Is.EqualTo(10), "only the first file's rows were sent");
        Assert.That(pipeline.Workflow.Started, Has.Count.EqualTo(1));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Submit_ReplayOfASplitKilledHalfWay_ResumesItFromTheKeptList_AndTheOutputIsWhole(int killedAtSend)
    {
        // One row a batch: 250 batches go out in three sends of at most 100.
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 1 });
        pipeline.Queue.KillOnCall = killedAtSend;
        var request = InMemoryPipeline.Csv(ContactLists.Csv(250), idempotencyKey: "k-1");
        Assert.CatchAsync<OperationCanceledException>(() => pipeline.Split.SubmitAsync(request, CancellationToken.None));
        var cut = pipeline.Workflow.Started.Single().Value.JobId;
        pipeline.Queue.KillOnCall = null;

        var soon = (await pipeline.Split.SubmitAsync(request, CancellationToken.None)).Value;
        pipeline.Time.Advance(pipeline.Options.SplitResumeAfter + TimeSpan.FromSeconds(1));
        var later = (await pipeline.Split.SubmitAsync(request, CancellationToken.None)).Value;
        await pipeline.DeliverAllAsync();
        var output = await pipeline.RunPollerAsync(cut);

        Assert.That((soon.JobId, soon.State), Is.EqualTo((cut, JobState.Accepted)), "a replay while the split may still be running leaves it alone");
        Assert.That((later.JobId, later.State, later.Replayed), Is.EqualTo((cut, JobState.Processing, true)));
        Assert.That(output.Status, Is.EqualTo("completed"));
        Assert.That(output.Records, Is.EqualTo(250));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 250).Select(i => $"row {i}")), "every row once, in input order");
    }

    [Test]
    public async Task Resume_OfASplitKilledHalfWay_SendsEveryBatchFromTheKeptList()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 1 });
        pipeline.Queue.KillOnCall = 2;
        Assert.CatchAsync<OperationCanceledException>(() => pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(250)), CancellationToken.None));
        var cut = pipeline.Workflow.Started.Single().Value.JobId;
        pipeline.Queue.KillOnCall = null;

        var state = await pipeline.Split.ResumeAsync(cut, CancellationToken.None);
        await pipeline.DeliverAllAsync();
        var output = await pipeline.RunPollerAsync(cut);

        Assert.That(state, Is.EqualTo(JobState.Processing));
        Assert.That(output.Records, Is.EqualTo(250));
        Assert.That(ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!)).Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 250).Select(i => $"row {i}")));
        Assert.That(await pipeline.Split.ResumeAsync(cut, CancellationToken.None), Is.EqualTo(JobState.Completed), "a finished job is left alone");
    }
}
