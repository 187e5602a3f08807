namespace Enrichment.Core.Services;

/// <summary>File names end up in object keys and Content-Disposition headers: only tame characters pass.</summary>
public static class SafeFileName
{
    public static string Clean(string? name)
    {
        var bare = Path.GetFileName(name ?? string.Empty);
        var safe = new string([.. bare.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]).Trim('.');
        return safe.Length > 100 ? safe[^100..] : safe;
    }
}
