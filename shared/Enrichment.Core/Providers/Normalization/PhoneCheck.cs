namespace Enrichment.Core.Providers.Normalization;

/// <summary>The outcome of parsing one phone number.</summary>
/// <param name="Valid">Null when no phone was given.</param>
/// <param name="Reason">Why it is invalid (never contains the number itself).</param>
public readonly record struct PhoneCheck(bool? Valid, string? E164, string? Region, string? Type, string? Reason)
{
    public static PhoneCheck Absent => new(null, null, null, null, null);
}
