using System.Net;
using Enrichment.Core.Services;

namespace Enrichment.Core.Webhooks;

/// <summary>
/// A job's callback as the request named it, checked up front: an absolute URL, https (http only where
/// the deployment allows it), no user info, within the length cap, and an IP literal only when that
/// address is allowed. A host name is resolved and checked when the event is sent, not here.
/// </summary>
/// <param name="SecretGenerated">True when the caller sent no secret: the 202 returns this one, once.</param>
public sealed record WebhookRequest(Uri CallbackUrl, string Secret, bool SecretGenerated)
{
    /// <summary>The callback the request names (a null value when it names none), or why it is refused.</summary>
    public static Outcome<WebhookRequest?> From(string? callbackUrl, string? secret, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (callbackUrl is null)
        {
            return secret is null ? Outcome.Of<WebhookRequest?>(null) : new Refusal.Invalid("a webhook secret needs a callbackUrl");
        }

        var checkedUrl = CheckUrl(callbackUrl, options);
        if (checkedUrl.Refusal is { } badUrl)
        {
            return badUrl;
        }

        var url = checkedUrl.Value;
        if (secret is null)
        {
            return new WebhookRequest(url, WebhookSecrets.Generate(), SecretGenerated: true);
        }

        return WebhookSecrets.TryDecode(secret) is null
            ? new Refusal.Invalid(WebhookSecrets.Rule)
            : new WebhookRequest(url, secret, SecretGenerated: false);
    }

    /// <summary>What the job keeps: the URL, the secret and where the event points its reader.</summary>
    public WebhookTarget For(string statusUrl) => new(CallbackUrl.AbsoluteUri, Secret, statusUrl);

    /// <summary>The secret stays out of any log that prints the request.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("CallbackUrl = ").Append(CallbackUrl).Append(", SecretGenerated = ").Append(SecretGenerated);
        return true;
    }

    private static Outcome<Uri> CheckUrl(string text, WebhookOptions options)
    {
        var schemes = options.AllowHttp ? "http or https" : "https";
        if (text.Length > options.MaxUrlLength)
        {
            return new Refusal.Invalid($"callbackUrl is over {options.MaxUrlLength} characters");
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || url.Host.Length == 0)
        {
            return new Refusal.Invalid($"callbackUrl must be an absolute {schemes} URL");
        }

        if (url.Scheme == "http" && !options.AllowHttp)
        {
            return new Refusal.Invalid("callbackUrl must use https");
        }

        if (url.UserInfo.Length > 0)
        {
            return new Refusal.Invalid("callbackUrl must not carry a user name or password; the signature authenticates the sender");
        }

        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            && IPAddress.TryParse(url.DnsSafeHost, out var address)
            && !WebhookAddresses.IsAllowed(address, options.AllowLoopback))
        {
            return new Refusal.Invalid("callbackUrl names an address events are not sent to (private, loopback, link-local or reserved)");
        }

        return url;
    }
}
