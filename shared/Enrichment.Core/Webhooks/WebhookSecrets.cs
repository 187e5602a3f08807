using System.Security.Cryptography;

namespace Enrichment.Core.Webhooks;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> then the base64 of 24 to 64 random bytes.</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";
    public const int MinBytes = 24;
    public const int MaxBytes = 64;

    /// <summary>What a malformed secret answers; it never echoes the secret.</summary>
    public const string Rule = "the webhook secret must be whsec_ followed by the base64 of 24 to 64 random bytes";

    /// <summary>A new secret of 32 random bytes.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The key bytes, or null when <paramref name="secret"/> is not a well-formed secret.</summary>
    public static byte[]? TryDecode(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > Prefix.Length + 100)
        {
            return null;
        }

        var text = secret.AsSpan(Prefix.Length);
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64Chars(text, buffer, out var length) && length is >= MinBytes and <= MaxBytes
            ? buffer[..length]
            : null;
    }
}
