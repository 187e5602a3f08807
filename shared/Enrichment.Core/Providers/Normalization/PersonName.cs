namespace Enrichment.Core.Providers.Normalization;

/// <param name="Prefix">Titles before the name ("Dr.", "Prof. Dr."), in their usual spelling.</param>
/// <param name="Suffix">Generational and professional suffixes after it ("Jr.", "III", "PhD").</param>
public readonly record struct PersonName(string? First, string? Last, string? Prefix = null, string? Suffix = null);
