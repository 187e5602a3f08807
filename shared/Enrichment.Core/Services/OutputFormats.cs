namespace Enrichment.Core.Services;

public static class OutputFormats
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";
    public const string Xlsx = "xlsx";

    /// <summary>Normalizes a requested output format; null or empty means CSV; an unknown one is refused.</summary>
    public static Outcome<string> Parse(string? requested) => requested?.Trim().ToLowerInvariant() switch
    {
        null or "" or "csv" or "text/csv" => Csv,
        "jsonl" or "ndjson" or "jsonlines" or "application/x-ndjson" or "application/jsonl" => JsonLines,
        "xlsx" or Input.InputFormats.XlsxMediaType => Xlsx,
        _ => new Refusal.Invalid($"unknown output format '{requested}': use csv, jsonl or xlsx"),
    };

    public static string ContentType(string format) => format switch
    {
        JsonLines => "application/x-ndjson",
        Xlsx => Input.InputFormats.XlsxMediaType,
        _ => "text/csv; charset=utf-8",
    };
}
