using Enrichment.Core.Services;

namespace Enrichment.Functions.Api;

/// <summary>
/// A request the API answers with a 4xx before or instead of a service's answer (no caller, a body
/// it cannot read, a service's <see cref="Refusal"/> met in a helper). Only the API throws it, and
/// only <see cref="ApiFunction"/> catches it; the message is safe to show and free of contact data.
/// </summary>
public sealed class RequestException : Exception
{
    public RequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>A service's refusal, with the status code the API gives its kind.</summary>
    public RequestException(Refusal refusal)
        : this(RefusalStatus.Of(refusal ?? throw new ArgumentNullException(nameof(refusal))), refusal.Message)
    {
    }

    public RequestException()
    {
        StatusCode = 400;
    }

    public RequestException(string message)
        : this(400, message)
    {
    }

    public RequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
    }

    public int StatusCode { get; }
}
