namespace Enrichment.Core.Providers.Http;

/// <summary>Reads and validates provider definition files; every problem names its field.</summary>
public static class HttpProviderDefinitionLoader
{
    /// <summary>Longest provider name: counter names (<c>provider:{name}:field:{column}</c>) stay within 200 characters.</summary>
    public const int MaxNameLength = 64;

    public const int MaxColumnLength = 100;

    public static HttpProviderDefinition Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HttpProviderDefinitionException($"Provider definition '{path}' cannot be read: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>Parses and validates a definition; <paramref name="source"/> names it in errors.</summary>
    public static HttpProviderDefinition Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        HttpProviderDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize(json, EnrichmentJsonContext.Default.HttpProviderDefinition);
        }
        catch (JsonException ex)
        {
            // The serializer's message names the property path and position; the file holds no contact data.
            throw new HttpProviderDefinitionException($"Provider definition '{source}' is not valid: {ex.Message}", ex);
        }

        if (definition is null)
        {
            throw new HttpProviderDefinitionException($"Provider definition '{source}' is empty.");
        }

        var errors = Validate(definition);
        return errors.Count == 0
            ? definition
            : throw new HttpProviderDefinitionException($"Provider definition '{source}' is not valid: {string.Join("; ", errors)}");
    }

    /// <summary>Every problem of the definition, each starting with the field's JSON name.</summary>
    public static IReadOnlyList<string> Validate(HttpProviderDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            errors.Add("name: is required");
        }
        else if (!IsProviderName(definition.Name))
        {
            errors.Add($"name: must be lower-case letters, digits, '_', '-' and '.', starting with a letter, at most {MaxNameLength} characters");
        }

        if (definition.Endpoint is null && definition.Bulk is null)
        {
            errors.Add("endpoint: is required (or bulk.endpoint)");
        }

        CheckUri(definition.Endpoint, "endpoint", errors);
        if (definition.Bulk is { } bulk)
        {
            if (bulk.Endpoint is null)
            {
                errors.Add("bulk.endpoint: is required");
            }

            CheckUri(bulk.Endpoint, "bulk.endpoint", errors);
            if (bulk.MaxRecords is < 1 or > 1000)
            {
                errors.Add("bulk.maxRecords: must be from 1 to 1000");
            }

            CheckRequired(bulk.RequestProperty, "bulk.requestProperty", errors);
            CheckRequired(bulk.ResponseProperty, "bulk.responseProperty", errors);
            CheckRequired(bulk.IdField, "bulk.idField", errors);
        }

        ValidateRequest(definition, errors);
        ValidateResponse(definition, errors);
        ValidateAuth(definition.Auth, errors);
        ValidateResilience(definition.Resilience, errors);
        ValidatePricing(definition.Pricing, errors);
        return errors;
    }

    /// <summary>The output column of a response field: its own column name or <c>&lt;provider&gt;_&lt;field&gt;</c>.</summary>
    public static string ColumnOf(HttpProviderDefinition definition, string field, HttpResponseField mapping)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(mapping);
        return string.IsNullOrWhiteSpace(mapping.Column) ? $"{definition.Name}_{field}" : mapping.Column;
    }

    private static void ValidateRequest(HttpProviderDefinition definition, List<string> errors)
    {
        if (definition.Request is not { Count: > 0 } request)
        {
            errors.Add("request: must map at least one API field to a contact field");
            return;
        }

        foreach (var (apiField, contactField) in request)
        {
            if (string.IsNullOrWhiteSpace(apiField))
            {
                errors.Add("request: an API field name is empty");
            }
            else if (!Enum.TryParse<ContactField>(contactField, ignoreCase: true, out _) || int.TryParse(contactField, out _))
            {
                errors.Add($"request.{apiField}: '{contactField}' is not a contact field (known: {string.Join(", ", Enum.GetNames<ContactField>())})");
            }
        }
    }

    private static void ValidateResponse(HttpProviderDefinition definition, List<string> errors)
    {
        if (definition.Response is not { Count: > 0 } response)
        {
            errors.Add("response: must map at least one output field to a JSON path");
            return;
        }

        var columns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, mapping) in response)
        {
            if (mapping is null || !IsPath(mapping.Path))
            {
                errors.Add($"response.{field}.path: must be a dot-separated path of property names");
                continue;
            }

            if (definition.Name is null)
            {
                continue;
            }

            var column = ColumnOf(definition, field, mapping);
            if (!IsColumnName(column))
            {
                var origin = string.IsNullOrWhiteSpace(mapping.Column) ? " (made from the name and the field; give a column)" : string.Empty;
                errors.Add($"response.{field}.column: '{column}'{origin} may only hold letters, digits, '_', '-' and '.', at most {MaxColumnLength} characters");
            }
            else if (OutputColumns.Standard.Contains(column) || column is HttpProviderColumns.MatchConfidence or HttpProviderColumns.EnrichedBy)
            {
                errors.Add($"response.{field}.column: '{column}' is a standard column");
            }
            else if (!columns.Add(column))
            {
                errors.Add($"response.{field}.column: '{column}' is used twice");
            }
        }

        if (definition.MatchConfidence is not null && !IsPath(definition.MatchConfidence))
        {
            errors.Add("matchConfidence: must be a dot-separated path of property names");
        }
    }

    private static void ValidateAuth(HttpAuthDefinition? auth, List<string> errors)
    {
        if (auth is null)
        {
            return;
        }

        CheckRequired(auth.Header, "auth.header", errors);
        if (auth.EnvironmentVariable is null && auth.Parameter is null)
        {
            errors.Add("auth: give environmentVariable, parameter, or both");
        }

        if (auth.EnvironmentVariable is not null && string.IsNullOrWhiteSpace(auth.EnvironmentVariable))
        {
            errors.Add("auth.environmentVariable: must not be empty");
        }

        if (auth.Parameter is not null && !IsParameterName(auth.Parameter))
        {
            errors.Add("auth.parameter: must be an SSM parameter name (letters, digits, '_', '.', '-', '/'; no '//', not ending in '/'), "
                + $"absolute ('/stage/key') or relative to {HttpProviderKey.PrefixVariable}");
        }
    }

    private static void ValidateResilience(HttpResilienceDefinition? resilience, List<string> errors)
    {
        if (resilience is null)
        {
            return;
        }

        CheckRange(resilience.AttemptTimeoutSeconds, 0.01, 300, "resilience.attemptTimeoutSeconds", errors);
        CheckRange(resilience.MaxRetries, 0, 10, "resilience.maxRetries", errors);
        CheckRange(resilience.RetryBaseDelaySeconds, 0, 60, "resilience.retryBaseDelaySeconds", errors);
        CheckRange(resilience.MaxRetryDelaySeconds, 0, 600, "resilience.maxRetryDelaySeconds", errors);
        CheckRange(resilience.BreakerFailureRatio, 0.01, 1, "resilience.breakerFailureRatio", errors);
        CheckRange(resilience.BreakerMinimumThroughput, 2, 10000, "resilience.breakerMinimumThroughput", errors);
        CheckRange(resilience.BreakerSamplingSeconds, 0.5, 3600, "resilience.breakerSamplingSeconds", errors);
        CheckRange(resilience.BreakerBreakSeconds, 0.5, 3600, "resilience.breakerBreakSeconds", errors);
        CheckRange(resilience.RequestsPerSecond, 0.1, 10000, "resilience.requestsPerSecond", errors);
    }

    private static void ValidatePricing(HttpPricingDefinition? pricing, List<string> errors)
    {
        if (pricing?.PerCall is < 0 or > 1000)
        {
            errors.Add("pricing.perCall: must be from 0 to 1000 (US dollars)");
        }

        if (pricing?.PerMatch is < 0 or > 1000)
        {
            errors.Add("pricing.perMatch: must be from 0 to 1000 (US dollars)");
        }
    }

    private static void CheckRange(double value, double min, double max, string field, List<string> errors)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            errors.Add($"{field}: must be from {min} to {max}");
        }
    }

    private static void CheckRequired(string? value, string field, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field}: is required");
        }
    }

    private static void CheckUri(Uri? uri, string field, List<string> errors)
    {
        if (uri is not null && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add($"{field}: must be an absolute http or https URL");
        }
    }

    private static bool IsPath(string? path) =>
        !string.IsNullOrWhiteSpace(path) && path.Split('.').All(static part => part.Length > 0);

    // Names and columns end up in counter names, enriched_by (name:col,col;...) and storage keys:
    // the JobCounters alphabet keeps all three unambiguous.
    private static bool IsProviderName(string name) =>
        name.Length <= MaxNameLength
        && name[0] is >= 'a' and <= 'z'
        && name.All(static c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-' or '.');

    private static bool IsColumnName(string column) =>
        column.Length is > 0 and <= MaxColumnLength && column.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static bool IsParameterName(string name) =>
        name.Length is > 0 and <= 1011
        && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/')
        && !name.Contains("//", StringComparison.Ordinal)
        && !name.EndsWith('/');
}
