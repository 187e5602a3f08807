namespace Enrichment.Core.Workflow;

/// <summary>Input of the webhook task (the state machine's Notify step): the job whose end to tell.</summary>
public sealed record NotifyInput(string JobId);
