namespace Enrichment.Core.Providers.Http;

/// <summary>A provider definition file that cannot be used; the message names the file and the field.</summary>
public sealed class HttpProviderDefinitionException : Exception
{
    public HttpProviderDefinitionException()
    {
    }

    public HttpProviderDefinitionException(string message)
        : base(message)
    {
    }

    public HttpProviderDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
