namespace Enrichment.Core.Providers.Http;

/// <summary>
/// A provider definition file that cannot be used; the message names the file and the field. An
/// ArgumentException, like every other bad provider name the factory refuses.
/// </summary>
public sealed class HttpProviderDefinitionException(string message, Exception? innerException = null)
    : ArgumentException(message, innerException);
