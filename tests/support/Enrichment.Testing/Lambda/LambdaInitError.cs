namespace Enrichment.Testing.Lambda;

/// <summary>What a runtime posted to /runtime/init/error.</summary>
public sealed record LambdaInitError(string Body, string? ErrorTypeHeader)
{
    private (string? Type, string? Message, IReadOnlyList<string> StackTrace) Error =>
        LambdaErrorBody.Parse(Body);

    public string? ErrorType => Error.Type;

    public string? ErrorMessage => Error.Message;

    public IReadOnlyList<string> StackTrace => Error.StackTrace;
}
