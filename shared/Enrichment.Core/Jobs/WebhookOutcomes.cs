namespace Enrichment.Core.Jobs;

/// <summary>Wire names of <see cref="WebhookDelivery.Outcome"/> (and <c>pending</c>, shown before any delivery).</summary>
public static class WebhookOutcomes
{
    /// <summary>The job has a callback, and its end has not been told yet.</summary>
    public const string Pending = "pending";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Every attempt within the bounded time failed (non-2xx, timeout or connection error).</summary>
    public const string Failed = "failed";

    /// <summary>The callback's address is not one the deployment sends to (private, loopback, link-local…); nothing was sent.</summary>
    public const string Refused = "refused";
}
