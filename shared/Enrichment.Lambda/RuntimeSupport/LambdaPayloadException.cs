namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>
/// The invocation payload could not be read as the handler's input type. Its message names the type
/// and the position only, never the payload's content.
/// </summary>
public sealed class LambdaPayloadException : Exception
{
    public LambdaPayloadException()
    {
    }

    public LambdaPayloadException(string message)
        : base(message)
    {
    }

    public LambdaPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
