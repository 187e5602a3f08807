namespace Enrichment.Core.Input;

/// <summary>Finds the <see cref="InputFormat"/> of an upload from its Content-Type or file name.</summary>
public static class InputFormats
{
    /// <summary>The media type of an Excel workbook (.xlsx).</summary>
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly Dictionary<string, InputFormat> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["text/csv"] = InputFormat.Csv,
        ["application/csv"] = InputFormat.Csv,
        ["text/x-csv"] = InputFormat.Csv,
        ["text/tab-separated-values"] = InputFormat.Csv,

        // Browsers on Windows label .csv files with Excel's media type.
        ["application/vnd.ms-excel"] = InputFormat.Csv,
        ["application/json"] = InputFormat.Json,
        ["text/json"] = InputFormat.Json,
        ["application/x-ndjson"] = InputFormat.JsonLines,
        ["application/ndjson"] = InputFormat.JsonLines,
        ["application/jsonl"] = InputFormat.JsonLines,
        ["application/x-jsonl"] = InputFormat.JsonLines,
        ["application/json-lines"] = InputFormat.JsonLines,
        ["application/jsonlines"] = InputFormat.JsonLines,
        ["application/x-jsonlines"] = InputFormat.JsonLines,
        ["application/json-seq"] = InputFormat.JsonLines,
        [XlsxMediaType] = InputFormat.Xlsx,
    };

    private static readonly Dictionary<string, InputFormat> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = InputFormat.Csv,
        [".tsv"] = InputFormat.Csv,
        [".tab"] = InputFormat.Csv,
        [".json"] = InputFormat.Json,
        [".jsonl"] = InputFormat.JsonLines,
        [".ndjson"] = InputFormat.JsonLines,
        [".xlsx"] = InputFormat.Xlsx,
    };

    /// <summary>Media types the readers accept, for error messages and API documentation.</summary>
    public static IReadOnlyCollection<string> SupportedContentTypes => MediaTypes.Keys;

    /// <summary>The format named by a Content-Type header value (parameters such as charset are ignored), or null.</summary>
    public static InputFormat? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon >= 0 ? contentType[..semicolon] : contentType).Trim();
        return MediaTypes.TryGetValue(mediaType, out var format) ? format : null;
    }

    /// <summary>The format named by a file name's extension (.csv, .tsv, .json, .jsonl, .ndjson, .xlsx), or null.</summary>
    public static InputFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return null;
        }

        var extension = Path.GetExtension(fileName.Trim());
        return Extensions.TryGetValue(extension, out var format) ? format : null;
    }

    /// <summary>Like <see cref="FromContentType"/>, but an unknown type is an <see cref="ArgumentException"/> naming the accepted ones.</summary>
    public static InputFormat ParseContentType(string? contentType) =>
        FromContentType(contentType)
        ?? throw new ArgumentException(
            $"Unsupported content type '{contentType}'; use text/csv, application/json, application/x-ndjson or " + XlsxMediaType + ".",
            nameof(contentType));

    /// <summary>Like <see cref="FromFileName"/>, but an unknown extension is an <see cref="ArgumentException"/>.</summary>
    public static InputFormat ParseFileName(string? fileName) =>
        FromFileName(fileName)
        ?? throw new ArgumentException(
            $"Unsupported file type '{Path.GetExtension(fileName)}'; use .csv, .tsv, .json, .jsonl, .ndjson or .xlsx.",
            nameof(fileName));
}
