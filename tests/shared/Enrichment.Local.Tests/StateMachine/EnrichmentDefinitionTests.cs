using System.Text.Json.Nodes;
using Enrichment.Local.StateMachine;
using Enrichment.Testing;

namespace Enrichment.Local.Tests.StateMachine;

/// <summary>The product's statemachines/enrichment.asl.json on the local runner, with scripted task results.</summary>
public sealed class EnrichmentDefinitionTests
{
    private const string Check = "check-completion";
    private const string Aggregate = "aggregate";

    private static LocalStateMachineRunner Runner(AslTestKit kit) =>
        new(
            AslDefinition.Load(
                TestPaths.InRepository("statemachines", "enrichment.asl.json"),
                new Dictionary<string, string>
                {
                    ["execution_timeout_seconds"] = "3600",
                    ["check_completion_function_arn"] = Check,
                    ["aggregate_function_arn"] = Aggregate,
                }),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>>
            {
                [Check] = kit.Resource(Check),
                [Aggregate] = kit.Resource(Aggregate),
            },
            kit.Time,
            kit.Waits);

    private static JsonNode Input(int waitSeconds = 5) => JsonNode.Parse($$"""{"jobId":"j1","attempt":0,"waitSeconds":{{waitSeconds}}}""")!;

    [Test]
    public async Task NotDoneTwice_ThenDone_WaitsChecksAndAggregates()
    {
        var kit = new AslTestKit()
            .Script(Check, """{"jobId":"j1","attempt":0,"done":false,"waitSeconds":10,"batchesFinished":1,"totalBatches":3}""", """{"jobId":"j1","attempt":0,"done":false,"waitSeconds":20,"batchesFinished":2,"totalBatches":3}""", """{"jobId":"j1","attempt":0,"done":true,"waitSeconds":20,"batchesFinished":3,"totalBatches":3}""")
            .Script(Aggregate, """{"jobId":"j1","status":"completed","outputKey":"k","records":3,"ok":3,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered, Is.EqualTo(new[]
        {
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "WaitForBatches", "CheckCompletion", "IsComplete",
            "Aggregate", "Done",
        }));
        // The wait between checks is the one the previous check asked for.
        Assert.That(kit.Waits.Requested, Is.EqualTo(new[] { TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) }));
        Assert.That(result.Output!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(kit.Calls.Where(c => c.Resource == Check).Select(c => c.Input), Is.EqualTo(new[]
        {
            """{"jobId":"j1","attempt":0,"waitSeconds":5}""",
            """{"jobId":"j1","attempt":0,"waitSeconds":10}""",
            """{"jobId":"j1","attempt":0,"waitSeconds":20}""",
        }));
        Assert.That(kit.Calls.Single(c => c.Resource == Aggregate).Input, Is.EqualTo("""{"jobId":"j1","attempt":0}"""));
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
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "WaitForBatches", "CheckCompletion", "MarkFailed", "Failed" }));
        Assert.That(kit.Calls.Count(c => c.Resource == Check), Is.EqualTo(6));
        Assert.That(kit.Waits.Requested.Skip(1), Is.EqualTo(new[] { 2, 4, 8, 16, 32 }.Select(s => TimeSpan.FromSeconds(s))));
        Assert.That(kit.Calls.Single(c => c.Resource == Aggregate).Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"failureReason":"InvalidOperationException"}"""));
    }

    [Test]
    public async Task AggregateFailsOnce_IsRetried_AndTheJobCompletes()
    {
        var kit = new AslTestKit()
            .Script(Check, """{"jobId":"j1","attempt":0,"done":true,"waitSeconds":0}""")
            .Script(Aggregate, new AslErrorException("Lambda.ServiceException", "throttled"), """{"jobId":"j1","status":"completed","records":1,"ok":1,"invalid":0,"error":0,"duplicates":0}""");

        var result = await Runner(kit).RunAsync("j1-0", Input(0), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(AslExecutionStatus.Succeeded));
        Assert.That(result.StatesEntered, Is.EqualTo(new[] { "WaitForBatches", "CheckCompletion", "IsComplete", "Aggregate", "Done" }));
        Assert.That(kit.Calls.Count(c => c.Resource == Aggregate), Is.EqualTo(2));
    }

    [Test]
    public async Task NeverDone_EndsAtTheMachineTimeout()
    {
        var kit = new AslTestKit().Script(Check, """{"jobId":"j1","attempt":0,"done":false,"waitSeconds":60}""");
        var scheduler = new AslWaitScheduler(kit.Time);
        var runner = new LocalStateMachineRunner(
            AslDefinition.Load(
                TestPaths.InRepository("statemachines", "enrichment.asl.json"),
                new Dictionary<string, string> { ["execution_timeout_seconds"] = "300", ["check_completion_function_arn"] = Check, ["aggregate_function_arn"] = Aggregate }),
            new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> { [Check] = kit.Resource(Check), [Aggregate] = kit.Resource(Check) },
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
}
