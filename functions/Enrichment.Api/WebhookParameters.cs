using Enrichment.Core.Services;
using Enrichment.Core.Webhooks;

namespace Enrichment.Functions.Api;

/// <summary>
/// A job's callback from the request: <c>callbackUrl</c> (query of POST /jobs, field or query of the
/// uploads request) and the secret (header <c>Webhook-Secret</c> of POST /jobs, field of the uploads
/// body). A secret in a query is refused outright: URLs end up in access logs.
/// </summary>
internal static class WebhookParameters
{
    public const string SecretHeader = "webhook-secret";

    public static WebhookRequest? OfJobs(ApiCall call, WebhookOptions options)
    {
        RefuseSecretInQuery(call);
        return Checked(WebhookRequest.From(call.Query("callbackUrl"), call.Header(SecretHeader), options));
    }

    public static WebhookRequest? OfUpload(ApiCall call, UploadRequest? body, WebhookOptions options)
    {
        RefuseSecretInQuery(call);
        return Checked(WebhookRequest.From(body?.CallbackUrl ?? call.Query("callbackUrl"), body?.WebhookSecret, options));
    }

    /// <summary>The callback, or the refusal as the request's answer (these run before any service call).</summary>
    private static WebhookRequest? Checked(Outcome<WebhookRequest?> webhook) =>
        webhook.Refusal is { } refusal ? throw new RequestException(refusal) : webhook.Value;

    private static void RefuseSecretInQuery(ApiCall call)
    {
        if (call.QueryNames.Any(name => name.Contains("secret", StringComparison.OrdinalIgnoreCase)))
        {
            throw new RequestException("send the webhook secret in the Webhook-Secret header (or the uploads body), never in the URL: URLs are kept in access logs");
        }
    }
}
