namespace Enrichment.Core.Configuration;

/// <summary>Reads <see cref="EnrichmentOptions"/> from the environment variables Terraform sets.</summary>
public static class EnvironmentOptions
{
    /// <summary>The dead-letter queue's ARN (see <see cref="EnrichmentOptions.DeadLetterQueueArn"/>).</summary>
    public const string DeadLetterQueueArnVariable = "ENRICHMENT_DLQ_ARN";

    public static EnrichmentOptions Read(Func<string, string?> variable)
    {
        var defaults = new EnrichmentOptions();
        var urlLifetime = Seconds(variable, "ENRICHMENT_URL_LIFETIME_SECONDS");
        return defaults with
        {
            BatchSize = Int(variable, "ENRICHMENT_BATCH_SIZE", 1, 10_000) ?? defaults.BatchSize,
            MaxReceiveCount = Int(variable, "ENRICHMENT_MAX_RECEIVE_COUNT", 1, 1_000) ?? defaults.MaxReceiveCount,
            DefaultProviders = List(variable("ENRICHMENT_PROVIDERS")) ?? defaults.DefaultProviders,
            DownloadUrlLifetime = urlLifetime ?? defaults.DownloadUrlLifetime,
            UploadUrlLifetime = urlLifetime ?? defaults.UploadUrlLifetime,
            JobRetention = Int(variable, "ENRICHMENT_JOB_RETENTION_DAYS", 1, 3650) is { } days ? TimeSpan.FromDays(days) : defaults.JobRetention,
            StallTimeout = Int(variable, "ENRICHMENT_STALL_TIMEOUT_MINUTES", 1, 24 * 60) is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.StallTimeout,
            PublicBaseUrl = PublicUrl(variable("ENRICHMENT_PUBLIC_URL")),
            Version = variable("ENRICHMENT_VERSION") ?? defaults.Version,
            GitCommit = variable("ENRICHMENT_GIT_COMMIT") ?? defaults.GitCommit,
            BuildTime = variable("ENRICHMENT_BUILD_TIME") ?? defaults.BuildTime,
            DeadLetterQueueArn = string.IsNullOrWhiteSpace(variable(DeadLetterQueueArnVariable)) ? null : variable(DeadLetterQueueArnVariable)!.Trim(),

            // Lambda sets the function's own memory; measured durations are priced at it.
            Costs = defaults.Costs with
            {
                Arm64 = string.Equals(variable("ENRICHMENT_ARCHITECTURE"), "arm64", StringComparison.Ordinal),
                OwnMemoryMb = Int(variable, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", 128, 10_240),
            },
        };
    }

    /// <summary>A comma-separated list, or null when unset or empty.</summary>
    public static IReadOnlyList<string>? List(string? text)
    {
        var items = text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return items is { Length: > 0 } ? items : null;
    }

    /// <summary>An absolute http(s) URL with no query or fragment, or null when unset.</summary>
    public static Uri? PublicUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new InvalidOperationException($"the public URL must be an absolute http(s) URL without query, fragment or user, not '{text}'");
        }

        return url;
    }

    private static TimeSpan? Seconds(Func<string, string?> variable, string name) =>
        Int(variable, name, 1, 7 * 24 * 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    private static int? Int(Func<string, string?> variable, string name, int min, int max)
    {
        var text = variable(name);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidOperationException($"{name} must be a whole number from {min} to {max}, not '{text}'");
        }

        return value;
    }
}
