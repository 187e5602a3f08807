namespace Enrichment.Testing.Lambda;

/// <summary>An invocation queued on <see cref="FakeLambdaRuntimeApi"/>, as its headers will say.</summary>
public sealed record FakeInvocation(
    string RequestId,
    string Payload,
    DateTimeOffset Deadline,
    string InvokedFunctionArn,
    string? TraceId);
