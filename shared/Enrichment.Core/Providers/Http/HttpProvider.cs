using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.RateLimiting;
using Enrichment.Core.Input;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// A person-data API described by an <see cref="HttpProviderDefinition"/>. Bulk endpoints are used
/// when defined. Mapped answer fields become columns, plus <c>match_confidence</c> and
/// <c>enriched_by</c> (set by the first provider in the chain that matched). A failed call turns its
/// records into <c>error</c> rows (<see cref="HttpProviderFailure"/> codes) and the batch carries on;
/// after a rejected key no further calls are made for the rest of the batch.
/// </summary>
public sealed class HttpProvider : IDataProvider, IDisposable
{
    public const string Kind = "http";

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpProviderDefinition definition;
    private readonly HttpClient httpClient;
    private readonly string? authValue;
    private readonly TokenBucketRateLimiter limiter;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly List<(string Field, string Path, string Column)> mappings;
    private readonly List<(string ApiField, ContactField Field)> requestFields;

    /// <param name="environment">Reads the key's environment variable (tests pass their own).</param>
    public HttpProvider(HttpProviderDefinition definition, HttpClient httpClient, TimeProvider timeProvider, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = HttpProviderDefinitionLoader.Validate(definition);
        if (errors.Count > 0)
        {
            throw new HttpProviderDefinitionException($"Provider definition '{definition.Name}' is not valid: {string.Join("; ", errors)}");
        }

        this.definition = definition;
        this.httpClient = httpClient;
        if (definition.Auth is { } auth)
        {
            var key = (environment ?? Environment.GetEnvironmentVariable)(auth.EnvironmentVariable!);
            authValue = string.IsNullOrEmpty(key)
                ? throw new HttpProviderDefinitionException($"Provider '{definition.Name}': the API key variable {auth.EnvironmentVariable} is not set.")
                : auth.Prefix + key;
        }

        var settings = definition.Resilience ?? new HttpResilienceDefinition();
        limiter = HttpResiliencePipeline.CreateLimiter(settings);
        pipeline = HttpResiliencePipeline.Build(settings, limiter, timeProvider);
        mappings = [.. definition.Response!.Select(p => (p.Key, p.Value.Path!, HttpProviderDefinitionLoader.ColumnOf(definition, p.Key, p.Value)))];
        requestFields = [.. definition.Request!.Select(p => (p.Key, Enum.Parse<ContactField>(p.Value, ignoreCase: true)))];
        ExtraColumns = [.. mappings.Select(m => m.Column), HttpProviderColumns.MatchConfidence, HttpProviderColumns.EnrichedBy];
    }

