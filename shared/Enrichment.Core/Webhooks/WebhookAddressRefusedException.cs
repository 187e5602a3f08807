namespace Enrichment.Core.Webhooks;

/// <summary>The callback's host resolved to an address events are not sent to; no connection was opened.</summary>
public sealed class WebhookAddressRefusedException : Exception
{
    public WebhookAddressRefusedException()
    {
    }

    public WebhookAddressRefusedException(string message)
        : base(message)
    {
    }

    public WebhookAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
