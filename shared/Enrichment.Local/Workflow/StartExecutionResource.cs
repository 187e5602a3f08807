using Enrichment.Local.StateMachine;

namespace Enrichment.Local.Workflow;

/// <summary>
/// The Step Functions StartExecution integration (request-response) as a local ASL resource: the
/// poller's continue-as-new state starts its next generation through the workflow port. The
/// execution started is always the poller's own state machine, as the definition's
/// <c>$$.StateMachine.Id</c> says on AWS.
/// </summary>
public static class StartExecutionResource
{
    public const string Arn = "arn:aws:states:::states:startExecution";

    public static Func<JsonNode?, CancellationToken, Task<JsonNode?>> For(Func<IWorkflowStarter> workflow) =>
        async (parameters, cancellationToken) =>
        {
            var name = parameters?["Name"]?.GetValue<string>();
            var input = parameters?["Input"]?.Deserialize(EnrichmentJsonContext.Default.PollerInput);
            if (string.IsNullOrEmpty(name) || input is null)
            {
                throw new AslErrorException("States.Runtime", "startExecution needs Name and an Input object");
            }

            await workflow().StartAsync(name, input, cancellationToken);
            return new JsonObject { ["ExecutionArn"] = name };
        };
}
