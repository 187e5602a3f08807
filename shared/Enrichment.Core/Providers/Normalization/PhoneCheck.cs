namespace Enrichment.Core.Providers.Normalization;

/// <summary>The outcome of parsing one phone number.</summary>
/// <param name="Valid">Null when no phone was given.</param>
/// <param name="Reason">Why it is invalid (never contains the number itself).</param>
/// <param name="Carrier">See <see cref="PhoneDetails"/>; null when unknown.</param>
/// <param name="Place">The geocoded place of <see cref="PhoneDetails"/>.</param>
/// <param name="TimeZone">IANA time zone(s) of <see cref="PhoneDetails"/>.</param>
public readonly record struct PhoneCheck(
    bool? Valid,
    string? E164,
    string? Region,
    string? Type,
    string? Reason,
    string? Carrier = null,
    string? Place = null,
    string? TimeZone = null)
{
    public static PhoneCheck Absent => new(null, null, null, null, null);
}
