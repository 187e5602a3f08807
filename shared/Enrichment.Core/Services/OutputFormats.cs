namespace Enrichment.Core.Services;

public static class OutputFormats
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    /// <summary>Normalizes a requested output format; null or empty means CSV.</summary>
    public static string Parse(string? requested) => requested?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" or "text/csv" => Csv,
        "jsonl" or "ndjson" or "jsonlines" or "application/x-ndjson" or "application/jsonl" => JsonLines,
        _ => throw new RequestException($"unknown output format '{requested}': use csv or jsonl"),
    };

    public static string ContentType(string format) =>
        format == JsonLines ? "application/x-ndjson" : "text/csv; charset=utf-8";
}
