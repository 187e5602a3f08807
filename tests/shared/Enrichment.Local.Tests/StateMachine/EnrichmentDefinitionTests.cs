using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Enrichment.Testing;

namespace Enrichment.Local.Tests.StateMachine;

/// <summary>The product's statemachines/enrichment.asl.json on the local runner, with scripted task results.</summary>
public sealed class EnrichmentDefinitionTests
{
    private const string Check = "check-completion";
    private const string Aggregate = "aggregate";
    private const string Notify = "webhook";
    private const string Told = """{"jobId":"j1","outcome":"none","attempts":0}""";
    private const string Start = StartExecutionResource.Arn;

    private static readonly string[] LambdaServiceErrors =
        ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

    private static AslDefinition Definition(int maxPolls = 1000, int timeoutSeconds = 3600) =>
        AslDefinition.Load(
            TestPaths.InRepository("statemachines", "enrichment.asl.json"),
            new Dictionary<string, string>
            {
                ["execution_timeout_seconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["check_completion_function_arn"] = Check,
                ["aggregate_function_arn"] = Aggregate,
                ["webhook_function_arn"] = Notify,
                ["max_polls_per_execution"] = maxPolls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

    private static LocalStateMachineRunner Runner(AslTestKit kit, int maxPolls = 1000)
    {
        if (!kit.Has(Start))
        {
            kit.Script(Start, """{"ExecutionArn":"unused"}""");
        }

        if (!kit.Has(Notify))
        {
            kit.Script(Notify, Told);
        }

        return new(
            Definition(maxPolls),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>>
            {
                [Check] = kit.Resource(Check),
                [Aggregate] = kit.Resource(Aggregate),
                [Start] = kit.Resource(Start),
                [Notify] = kit.Resource(Notify),
            },
            kit.Time,
            kit.Waits);
    }

    private static JsonNode Input(int waitSeconds = 5, int generation = 0) =>
        JsonNode.Parse($$"""{"jobId":"j1","attempt":0,"waitSeconds":{{waitSeconds}},"generation":{{generation}},"polls":0}""")!;

    /// <summary>What check-completion answers (every field the definition selects).</summary>
    private static string Checked(bool done, int waitSeconds, int polls, int generation = 0) =>
        $$"""{"jobId":"j1","attempt":0,"done":{{(done ? "true" : "false")}},"waitSeconds":{{waitSeconds}},"batchesFinished":1,"totalBatches":3,"generation":{{generation}},"polls":{{polls}},"continueAs":"j1-0-c{{generation + 1}}","nextGeneration":{{generation + 1}}}""";

    [Test]
    public void EveryTaskState_RetriesLambdasServiceExceptions_WithBackoff()
    {
        var tasks = Definition().States.Values.Where(s => s.Type == AslStateType.Task).ToList();

        Assert.That(tasks.Select(t => t.Name), Is.EquivalentTo(new[] { "CheckCompletion", "Aggregate", "MarkFailed", "ContinueAsNew", "Notify", "NotifyFailure" }));
        Assert.Multiple(() =>
        {
            foreach (var task in tasks)
            {
                foreach (var error in LambdaServiceErrors)
                {
                    var retrier = task.Retry.FirstOrDefault(r => AslErrors.Matches(r.ErrorEquals, error));
                    Assert.That(retrier, Is.Not.Null, $"{task.Name} does not retry {error}");
                    Assert.That(retrier?.MaxAttempts, Is.GreaterThanOrEqualTo(3), $"{task.Name} retries {error} too few times");
                    Assert.That(retrier?.BackoffRate, Is.GreaterThan(1), $"{task.Name} retries {error} without backoff");
                }
            }
        });
    }

    [Test]
    public void EveryStateButTheEnds_HasAWayToMarkTheJobFailed()
    {
        var definition = Definition();

        Assert.Multiple(() =>
        {
            // MarkFailed is the way; the Notify steps come after the job's end and go on to it whatever happens.
            foreach (var task in definition.States.Values.Where(s => s.Type == AslStateType.Task && s.Name is not ("MarkFailed" or "Notify" or "NotifyFailure")))
            {
                Assert.That(task.Catch.Any(c => c.ErrorEquals.Contains("States.ALL") && c.Next == "MarkFailed"), Is.True, $"{task.Name} has no catch-all to MarkFailed");
            }
        });
    }

    [Test]
    public async Task NotDoneTwice_ThenDone_WaitsChecksAndAggregates()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(false, 10, 1), Checked(false, 20, 2), Checked(true, 20, 3))
            .Script(Aggregate, """{"jobId":"j1","status":"completed","outputKey":"k","records":3,"ok":3,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered, Is.EqualTo(new[]
        {
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "Aggregate", "Notify", "Done",
        }));
        // The wait between checks is the one the previous check asked for.
        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) }));
        Assert.That(result.Output!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(kit.Calls.Where(c => c.Resource == Check).Select(c => c.Input), Is.EqualTo(new[]
        {
            """{"jobId":"j1","attempt":0,"waitSeconds":5,"generation":0,"polls":0}""",
            """{"jobId":"j1","attempt":0,"waitSeconds":10,"generation":0,"polls":1}""",
            """{"jobId":"j1","attempt":0,"waitSeconds":20,"generation":0,"polls":2}""",
        }));
        // The aggregate is told the checks made, which the job's counted cost prices.
        Assert.That(kit.Calls.Single(c => c.Resource == Aggregate).Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"polls":3,"generation":0}"""));
        Assert.That(kit.Calls.Any(c => c.Resource == Start), Is.False);
        Assert.That(kit.Calls.Single(c => c.Resource == Notify).Input, Is.EqualTo("""{"jobId":"j1"}"""));
    }

