namespace Enrichment.Core.Providers.Normalization;

/// <param name="Names">Names separated by <c>|</c>; kept as one string so the table stays compact.</param>
internal readonly record struct CountryEntry(string Alpha2, string Alpha3, string Names);
