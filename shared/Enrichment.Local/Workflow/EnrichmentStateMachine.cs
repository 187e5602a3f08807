using System.Text.Json.Serialization.Metadata;
using Enrichment.Core.Workflow;
using Enrichment.Local.StateMachine;

namespace Enrichment.Local.Workflow;

/// <summary>
/// statemachines/enrichment.asl.json as the local engine runs it, wherever it runs (the local host,
/// the moto pipeline tests, the AWS bench): the definition with its placeholders filled, and its
/// Lambda tasks bound to the given handlers, each call going through JSON both ways as a Lambda
/// invoke does.
/// </summary>
public static class EnrichmentStateMachine
{
    /// <summary>A local function's ARN before its name (the local host's region and account); the host's invocation contexts carry the same ARNs.</summary>
    public const string FunctionArnPrefix = "arn:aws:lambda:local:000000000000:function:";

    public const string CheckCompletionArn = FunctionArnPrefix + "check-completion";
    public const string AggregateArn = FunctionArnPrefix + "aggregate";
    public const string WebhookArn = FunctionArnPrefix + "webhook";

    public static AslDefinition Load(string path, int maxPollsPerExecution, int executionTimeoutSeconds = 86400) =>
        AslDefinition.Load(path, new Dictionary<string, string>
        {
            ["execution_timeout_seconds"] = executionTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["check_completion_function_arn"] = CheckCompletionArn,
            ["aggregate_function_arn"] = AggregateArn,
            ["webhook_function_arn"] = WebhookArn,
            ["max_polls_per_execution"] = maxPollsPerExecution.ToString(CultureInfo.InvariantCulture),
        });

    /// <param name="workflow">Resolved at each continue-as-new, so a starter built from the runner itself can be given.</param>
    public static Dictionary<string, Func<JsonNode?, CancellationToken, Task<JsonNode?>>> Resources(
        Func<CheckCompletionInput, CancellationToken, Task<CheckCompletionOutput>> checkCompletion,
        Func<AggregateInput, CancellationToken, Task<AggregateOutput>> aggregate,
        Func<NotifyInput, CancellationToken, Task<NotifyOutput>> notify,
        Func<IWorkflowStarter> workflow) =>
        new(StringComparer.Ordinal)
        {
            [CheckCompletionArn] = LambdaTask(checkCompletion, EnrichmentJsonContext.Default.CheckCompletionInput, EnrichmentJsonContext.Default.CheckCompletionOutput),
            [AggregateArn] = LambdaTask(aggregate, EnrichmentJsonContext.Default.AggregateInput, EnrichmentJsonContext.Default.AggregateOutput),
            [WebhookArn] = LambdaTask(notify, EnrichmentJsonContext.Default.NotifyInput, EnrichmentJsonContext.Default.NotifyOutput),
            [StartExecutionResource.Arn] = StartExecutionResource.For(workflow),
        };

    private static Func<JsonNode?, CancellationToken, Task<JsonNode?>> LambdaTask<TIn, TOut>(
        Func<TIn, CancellationToken, Task<TOut>> handler, JsonTypeInfo<TIn> inputType, JsonTypeInfo<TOut> outputType) =>
        async (input, cancellationToken) =>
        {
            var typed = input.Deserialize(inputType) ?? throw new JsonException("task input is null");
            return JsonSerializer.SerializeToNode(await handler(typed, cancellationToken), outputType);
        };
}
