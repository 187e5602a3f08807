using System.Text.Json;
using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Core.Output;
using Enrichment.Core.Serialization;
using Enrichment.Core.Workflow;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class AggregateServiceTests
{
    [Test]
    public async Task Aggregate_ALateWorkerAfterTheOutputWasWritten_ChangesNothing()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "stalled: no result within 30 minutes", CancellationToken.None);
        var output = await pipeline.RunPollerAsync(job.JobId);
        var written = pipeline.Store.ReadText(output.OutputKey!);
        var finished = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        var progress = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);

        // The batch that was failed finishes on a worker that was only slow.
        var late = await pipeline.Processor.ProcessAsync(messages[1], deadline: null, CancellationToken.None);

        Assert.That(output.Status, Is.EqualTo("completed_with_errors"));
        Assert.That(late.Commit, Is.EqualTo(CommitOutcome.Refused));
        Assert.That((await pipeline.Table.GetBatchAsync(job.JobId, 1, CancellationToken.None))!.Status, Is.EqualTo(BatchStatus.Failed), "the output's failed batch stays failed");
        Assert.That(await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None), Is.EqualTo(finished));
        var after = await pipeline.Table.GetProgressAsync(job.JobId, CancellationToken.None);
        Assert.That((after.BatchesDone, after.BatchesFailed, after.RecordsProcessed), Is.EqualTo((progress.BatchesDone, progress.BatchesFailed, progress.RecordsProcessed)));
        Assert.That(pipeline.Store.ReadText(output.OutputKey!), Is.EqualTo(written));
    }

    [Test]
    public async Task Split_FixesTheChainsColumnsOnTheJob()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;

        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);

        Assert.That(stored!.EnrichmentColumns, Is.EqualTo(pipeline.Providers.CreateChain(stored.Providers).Columns));
    }

    [Test]
    public async Task WorkerAndAggregate_WriteTheColumnsFixedOnTheJob_WhateverTheChainHasNow()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 4 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(10), output: "jsonl"), CancellationToken.None)).Value;
        var stored = (await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None))!;
        // As if a provider's definition had changed since the job was made: the job's columns lack
        // one the chain now writes, and have one it no longer writes.
        string[] fixedColumns = [.. stored.EnrichmentColumns!.Where(c => c != OutputColumns.EmailSuggestion), "retired_column"];
        Assert.That(await pipeline.Table.TryUpdateJobAsync(stored with { EnrichmentColumns = fixedColumns }, stored.State, CancellationToken.None), Is.True);

        await pipeline.DeliverAllAsync();
        var output = await pipeline.RunPollerAsync(job.JobId);

        var rows = pipeline.Store.ReadText(output.OutputKey!)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.EnumerateObject().ToArray())
            .ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(output.Status, Is.EqualTo("completed"));
            Assert.That(rows, Has.Length.EqualTo(10));
            Assert.That(rows.Select(row => row.Skip(stored.Columns.Count).Select(p => p.Name)), Is.All.EqualTo(fixedColumns));
            Assert.That(rows.Select(row => row[^1].Value.ValueKind), Is.All.EqualTo(JsonValueKind.Null), "nothing writes the retired column");
        });
    }

    [Test]
    public async Task Aggregate_WritesEveryRowInInputOrderWhateverOrderBatchesFinished()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 7 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(50)), CancellationToken.None)).Value;
        foreach (var message in pipeline.Queue.Drain().Reverse())
        {
            await pipeline.Processor.ProcessAsync(message, deadline: null, CancellationToken.None);
        }

        var output = await pipeline.RunPollerAsync(job.JobId);

        Assert.That(output.Status, Is.EqualTo("completed"));
        Assert.That(output.Records, Is.EqualTo(50));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines, Has.Length.EqualTo(50));
        Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 50).Select(i => $"row {i}")));
    }

    [Test]
    public async Task Aggregate_KeepsInputColumnsInPlaceAndAppendsEnrichmentColumns()
    {
        var pipeline = new InMemoryPipeline();
        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(2)));

        var csv = pipeline.Store.ReadText(output.OutputKey!);
        var header = ContactLists.HeaderOf(csv);

        Assert.That(header.Take(7), Is.EqualTo(ContactLists.Header.Split(',')));
        Assert.That(header.Skip(7).Take(OutputColumns.Standard.Count), Is.EqualTo(OutputColumns.Standard));
        Assert.That(ContactLists.DataLines(csv)[0], Does.StartWith("person1@acme.com,ann,smith,+1 415 555 0001,US,Acme,row 1,ok,"));
    }

    [Test]
    public async Task Aggregate_MarksLaterRecordsWithTheSameEmailAsDuplicates()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(5, i => i is 1 or 4 ? "Same@Acme.com" : $"p{i}@acme.com")));

        var csv = pipeline.Store.ReadText(output.OutputKey!);
        var header = ContactLists.HeaderOf(csv);
        var duplicateColumn = Array.IndexOf(header, OutputColumns.DuplicateOf);
        var values = ContactLists.DataLines(csv).Select(l => l.Split(',')[duplicateColumn]).ToArray();

        Assert.That(values, Is.EqualTo(new[] { string.Empty, string.Empty, string.Empty, "1", string.Empty }));
        Assert.That(output.Duplicates, Is.EqualTo(1));
    }

    [Test]
    public async Task Aggregate_MatchesGmailSpellingsOfOneInboxAndRepeatedPhones()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var csv = ContactLists.Header + "\n"
            + "John.Doe@gmail.com,ann,smith,+44 20 7946 0001,GB,Acme,row 1\n"
            + "johndoe+news@googlemail.com,ann,smith,+44 20 7946 0002,GB,Acme,row 2\n"
            + "ann@acme.com,ann,smith,020 7946 0001,GB,Acme,row 3\n";
        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Csv(csv));

        // London numbers: their phone_region has no comma, so the naive split below stays aligned.
        var text = pipeline.Store.ReadText(output.OutputKey!);
        var header = ContactLists.HeaderOf(text);
        var lines = ContactLists.DataLines(text).Select(l => l.Split(',')).ToArray();
        var email = Array.IndexOf(header, OutputColumns.DuplicateOf);
        var phone = Array.IndexOf(header, OutputColumns.DuplicatePhoneOf);

        Assert.That(lines.Select(l => l[email]), Is.EqualTo(new[] { string.Empty, "1", string.Empty }));
        Assert.That(lines.Select(l => l[phone]), Is.EqualTo(new[] { string.Empty, string.Empty, "1" }));
        Assert.That(output.Duplicates, Is.EqualTo(1));
    }

    [Test]
    public async Task Aggregate_TurnsAFailedBatchIntoErrorRowsAndFinishesWithErrors()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 2 });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(4)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[0], deadline: null, CancellationToken.None);
        await pipeline.Processor.RecordFailureAsync(messages[1], "dead-lettered after 5 receives", CancellationToken.None);

        var output = await pipeline.RunPollerAsync(job.JobId);

        Assert.That(output.Status, Is.EqualTo("completed_with_errors"));
        var csv = pipeline.Store.ReadText(output.OutputKey!);
        var lines = ContactLists.DataLines(csv);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[2], Does.Contain(",error,batch_failed: dead-lettered after 5 receives,"));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.State, Is.EqualTo(JobState.CompletedWithErrors));
        Assert.That(stored.Error, Does.Contain("retry"));
        var summary = JsonSerializer.Deserialize(pipeline.Store.Read(stored.SummaryKey!), EnrichmentJsonContext.Default.JobSummary)!;
        Assert.That(summary.FailedBatches.Select(f => f.BatchIndex), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task Aggregate_GuardsEnrichmentValuesButLeavesInputColumnsUnchanged()
    {
        var pipeline = new InMemoryPipeline();
        var csv = "email,first name,notes\n\"=cmd@acme.com\",=SUM(A1),=HYPERLINK(1)\n";

        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Csv(csv));

        var line = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!))[0];
        Assert.That(line, Does.StartWith("=cmd@acme.com,=SUM(A1),=HYPERLINK(1),"));
        Assert.That(line.Split(',').Skip(3), Has.None.StartsWith("="));
    }

    [Test]
    public async Task Aggregate_WritesJsonLinesWhenAsked()
    {
        var pipeline = new InMemoryPipeline();
        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(3), output: "jsonl"));

        Assert.That(output.OutputKey, Does.EndWith(".jsonl"));
        var lines = pipeline.Store.ReadText(output.OutputKey!).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3));
        using var first = JsonDocument.Parse(lines[0]);
        Assert.That(first.RootElement.GetProperty("email").GetString(), Is.EqualTo("person1@acme.com"));
        Assert.That(first.RootElement.GetProperty("record_status").GetString(), Is.EqualTo("ok"));
    }

    [Test]
    public async Task Aggregate_OnTheCatchPathFailsTheJob()
    {
        var pipeline = new InMemoryPipeline();
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)), CancellationToken.None)).Value;

        var output = await pipeline.Aggregate.AggregateAsync(new AggregateInput(job.JobId, 0, "States.Timeout"), CancellationToken.None);

        Assert.That(output.Status, Is.EqualTo("failed"));
        var stored = await pipeline.Table.GetJobAsync(job.JobId, CancellationToken.None);
        Assert.That(stored!.Error, Does.Contain("States.Timeout"));
    }

    [Test]
    public async Task Aggregate_RunTwiceLeavesTheFinishedJobAlone()
    {
        var pipeline = new InMemoryPipeline();
        var (jobId, first) = await pipeline.RunAsync(InMemoryPipeline.Csv(ContactLists.Csv(3)));
        var keysBefore = pipeline.Store.Keys;

        var second = await pipeline.Aggregate.AggregateAsync(new AggregateInput(jobId, 0), CancellationToken.None);

        Assert.That(second.Status, Is.EqualTo(first.Status));
        Assert.That(second.OutputKey, Is.EqualTo(first.OutputKey));
        Assert.That(pipeline.Store.Keys, Is.EqualTo(keysBefore));
    }

    [Test]
    public async Task Aggregate_PadsJsonRecordsThatLackLaterKeys()
    {
        var pipeline = new InMemoryPipeline();
        var json = "{\"email\":\"a@acme.com\"}\n{\"email\":\"b@acme.com\",\"city\":\"Paris\"}\n";

        var (_, output) = await pipeline.RunAsync(InMemoryPipeline.Request(json, InputFormat.JsonLines));

        var csv = pipeline.Store.ReadText(output.OutputKey!);
        Assert.That(ContactLists.HeaderOf(csv).Take(2), Is.EqualTo(new[] { "email", "city" }));
        var lines = ContactLists.DataLines(csv);
        Assert.That(lines[0], Does.StartWith("a@acme.com,,"));
        Assert.That(lines[1], Does.StartWith("b@acme.com,Paris,"));
    }

    [Test]
    public async Task Aggregate_BatchesFailedByStallDetection_AreErrorRowsPlannedAgainFromTheKeptList()
    {
        var pipeline = new InMemoryPipeline(new EnrichmentOptions { BatchSize = 10, StallTimeout = TimeSpan.FromMinutes(30) });
        var job = (await pipeline.Split.SubmitAsync(InMemoryPipeline.Csv(ContactLists.Csv(30)), CancellationToken.None)).Value;
        var messages = pipeline.Queue.Drain();
        await pipeline.Processor.ProcessAsync(messages[1], deadline: null, CancellationToken.None);
        pipeline.Time.Advance(TimeSpan.FromMinutes(31));

        var output = await pipeline.RunPollerAsync(job.JobId);

        Assert.That(output.Status, Is.EqualTo("completed_with_errors"));
        var lines = ContactLists.DataLines(pipeline.Store.ReadText(output.OutputKey!));
        Assert.That(lines.Select(l => l.Split(',')[6]), Is.EqualTo(Enumerable.Range(1, 30).Select(i => $"row {i}")), "every input row once, in input order");
        Assert.That(
            lines.Select(l => l.Split(',')[7]),
            Is.EqualTo(Enumerable.Repeat("error", 10).Concat(Enumerable.Repeat("ok", 10)).Concat(Enumerable.Repeat("error", 10))),
            "the stalled batches' rows are error rows");
        Assert.That(pipeline.Store.MissedReads, Has.None.Contains("/failed/"), "no rows were kept for a stalled batch, so none are looked for");
    }
}
