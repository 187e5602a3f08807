using System.Net;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>The Lambda Runtime API answered with a status other than success, or with a malformed invocation.</summary>
public sealed class LambdaRuntimeException : Exception
{
    public LambdaRuntimeException()
    {
    }

    public LambdaRuntimeException(string message)
        : base(message)
    {
    }

    public LambdaRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LambdaRuntimeException(string message, HttpStatusCode statusCode)
        : base(message) => StatusCode = statusCode;

    /// <summary>The HTTP status of the failed call, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }
}