    [Test]
    public async Task PollLimitReached_ContinuesAsTheNextGeneration_AndEnds()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(false, 20, 1), Checked(false, 20, 2), Checked(false, 20, 3))
            .Script(Aggregate, new InvalidOperationException("not expected"));

        var result = await Runner(kit, maxPolls: 3).RunAsync("j1-0", Input(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered.Count(s => s == "CheckCompletion"), Is.EqualTo(3));
        Assert.That(result.StatesEntered.TakeLast(2), Is.EqualTo(new[] { "ContinueAsNew", "ContinuedAsNew" }));
        var start = JsonNode.Parse(kit.Calls.Single(c => c.Resource == Start).Input!)!;
        Assert.That(start["Name"]!.GetValue<string>(), Is.EqualTo("j1-0-c1"));
        Assert.That(start["StateMachineArn"]!.GetValue<string>(), Does.EndWith(":stateMachine:enrichment"));
        Assert.That(start["Input"]!.ToJsonString(), Is.EqualTo("""{"jobId":"j1","attempt":0,"waitSeconds":20,"generation":1,"polls":0}"""));
        Assert.That(kit.Calls.Any(c => c.Resource == Aggregate), Is.False);
    }

    [Test]
    public async Task ContinuationAlreadyStarted_CountsAsContinued()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(false, 20, 1))
            .Script(Aggregate, new InvalidOperationException("not expected"))
            .Script(Start, new AslErrorException("StepFunctions.ExecutionAlreadyExistsException", "exists"));

        var result = await Runner(kit, maxPolls: 1).RunAsync("j1-0", Input(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered.TakeLast(2), Is.EqualTo(new[] { "ContinueAsNew", "ContinuedAsNew" }));
        Assert.That(kit.Calls.Count(c => c.Resource == Start), Is.EqualTo(1), "an existing execution is not retried");
        Assert.That(kit.Calls.Any(c => c.Resource == Aggregate), Is.False);
    }

    [Test]
    public async Task ContinuationCannotStart_RetriesThenMarksTheJobFailed()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(false, 20, 1))
            .Script(Start, new AslErrorException("StepFunctions.ExecutionLimitExceededException", "too many"))
            .Script(Aggregate, """{"jobId":"j1","status":"failed","records":0,"ok":0,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit, maxPolls: 1).RunAsync("j1-0", Input(), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo("JobFailed"));
        Assert.That(kit.Calls.Count(c => c.Resource == Start), Is.EqualTo(6));
        Assert.That(kit.Calls.Single(c => c.Resource == Aggregate).Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"failureReason":"StepFunctions.ExecutionLimitExceededException"}"""));
    }

    [Test]
    public async Task CheckKeepsFailing_RetriesFiveTimes_ThenMarksTheJobFailed()
    {
        var kit = new AslTestKit()
            .Script(Check, new InvalidOperationException("table unavailable"))
            .Script(Aggregate, """{"jobId":"j1","status":"failed","records":0,"ok":0,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Failed));
        Assert.That(result.Error, Is.EqualTo("JobFailed"));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "WaitForBatches", "CheckCompletion", "MarkFailed", "NotifyFailure", "Failed" }));
        Assert.That(kit.Calls.Count(c => c.Resource == Check), Is.EqualTo(6));
        Assert.That(kit.Waits.Requested.Skip(1), Is.EqualTo(new[] { 2, 4, 8, 16, 32 }.Select(s => TimeSpan.FromSeconds(s))));
        Assert.That(kit.Calls.Single(c => c.Resource == Aggregate).Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"failureReason":"InvalidOperationException"}"""));
    }

    [Test]
    public async Task MarkFailedThrottled_IsRetried_AndTheJobIsMarked()
    {
        var kit = new AslTestKit()
            .Script(Check, new InvalidOperationException("table unavailable"))
            .Script(
                Aggregate,
                new AslErrorException("Lambda.TooManyRequestsException", "throttled"),
                new AslErrorException("Lambda.ServiceException", "busy"),
                """{"jobId":"j1","status":"failed","records":0,"ok":0,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo("JobFailed"));
        Assert.That(kit.Calls.Count(c => c.Resource == Aggregate), Is.EqualTo(3));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "WaitForBatches", "CheckCompletion", "MarkFailed", "NotifyFailure", "Failed" }));
    }

    [Test]
    public async Task AggregateFailsOnce_IsRetried_AndTheJobCompletes()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(true, 0, 1))
            .Script(Aggregate, new AslErrorException("Lambda.ServiceException", "throttled"), """{"jobId":"j1","status":"completed","records":1,"ok":1,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "WaitForBatches", "CheckCompletion", "IsComplete", "Aggregate", "Notify", "Done" }));
        Assert.That(kit.Calls.Count(c => c.Resource == Aggregate), Is.EqualTo(2));
    }

    [Test]
    public async Task NeverDone_EndsAtTheMachineTimeout()
    {
        var kit = new AslTestKit().Script(Check, Checked(false, 60, 1)).Script(Start, """{"ExecutionArn":"unused"}""");
        var scheduler = new AslWaitScheduler(kit.Time);
        var runner = new LocalStateMachineRunner(
            Definition(timeoutSeconds: 300),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> { [Check] = kit.Resource(Check), [Aggregate] = kit.Resource(Check), [Start] = kit.Resource(Start), [Notify] = kit.Resource(Check) },
            kit.Time,
            scheduler);

        var running = runner.RunAsync("j1-0", Input(60), CancellationToken.None);
        for (var minute = 0; minute < 5; minute++)
        {
            await kit.Time.WaitForPendingTimersAsync(2, TimeSpan.FromSeconds(10));
            kit.Time.Advance(TimeSpan.FromSeconds(60));
        }

        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.TimedOut));
        Assert.That(result.StatesEntered.Count(s => s == "CheckCompletion"), Is.EqualTo(4));
    }

    [Test]
    public async Task NotifyFails_TheJobStillEndsAsItDid_WithTheAggregatesOutput()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(true, 0, 1))
            .Script(Aggregate, """{"jobId":"j1","status":"completed","records":1,"ok":1,"invalid":0,"error":0,"duplicates":0}""")
            .Script(Notify, new InvalidOperationException("receiver unreachable"));

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered.TakeLast(3), Is.EqualTo(new[] { "Aggregate", "Notify", "Done" }));
        Assert.That(result.Output!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(kit.Calls.Count(c => c.Resource == Notify), Is.EqualTo(1), "a function error is not retried: the function retried within its own bound");
    }

    [Test]
    public async Task NotifyThrottled_IsRetried()
    {
        var kit = new AslTestKit()
            .Script(Check, Checked(true, 0, 1))
            .Script(Aggregate, """{"jobId":"j1","status":"completed","records":1,"ok":1,"invalid":0,"error":0,"duplicates":0}""")
            .Script(Notify, new AslErrorException("Lambda.TooManyRequestsException", "throttled"), Told);

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(kit.Calls.Count(c => c.Resource == Notify), Is.EqualTo(2));
    }

    [Test]
    public async Task NotifyFailureFails_TheExecutionStillFailsAsJobFailed()
    {
        var kit = new AslTestKit()
            .Script(Check, new InvalidOperationException("table unavailable"))
            .Script(Aggregate, """{"jobId":"j1","status":"failed","records":0,"ok":0,"invalid":0,"error":0,"duplicates":0}""")
            .Script(Notify, new InvalidOperationException("receiver unreachable"));

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Error, Is.EqualTo("JobFailed"));
        Assert.That(kit.Calls.Single(c => c.Resource == Notify).Input, Is.EqualTo("""{"jobId":"j1"}"""));
    }
}
