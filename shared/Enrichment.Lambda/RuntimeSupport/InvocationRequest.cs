namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>One invocation as the Runtime API hands it out: the event payload and its headers.</summary>
public sealed record InvocationRequest(
    string RequestId,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId,
    ReadOnlyMemory<byte> Payload);
