namespace Enrichment.Core.Providers.Normalization;

public readonly record struct PersonName(string? First, string? Last);
