namespace Enrichment.Testing.Lambda;

/// <summary>
/// What a runtime posted for one invocation: a response (<see cref="Body"/> is the function's result)
/// or an error (<see cref="Body"/> is the error JSON, also read into <see cref="ErrorType"/> and
/// <see cref="ErrorMessage"/>).
/// </summary>
public sealed record LambdaInvocationResult(string RequestId, bool IsError, string Body, string? ErrorTypeHeader)
{
    private (string? Type, string? Message, IReadOnlyList<string> StackTrace) Error =>
        IsError ? LambdaErrorBody.Parse(Body) : (null, null, []);

    public bool Succeeded => !IsError;

    /// <summary>The body's errorType, for an error.</summary>
    public string? ErrorType => Error.Type;

    /// <summary>The body's errorMessage, for an error.</summary>
    public string? ErrorMessage => Error.Message;

    public IReadOnlyList<string> StackTrace => Error.StackTrace;

    public override string ToString() =>
        IsError ? $"{RequestId}: error {ErrorTypeHeader} {Body}" : $"{RequestId}: response {Body}";
}
