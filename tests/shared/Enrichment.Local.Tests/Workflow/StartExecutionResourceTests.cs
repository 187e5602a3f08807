using System.Text.Json.Nodes;
using Enrichment.Core.Workflow;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Enrichment.Testing;

namespace Enrichment.Local.Tests.Workflow;

/// <summary>The product definition on the local workflow: a poller that reaches its bound continues as the next generation, which finishes the job.</summary>
public sealed class StartExecutionResourceTests
{
    private const string Check = "check-completion";
    private const string Aggregate = "aggregate";
    private const string Notify = "webhook";

    [Test]
    public async Task PollerAtItsBound_ContinuesAsANewExecution_WhichAggregates()
    {
        using var directory = new TempDirectory();
        var checks = 0;
        var aggregates = new List<string>();
        LocalWorkflowStarter? starter = null;
        var definition = AslDefinition.Load(
            TestPaths.InRepository("statemachines", "enrichment.asl.json"),
            new Dictionary<string, string>
            {
                ["execution_timeout_seconds"] = "600",
                ["check_completion_function_arn"] = Check,
                ["aggregate_function_arn"] = Aggregate,
                ["webhook_function_arn"] = Notify,
                ["max_polls_per_execution"] = "2",
            });
        var resources = new Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>>
        {
            // Not done for five checks: generations 0 and 1 reach the bound of 2, generation 2 sees it done.
            [Check] = (input, _) =>
            {
                var n = Interlocked.Increment(ref checks);
                var generation = input!["generation"]!.GetValue<int>();
                var output = new CheckCompletionOutput("j1", 0, n > 5, 0, 0, 1, generation, input["polls"]!.GetValue<int>() + 1, PollerExecution.Name("j1", 0, generation + 1), generation + 1);
                return Task.FromResult(System.Text.Json.JsonSerializer.SerializeToNode(output, Core.Serialization.EnrichmentJsonContext.Default.CheckCompletionOutput));
            },
            [Aggregate] = (input, _) =>
            {
                aggregates.Add(input!.ToJsonString());
                return Task.FromResult(JsonNode.Parse("""{"jobId":"j1","status":"completed","records":1,"ok":1,"invalid":0,"error":0,"duplicates":0}"""));
            },
            [StartExecutionResource.Arn] = StartExecutionResource.For(() => starter!),
            [Notify] = (_, _) => Task.FromResult(JsonNode.Parse("""{"jobId":"j1","outcome":"none","attempts":0}""")),
        };
        var runner = new LocalStateMachineRunner(definition, resources, TimeProvider.System, new AslWaitScheduler(TimeProvider.System, TimeSpan.Zero));
        await using (starter = new LocalWorkflowStarter(directory.Path, runner, TimeProvider.System))
        {
            await starter.StartAsync(PollerExecution.Name("j1", 0), new PollerInput("j1", 0, 0), CancellationToken.None);

            var first = await starter.WaitForCompletionAsync("j1-0", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var second = await starter.WaitForCompletionAsync("j1-0-c1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
            var third = await starter.WaitForCompletionAsync("j1-0-c2", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.That(first.StatesEntered.TakeLast(2), Is.EqualTo(new[] { "ContinueAsNew", "ContinuedAsNew" }));
            Assert.That(second.StatesEntered.TakeLast(2), Is.EqualTo(new[] { "ContinueAsNew", "ContinuedAsNew" }));
            Assert.That(second.Input, Is.EqualTo("""{"jobId":"j1","attempt":0,"waitSeconds":0,"generation":1,"polls":0}"""));
            Assert.That(third.Status, Is.EqualTo(LocalExecutionStatus.Succeeded));
            Assert.That(third.StatesEntered.TakeLast(3), Is.EqualTo(new[] { "Aggregate", "Notify", "Done" }));
            Assert.That(first.StatesEntered.Count(s => s == "CheckCompletion") + second.StatesEntered.Count(s => s == "CheckCompletion"), Is.EqualTo(4), "two checks per execution");
            Assert.That(await starter.GetAsync("j1-0-c3", CancellationToken.None), Is.Null);
            Assert.That(aggregates, Is.EqualTo(new[] { """{"jobId":"j1","attempt":0,"polls":2,"generation":2}""" }));
            Assert.That(checks, Is.EqualTo(6));
            Assert.That(JsonNode.Parse(third.Output!)!["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        }
    }
}
