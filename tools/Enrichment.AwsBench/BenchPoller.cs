using System.Text.Json.Nodes;
using Enrichment.Aws.StepFunctions;
using Enrichment.Core.Ports;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Aggregate;
using Enrichment.Functions.CheckCompletion;
using Enrichment.Functions.Webhook;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Enrichment.Testing;
using Enrichment.Testing.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.AwsBench;

/// <summary>
/// Step Functions' part of a job: the execution the split started in moto (its input read back from
/// moto), run on statemachines/enrichment.asl.json by the local ASL engine with the bench's
/// check-completion, aggregate and webhook handlers as its Lambda tasks. Its waits are the ones the
/// checks ask for, uncapped, as Step Functions waits them, so the checks it makes (and the
/// transitions they cost) are those of a job that takes as long as this one.
/// </summary>
public static class BenchPoller
{
    public static async Task<AslExecutionResult> RunAsync(BenchStack stack, StepFunctionsClient stepFunctions, string jobId, int attempt, CancellationToken cancellationToken)
    {
        var executionName = SplitService.ExecutionName(jobId, attempt);
        var executionArn = stack.StateMachineArn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + executionName;
        var description = await stepFunctions.DescribeExecutionAsync(executionArn, cancellationToken);
        var input = JsonNode.Parse(description.Input ?? throw new InvalidOperationException("the split started no poller"));

        var definition = EnrichmentStateMachine.Load(TestPaths.InRepository("statemachines", "enrichment.asl.json"), PollerLimits.MaxPollsPerExecution);
        var services = stack.Services;
        var check = services.GetRequiredService<CheckCompletionFunction>();
        var aggregate = services.GetRequiredService<AggregateFunction>();
        var webhook = services.GetRequiredService<WebhookFunction>();
        var context = new TestLambdaContext { FunctionName = "poller", RemainingTime = TimeSpan.FromMinutes(15) };
        var resources = EnrichmentStateMachine.Resources(
            (node, ct) => check.HandleAsync(node, context, ct),
            (node, ct) => aggregate.HandleAsync(node, context, ct),
            (node, ct) => webhook.HandleAsync(node, context, ct),
            services.GetRequiredService<IWorkflowStarter>);
        var runner = new LocalStateMachineRunner(definition, resources, TimeProvider.System, new AslWaitScheduler(TimeProvider.System));
        return await runner.RunAsync(executionName, input, cancellationToken);
    }
}
