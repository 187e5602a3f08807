namespace Enrichment.Core.Services;

/// <summary>A request the caller must change (maps to a 4xx); the message is safe to show and free of contact data.</summary>
public sealed class RequestException : Exception
{
    public RequestException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
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
