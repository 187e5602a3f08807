using Enrichment.Core.Serialization.StepFunctions;
using Enrichment.Core.Workflow;

namespace Enrichment.Aws.StepFunctions;

/// <summary>
/// Starts the completion poller on Step Functions. The execution is named by the caller (one name
/// per job attempt), so a repeated split cannot start a second poller: Step Functions itself answers
/// a running same-name same-input start idempotently, and answers ExecutionAlreadyExists when the
/// name was used with another input or has finished; both mean the poller for that job attempt
/// exists or existed, so that error is a no-op here.
/// </summary>
public sealed class StepFunctionsWorkflowStarter : IWorkflowStarter
{
    private readonly StepFunctionsClient _client;
    private readonly string _stateMachineArn;

    public StepFunctionsWorkflowStarter(StepFunctionsClient client, string stateMachineArn)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateMachineArn);
        _client = client;
        _stateMachineArn = stateMachineArn;
    }

    public async Task StartAsync(string executionName, PollerInput input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionName);
        ArgumentNullException.ThrowIfNull(input);
        var json = JsonSerializer.Serialize(input, EnrichmentJsonContext.Default.PollerInput);
        try
        {
            await _client.StartExecutionAsync(new SfnStartExecutionRequest(_stateMachineArn, executionName, json), cancellationToken);
        }
        catch (StepFunctionsException exception) when (exception.ErrorCode == "ExecutionAlreadyExists")
        {
            // Started before (see the class comment).
        }
    }
}
