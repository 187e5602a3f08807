namespace Enrichment.Core.Providers.Normalization;

/// <summary>The outcome of normalizing one email address.</summary>
/// <param name="Normalized">Trimmed and lower-cased; null when no email was given.</param>
/// <param name="Valid">Null when no email was given.</param>
/// <param name="Reason">Why it is invalid (never contains the address itself).</param>
/// <param name="At">Index of the '@' in <paramref name="Normalized"/> when valid, else -1.</param>
public readonly record struct EmailCheck(string? Normalized, bool? Valid, string? Reason, int At)
{
    public static EmailCheck Absent => new(null, null, null, -1);

    public string? Domain => Valid == true ? Normalized![(At + 1)..] : null;

    public string? LocalPart => Valid == true ? Normalized![..At] : null;
}
