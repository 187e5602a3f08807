namespace Enrichment.Local.Objects;

/// <summary>Object keys as S3-style paths that can never leave the store's directory.</summary>
public static class ObjectKeys
{
    /// <summary>Throws unless <paramref name="key"/> is a relative path of plain segments (no "..", ".", empty segment, backslash or control character).</summary>
    public static void Validate(string key, bool allowTrailingSlash = false)
    {
        if (!IsValid(key, allowTrailingSlash))
        {
            throw new ArgumentException("invalid object key", nameof(key));
        }
    }

    public static bool IsValid(string key, bool allowTrailingSlash = false)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 1024 || key[0] == '/' || key.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        if (key.Any(char.IsControl) || Path.IsPathRooted(key))
        {
            return false;
        }

        var body = allowTrailingSlash && key.EndsWith('/') ? key[..^1] : key;
        return body.Length > 0 && body.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
    }
}
