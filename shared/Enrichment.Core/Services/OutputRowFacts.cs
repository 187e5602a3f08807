namespace Enrichment.Core.Services;

/// <summary>
/// What <see cref="OutputRowRules"/> needs of a row of UTF-8 cells, read from the row alone (so on
/// the aggregate's parsing thread): its status (one of the known names, as <see cref="OutputRowRules"/>
/// reads it), the cell of its reasons (-1 for an ok row or none) and its duplicate keys as the
/// <see cref="DuplicateTracker"/> holds them (null for none).
/// </summary>
internal readonly record struct OutputRowFacts(string? Status, int ErrorsCell, ulong? EmailKey, ulong? PhoneKey);
