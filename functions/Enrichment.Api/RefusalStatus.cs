using Enrichment.Core.Services;

namespace Enrichment.Functions.Api;

/// <summary>
/// The one place a service's <see cref="Refusal"/> becomes an HTTP status code. The services know
/// nothing of HTTP: the S3-triggered split meets the same refusals and fails the job with the message.
/// </summary>
internal static class RefusalStatus
{
    public static int Of(Refusal refusal) => refusal switch
    {
        Refusal.Invalid => 400,
        Refusal.NotFound => 404,
        Refusal.Conflict => 409,
        Refusal.TooLarge => 413,
        Refusal.IdempotencyKeyReused => 422,
        // A kind added without a status here is a bug: it answers 500 (logged) rather than a guessed 4xx.
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal.GetType().Name, "a refusal kind without a status code"),
    };
}
