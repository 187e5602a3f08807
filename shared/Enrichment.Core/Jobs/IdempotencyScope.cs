using System.Security.Cryptography;

namespace Enrichment.Core.Jobs;

/// <summary>
/// The rules of an Idempotency-Key: it belongs to the caller who sent it (another caller's equal
/// key is another key), and it is bound to the request it first came with: the list's bytes and
/// every option that shapes the job. The same key with another request is a conflict, not a replay.
/// </summary>
public static class IdempotencyScope
{
    /// <summary>Longest key accepted; longer ones are refused rather than cut.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The key as the control table stores it: the caller's, never shared across callers.</summary>
    public static string Key(string? owner, string key) => $"{owner ?? string.Empty}\n{key}";

    /// <summary>A hash of the request: the list's SHA-256 and the options, each length-prefixed so no two requests share one.</summary>
    /// <param name="callbackUrl">The job's callback, when it names one (a job without one keeps the fingerprint it always had).</param>
    public static string Fingerprint(byte[] contentHash, string inputFormat, string outputFormat, IReadOnlyList<string> providers, string? inputName, string? callbackUrl = null)
    {
        var text = new StringBuilder();
        foreach (var part in new[] { inputFormat, outputFormat, inputName ?? string.Empty }.Concat(providers))
        {
            text.Append(part.Length).Append(':').Append(part).Append('\n');
        }

        if (callbackUrl is not null)
        {
            // After a marker no provider name can spell (they have no '/'), so it never reads as one more provider.
            text.Append("callback/").Append(callbackUrl.Length).Append(':').Append(callbackUrl).Append('\n');
        }

        var options = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexString(SHA256.HashData([.. contentHash, .. options])).ToLowerInvariant();
    }
}