    public string Name => definition.Name!;

    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Builds a provider from a spec <c>http:&lt;definition.json&gt;</c>.</summary>
    public static HttpProvider FromSpec(ProviderSpec spec, HttpClient httpClient, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Argument))
        {
            throw new ArgumentException($"Provider '{spec.Name}': give the definition file, as http:<path to definition.json>.", nameof(spec));
        }

        return new HttpProvider(HttpProviderDefinitionLoader.Load(spec.Argument.Trim()), httpClient, timeProvider);
    }

    public async ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var pending = records.Where(HasRequestData).ToList();
        var finished = new HashSet<ContactRecord>(records.Except(pending), ReferenceEqualityComparer.Instance);
        HttpProviderFailure? rejected = null;
        var size = definition.Bulk?.MaxRecords ?? 1;
        for (var start = 0; start < pending.Count; start += size)
        {
            var chunk = pending.GetRange(start, Math.Min(size, pending.Count - start));
            HttpProviderFailure? failure;
            try
            {
                failure = rejected ?? await CallAsync(chunk, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Unforeseen: the chain marks the unfinished records; the finished keep their results.
                throw new PartialBatchFailureException(finished, ex);
            }

            finished.UnionWith(chunk);
            if (failure is null)
            {
                continue;
            }

            if (failure.Code == HttpProviderFailure.Rejected && IsAuthFailure(failure))
            {
                rejected = failure;
            }

            foreach (var record in chunk)
            {
                record.AddError(failure.Code, failure.Reason);
            }
        }
    }

    public void Dispose() => limiter.Dispose();

    private bool HasRequestData(ContactRecord record) =>
        requestFields.Any(f => !string.IsNullOrWhiteSpace(ValueOf(record.Input, f.Field)));

    private static bool IsAuthFailure(HttpProviderFailure failure) =>
        failure.Reason.Contains("HTTP 401", StringComparison.Ordinal) || failure.Reason.Contains("HTTP 403", StringComparison.Ordinal);

    /// <summary>One call for a chunk (one record in per-record mode); null when it succeeded.</summary>
    private async ValueTask<HttpProviderFailure?> CallAsync(List<ContactRecord> chunk, CancellationToken cancellationToken)
    {
        var bulk = definition.Bulk;
        var body = BuildBody(chunk, bulk);
        var url = bulk?.Endpoint ?? definition.Endpoint!;
        HttpResponseMessage response;
        try
        {
            response = await pipeline.ExecuteAsync(
                static async (state, token) =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.url);
                    request.Content = new ByteArrayContent(state.body);
                    request.Content.Headers.ContentType = JsonType;
                    if (state.self.authValue is { } auth)
                    {
                        request.Headers.TryAddWithoutValidation(state.self.definition.Auth!.Header!, auth);
                    }

                    return await state.self.httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                (self: this, url, body),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            return new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: circuit open after repeated failures");
        }
        catch (TimeoutRejectedException)
        {
            return new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: timed out");
        }
        catch (RateLimiterRejectedException)
        {
            return new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: client rate limit queue full");
        }
        catch (HttpRequestException ex)
        {
            // The type and socket error only: the message may carry the URL, which is not secret but adds nothing.
            return new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: connection failed ({ex.HttpRequestError})");
        }

        using (response)
        {
            return await ReadAsync(response, chunk, bulk, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<HttpProviderFailure?> ReadAsync(HttpResponseMessage response, List<ContactRecord> chunk, HttpBulkDefinition? bulk, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (bulk is null && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // No match for this person: no columns, not an error.
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var variable = definition.Auth?.EnvironmentVariable;
            var hint = variable is null ? "the definition has no auth section" : $"check the key in {variable}";
            return new HttpProviderFailure(HttpProviderFailure.Rejected, $"{Name}: the API refused the credentials (HTTP {status}); {hint}");
        }

        if (!response.IsSuccessStatusCode)
        {
            return HttpResiliencePipeline.IsTransient(response.StatusCode)
                ? new HttpProviderFailure(HttpProviderFailure.Unavailable, $"{Name}: HTTP {status} after retries")
                : new HttpProviderFailure(HttpProviderFailure.Rejected, $"{Name}: HTTP {status}");
        }

        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return bulk is null ? Apply(chunk[0], document.RootElement) : ApplyBulk(chunk, bulk, document.RootElement);
            }
        }
        catch (JsonException)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not valid JSON");
        }
    }

    private HttpProviderFailure? ApplyBulk(List<ContactRecord> chunk, HttpBulkDefinition bulk, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(bulk.ResponseProperty, out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer has no '{bulk.ResponseProperty}' array");
        }

        foreach (var result in results.EnumerateArray())
        {
            // Ids are the record's index in the chunk, so an id outside it (or repeated) is ignored.
            if (HttpJsonPath.Read(result, bulk.IdField) is { } id
                && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < chunk.Count)
            {
                Apply(chunk[index], result);
            }
        }

        return null;
    }

    private HttpProviderFailure? Apply(ContactRecord record, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not a JSON object");
        }

        foreach (var (_, path, column) in mappings)
        {
            record.Set(column, HttpJsonPath.Read(answer, path));
        }

        if (record.Get(HttpProviderColumns.EnrichedBy) is null)
        {
            record.Set(HttpProviderColumns.EnrichedBy, Name);
            record.Set(HttpProviderColumns.MatchConfidence, definition.MatchConfidence is { } confidence ? HttpJsonPath.Read(answer, confidence) : null);
        }

        return null;
    }

    private byte[] BuildBody(List<ContactRecord> chunk, HttpBulkDefinition? bulk)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (bulk is null)
            {
                WriteRecord(writer, chunk[0], idField: null, index: 0);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteStartArray(bulk.RequestProperty);
                for (var i = 0; i < chunk.Count; i++)
                {
                    WriteRecord(writer, chunk[i], bulk.IdField, i);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return buffer.ToArray();
    }

    private void WriteRecord(Utf8JsonWriter writer, ContactRecord record, string? idField, int index)
    {
        writer.WriteStartObject();
        if (idField is not null)
        {
            writer.WriteString(idField, index.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (apiField, field) in requestFields)
        {
            if (ValueOf(record.Input, field) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                writer.WriteString(apiField, value.Trim());
            }
        }

        writer.WriteEndObject();
    }

    private static string? ValueOf(ContactFields input, ContactField field) => field switch
    {
        ContactField.Email => input.Email,
        ContactField.Phone => input.Phone,
        ContactField.FirstName => input.FirstName,
        ContactField.LastName => input.LastName,
        ContactField.FullName => input.FullName,
        ContactField.Company => input.Company,
        ContactField.Website => input.Website,
        ContactField.Country => input.Country,
        ContactField.JobTitle => input.JobTitle,
        ContactField.City => input.City,
        _ => null,
    };
}
