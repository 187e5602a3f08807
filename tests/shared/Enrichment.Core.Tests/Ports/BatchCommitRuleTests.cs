using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Testing.Jobs;

namespace Enrichment.Core.Tests.Ports;

/// <summary>
/// The commit rule as a table: every stored state (none, done, failed at attempt 1) against every
/// result (done, failed) at an attempt below, equal to and above the stored one, committed while that
/// attempt is the job's current, unsealed one; then sealing on its own.
/// </summary>
public sealed class BatchCommitRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Earlier = Now.AddMinutes(-5);
    private const string Calls = "provider:p:calls";

    private static readonly BatchEntry StoredDone = new(0, BatchStatus.Done, 100, null, Earlier, 90, 7, 3, Attempt: 1, PartId: "1-stored");
    private static readonly BatchEntry StoredFailed = new(0, BatchStatus.Failed, 100, "dead-lettered", Earlier, 0, 0, 0, Attempt: 1);

    /// <summary>Expected: outcome, stored status after, batches done/failed deltas, attempt counter delta, whether the item becomes the result.</summary>
    public static IEnumerable<TestCaseData> Table()
    {
        foreach (var attempt in new[] { 0, 1, 2 })
        {
            yield return Row("none", null, BatchStatus.Done, attempt, CommitOutcome.Counted, BatchStatus.Done, 1, 0, 1, takesResult: true);
            yield return Row("none", null, BatchStatus.Failed, attempt, CommitOutcome.Counted, BatchStatus.Failed, 0, 1, 1, takesResult: true);
        }

        yield return Duplicate("done@1", StoredDone, BatchStatus.Done, 0);
        yield return Duplicate("done@1", StoredDone, BatchStatus.Done, 1);
        yield return Row("done@1 revised", StoredDone, BatchStatus.Done, 2, CommitOutcome.Counted, BatchStatus.Done, 0, 0, 1, takesResult: true);
        yield return Duplicate("done@1", StoredDone, BatchStatus.Failed, 0);
        yield return Duplicate("done@1", StoredDone, BatchStatus.Failed, 1);
        yield return Row("done@1 kept", StoredDone, BatchStatus.Failed, 2, CommitOutcome.Counted, BatchStatus.Done, 0, 0, 1, takesResult: false);

        yield return Duplicate("failed@1", StoredFailed, BatchStatus.Done, 0);
        // Failed then done within one attempt: done, but the attempt counts the batch once only.
        yield return Row("failed@1 then done", StoredFailed, BatchStatus.Done, 1, CommitOutcome.Counted, BatchStatus.Done, 1, -1, 0, takesResult: true);
        yield return Row("failed@1 then done later", StoredFailed, BatchStatus.Done, 2, CommitOutcome.Counted, BatchStatus.Done, 1, -1, 1, takesResult: true);
        yield return Duplicate("failed@1", StoredFailed, BatchStatus.Failed, 0);
        yield return Duplicate("failed@1", StoredFailed, BatchStatus.Failed, 1);
        yield return Row("failed@1 fails again", StoredFailed, BatchStatus.Failed, 2, CommitOutcome.Counted, BatchStatus.Failed, 0, 0, 1, takesResult: false);
    }

    [TestCaseSource(nameof(Table))]
    public void Decide_FollowsTheTable(
        BatchEntry? stored, BatchStatus status, int attempt, CommitOutcome outcome, BatchStatus? after, int done, int failed, int attemptBatches, bool takesResult)
    {
        var result = Result(status, attempt);

        var decision = BatchCommitRule.Decide(Job(JobState.Processing, attempt), stored, result, Now);

        Assert.That(decision.Outcome, Is.EqualTo(outcome));
        if (outcome != CommitOutcome.Counted)
        {
            Assert.That(decision.Stores, Is.False);
            Assert.That(decision.Deltas, Is.Null);
            return;
        }

        var entry = decision.Entry!;
        var deltas = decision.Deltas!;
        var expected = takesResult
            ? new BatchEntry(0, status, result.Records, result.Reason, Now, result.Ok, result.Invalid, result.Error, attempt, status == BatchStatus.Done ? result.PartId : null)
            : stored! with { Attempt = attempt, UpdatedAt = Now, Reason = stored.Status == BatchStatus.Failed ? result.Reason : stored.Reason };
        Assert.Multiple(() =>
        {
            Assert.That(entry, Is.EqualTo(expected));
            Assert.That(entry.Status, Is.EqualTo(after));
            Assert.That(deltas.BatchesDone, Is.EqualTo(done), "batches done");
            Assert.That(deltas.BatchesFailed, Is.EqualTo(failed), "batches failed");
            Assert.That(deltas.RecordsOk, Is.EqualTo(entry.Ok - (stored?.Ok ?? 0)), "records ok");
            Assert.That(deltas.RecordsInvalid, Is.EqualTo(entry.Invalid - (stored?.Invalid ?? 0)), "records invalid");
            Assert.That(deltas.RecordsError, Is.EqualTo(entry.Error - (stored?.Error ?? 0)), "records error");
            Assert.That(deltas.Counters.GetValueOrDefault(JobCounters.AttemptBatches(attempt)), Is.EqualTo(attemptBatches), "attempt batches");
            Assert.That(deltas.Counters[Calls], Is.EqualTo(4), "named counters of a counted result");
        });
    }

    public static IEnumerable<TestCaseData> Sealing()
    {
        foreach (var state in Enum.GetValues<JobState>())
        {
            var sealedNow = state is JobState.Aggregating or JobState.Completed or JobState.CompletedWithErrors or JobState.Failed;
            yield return new TestCaseData(state, 1, 1, sealedNow).SetName($"Decide_Job{state}_AtTheResultsAttempt_{(sealedNow ? "Refuses" : "Counts")}");
            yield return new TestCaseData(state, 2, 1, true).SetName($"Decide_Job{state}_AtALaterAttempt_Refuses");
            yield return new TestCaseData(state, 0, 1, false).SetName($"Decide_Job{state}_AtAnEarlierAttempt_Counts");
        }
    }

    [TestCaseSource(nameof(Sealing))]
    public void Decide_RefusesEveryResultOfASealedAttempt(JobState state, int jobAttempt, int resultAttempt, bool refused)
    {
        foreach (var stored in new[] { null, StoredFailed with { Attempt = 0 } })
        {
            var decision = BatchCommitRule.Decide(Job(state, jobAttempt), stored, Result(BatchStatus.Done, resultAttempt), Now);

            Assert.That(decision.Outcome, Is.EqualTo(refused ? CommitOutcome.Refused : CommitOutcome.Counted));
            Assert.That(decision.Stores, Is.EqualTo(!refused));
            Assert.That(BatchCommitRule.IsSealed(Job(state, jobAttempt), resultAttempt), Is.EqualTo(refused));
        }
    }

    [Test]
    public void Decide_JobGone_Refuses()
    {
        var decision = BatchCommitRule.Decide(null, null, Result(BatchStatus.Done, 0), Now);

        Assert.That(decision.Outcome, Is.EqualTo(CommitOutcome.Refused));
        Assert.That(decision.Stores, Is.False);
    }

    [Test]
    public void Decide_IgnoresAttemptCountersTheCallerSends()
    {
        var result = Result(BatchStatus.Done, 0) with
        {
            Counters = new Dictionary<string, long> { [JobCounters.AttemptBatches(0)] = 5, [JobCounters.AttemptBatches(3)] = 1, [Calls] = 2 },
        };

        var deltas = BatchCommitRule.Decide(Job(JobState.Processing, 0), null, result, Now).Deltas!;

        Assert.That(deltas.Counters, Is.EquivalentTo(new Dictionary<string, long> { [JobCounters.AttemptBatches(0)] = 1, [Calls] = 2 }));
    }

    [Test]
    public void Decide_FailedResultStoresNoPart_KeptDoneKeepsItsPart()
    {
        var failed = BatchCommitRule.Decide(Job(JobState.Processing, 0), null, Result(BatchStatus.Failed, 0), Now).Entry!;
        var kept = BatchCommitRule.Decide(Job(JobState.Processing, 2), StoredDone, Result(BatchStatus.Failed, 2), Now).Entry!;

        Assert.That(failed.PartId, Is.Null);
        Assert.That(kept.PartId, Is.EqualTo(StoredDone.PartId));
    }

    private static TestCaseData Row(
        string name, BatchEntry? stored, BatchStatus status, int attempt, CommitOutcome outcome, BatchStatus? after, int done, int failed, int attemptBatches, bool takesResult) =>
        new TestCaseData(stored, status, attempt, outcome, after, done, failed, attemptBatches, takesResult)
            .SetName($"Decide_{name.Replace(" ", "_", StringComparison.Ordinal).Replace("@", "At", StringComparison.Ordinal)}_Result{status}At{attempt}_{outcome}");

    private static TestCaseData Duplicate(string name, BatchEntry stored, BatchStatus status, int attempt) =>
        Row(name, stored, status, attempt, CommitOutcome.AlreadyCounted, null, 0, 0, 0, takesResult: false);

    private static BatchResult Result(BatchStatus status, int attempt) => status == BatchStatus.Done
        ? new BatchResult(0, BatchStatus.Done, 100, 95, 5, 0, null, attempt, new Dictionary<string, long> { [Calls] = 4 }, $"{attempt}-new")
        : new BatchResult(0, BatchStatus.Failed, 100, 0, 0, 0, "failed again", attempt, new Dictionary<string, long> { [Calls] = 4 }, "ignored");

    private static JobRecord Job(JobState state, int attempt) =>
        TestJobs.Create("job-1", state, Earlier) with { ExpiresAt = Now.AddDays(7), TotalRecords = 100, Attempt = attempt };
}
