namespace Enrichment.Core.Services;

/// <summary>
/// POST /jobs/uploads: reserves a job and hands out a short-lived PUT link for a list too big for a
/// request body. The object's arrival (an S3 event, or the local host's signal) starts the split.
/// </summary>
public sealed class UploadService(SplitService split, IObjectStore store, EnrichmentOptions options, TimeProvider time)
{
    public async Task<Outcome<UploadResponse>> ReserveAsync(
        string? format,
        string? output,
        IReadOnlyList<string>? providers,
        string? fileName,
        long? size,
        string owner,
        Func<string, string> statusUrl,
        CancellationToken cancellationToken,
        string? sheet = null,
        Webhooks.WebhookRequest? webhook = null,
        bool dryRun = false)
    {
        if (dryRun && webhook is not null)
        {
            return new Refusal.Invalid("a dry run is only estimated: it takes no callbackUrl");
        }

        var parsedFormat = ParseFormat(format, fileName);
        if (parsedFormat.Refusal is { } badFormat)
        {
            return badFormat;
        }

        var checkedSize = CheckSize(size);
        if (checkedSize.Refusal is { } badSize)
        {
            return badSize;
        }

        var outputFormat = OutputFormats.Parse(output);
        if (outputFormat.Refusal is { } badOutput)
        {
            return badOutput;
        }

        var inputFormat = parsedFormat.Value;
        var length = checkedSize.Value;
        var safeName = KeyName(fileName, inputFormat);
        var request = new SubmitRequest(
            _ => throw new InvalidOperationException("an upload is read by the split, not here"),
            inputFormat,
            outputFormat.Value,
            providers,
            IdempotencyKey: null,
            InputName: safeName,
            Sheet: sheet) { Owner = owner, Webhook = webhook, StatusUrl = statusUrl, DryRun = dryRun };
        var reserved = await split.ReserveUploadAsync(request, cancellationToken);
        if (reserved.Refusal is { } refusal)
        {
            return refusal;
        }

        var job = reserved.Value;
        var contentType = ContentType(inputFormat);
        var url = await store.GetUploadUrlAsync(JobKeys.Upload(job.JobId, safeName), options.UploadUrlLifetime, contentType, length, cancellationToken);
        return new UploadResponse(
            job.JobId,
            job.State.ToWire(),
            url.AbsoluteUri,
            "PUT",
            contentType,
            time.GetUtcNow() + options.UploadUrlLifetime,
            statusUrl(job.JobId),
            length,
            webhook is { SecretGenerated: true } ? webhook.Secret : null);
    }

    /// <summary>The size the link is signed for: the PUT must declare exactly it, so an upload can be no bigger than was agreed.</summary>
    private Outcome<long> CheckSize(long? size) => size switch
    {
        null => new Refusal.Invalid("say the list's size in bytes (size): the upload link is signed for exactly that Content-Length"),
        <= 0 => new Refusal.Invalid("size must be the list's length in bytes, at least 1"),
        _ when size > options.MaxUploadBytes => new Refusal.TooLarge($"the list is over the upload limit of {options.MaxUploadBytes} bytes"),
        _ => size.Value,
    };

    public static string ContentType(InputFormat format) => format switch
    {
        InputFormat.Csv => "text/csv",
        InputFormat.Json => "application/json",
        InputFormat.Xlsx => InputFormats.XlsxMediaType,
        _ => "application/x-ndjson",
    };

    private static Outcome<InputFormat> ParseFormat(string? format, string? fileName)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return format.Trim().ToLowerInvariant() switch
            {
                "csv" or "tsv" or "text/csv" => InputFormat.Csv,
                "json" or "application/json" => InputFormat.Json,
                "jsonl" or "ndjson" or "jsonlines" or "application/x-ndjson" => InputFormat.JsonLines,
                "xlsx" or InputFormats.XlsxMediaType => InputFormat.Xlsx,
                _ => new Refusal.Invalid($"unknown format '{format}': use csv, json, jsonl or xlsx"),
            };
        }

        return (fileName is null ? null : InputFormats.FromFileName(fileName)) is { } named
            ? named
            : new Refusal.Invalid("say the list's format: format=csv|json|jsonl|xlsx, or a fileName ending in .csv, .json, .jsonl or .xlsx");
    }

    /// <summary>The file name becomes part of an object key and a download name: keep it tame.</summary>
    private static string KeyName(string? fileName, InputFormat format)
    {
        var safe = SafeFileName.Clean(fileName);
        return safe.Length > 0 ? safe : format switch
        {
            InputFormat.Csv => "input.csv",
            InputFormat.Json => "input.json",
            InputFormat.Xlsx => "input.xlsx",
            _ => "input.jsonl",
        };
    }
}
