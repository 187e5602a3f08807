using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.RateLimiting;
using Enrichment.Core.Input;
using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;
using Enrichment.Core.Serialization;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Enrichment.Core.Providers.Http;

/// <summary>
/// A person-data API described by an <see cref="HttpProviderDefinition"/>. Bulk endpoints are used
/// when defined. Mapped answer fields become columns, plus <c>match_confidence</c> (from the first
/// provider in the chain that matched) and <c>enriched_by</c> (<c>provider:column,column;...</c>,
/// one entry per provider that filled something).
/// <para>
/// Paid lookups are spared three ways: a column an earlier provider filled is never asked for or
/// overwritten (a record with every column filled is not sent); records with the same lookup key
/// share one lookup per batch; and answers are shared across the job's batches through the run's
/// <see cref="IProviderAnswerCache"/>. A failed call turns its records into <c>error</c> rows
/// (<see cref="HttpProviderFailure"/> codes) and the batch carries on; after a rejected or missing
/// key no further calls are made.
/// </para>
/// </summary>
public sealed class HttpProvider : IDataProvider, IDisposable
{
    public const string Kind = "http";

    /// <summary>The answer cache's limit for one answer; a larger one is simply not shared.</summary>
    private const int MaxCachedAnswerBytes = 32 * 1024;

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpProviderDefinition definition;
    private readonly HttpClient httpClient;
    private readonly HttpProviderKey key;
    private readonly TokenBucketRateLimiter limiter;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly List<(string Path, string Column, string Counter)> mappings;
    private readonly List<(string ApiField, ContactField Field)> requestFields;
    private readonly string callsCounter;
    private readonly string sentCounter;
    private readonly string reusedCounter;
    private readonly string skippedCounter;
    private readonly string matchedCounter;

    /// <param name="environment">Reads the key's environment variable and the parameter prefix (tests pass their own).</param>
    /// <param name="secrets">Where <c>auth.parameter</c> is read from, on the first call; null when no store is configured.</param>
    public HttpProvider(
        HttpProviderDefinition definition,
        HttpClient httpClient,
        TimeProvider timeProvider,
        Func<string, string?>? environment = null,
        ISecretParameters? secrets = null)
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
        var name = definition.Name!;

        // The key is not needed to build a provider (the aggregate builds chains only for their columns).
        key = new HttpProviderKey(name, definition.Auth, environment ?? Environment.GetEnvironmentVariable, secrets);
        var settings = definition.Resilience ?? new HttpResilienceDefinition();
        limiter = HttpResiliencePipeline.CreateLimiter(settings);
        pipeline = HttpResiliencePipeline.Build(settings, limiter, timeProvider);
        mappings = [.. definition.Response!.Select(p =>
        {
            var column = HttpProviderDefinitionLoader.ColumnOf(definition, p.Key, p.Value);
            return (p.Value.Path!, column, JobCounters.Filled(name, column));
        })];
        requestFields = [.. definition.Request!.Select(p => (p.Key, Enum.Parse<ContactField>(p.Value, ignoreCase: true)))];
        ExtraColumns = [.. mappings.Select(m => m.Column), HttpProviderColumns.MatchConfidence, HttpProviderColumns.EnrichedBy];
        callsCounter = JobCounters.Calls(name);
        sentCounter = JobCounters.Sent(name);
        reusedCounter = JobCounters.Reused(name);
        skippedCounter = JobCounters.Skipped(name);
        matchedCounter = JobCounters.Matched(name);
    }

    public string Name => definition.Name!;

    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Builds a provider from a spec <c>http:&lt;definition.json&gt;</c> (see <see cref="HttpProviderDefinitionLoader.ResolvePath"/>).</summary>
    public static HttpProvider FromSpec(ProviderSpec spec, HttpClient httpClient, TimeProvider timeProvider, ISecretParameters? secrets = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (string.IsNullOrWhiteSpace(spec.Argument))
        {
            throw new ArgumentException($"Provider '{spec.Name}': give the definition file, as http:<path to definition.json>.", nameof(spec));
        }

        var path = HttpProviderDefinitionLoader.ResolvePath(spec.Argument.Trim());
        return new HttpProvider(HttpProviderDefinitionLoader.Load(path), httpClient, timeProvider, environment: null, secrets);
    }

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        EnrichAsync(records, ProviderRun.Detached(), cancellationToken);

    public async ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        var finished = new HashSet<ContactRecord>(ReferenceEqualityComparer.Instance);
        var lookups = Plan(records, run.Usage, finished);
        if (lookups.Count == 0)
        {
            return;
        }

        var obtained = new Dictionary<string, HttpProviderAnswer>(StringComparer.Ordinal);
        Exception? unexpected = null;
        try
        {
            await ReuseCachedAsync(lookups, run, finished, cancellationToken).ConfigureAwait(false);
            var pending = lookups.Where(static l => !l.Done).ToList();
            if (pending.Count > 0)
            {
                var auth = await key.GetAsync(cancellationToken).ConfigureAwait(false);
                if (auth.Failure is { } failure)
                {
                    Fail(pending, failure, finished);
                }
                else
                {
                    await CallAllAsync(pending, auth, run.Usage, finished, obtained, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unforeseen: the chain marks the unfinished records; the finished keep their results.
            unexpected = ex;
        }

        await StoreAsync(obtained, run, cancellationToken).ConfigureAwait(false);
        if (unexpected is not null)
        {
            throw new PartialBatchFailureException(finished, unexpected);
        }
    }

    public void Dispose()
    {
        limiter.Dispose();
        key.Dispose();
    }

    private static bool IsFilled(ContactRecord record, string column) => !string.IsNullOrEmpty(record.Get(column));

    private static bool IsAuthFailure(HttpProviderFailure failure) =>
        failure.Reason.Contains("HTTP 401", StringComparison.Ordinal) || failure.Reason.Contains("HTTP 403", StringComparison.Ordinal);

    private static void Fail(IEnumerable<HttpLookup> lookups, HttpProviderFailure failure, HashSet<ContactRecord> finished)
    {
        foreach (var lookup in lookups)
        {
            lookup.Done = true;
            foreach (var record in lookup.Records)
            {
                record.AddError(failure.Code, failure.Reason);
                finished.Add(record);
            }
        }
    }

    /// <summary>
    /// The distinct lookups of the batch, in record order. Records with every column of this
    /// provider already filled are skipped; records with nothing to send are left alone.
    /// </summary>
    private List<HttpLookup> Plan(IReadOnlyList<ContactRecord> records, ProviderUsage usage, HashSet<ContactRecord> finished)
    {
        var lookups = new List<HttpLookup>();
        var byKey = new Dictionary<string, HttpLookup>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (mappings.TrueForAll(m => IsFilled(record, m.Column)))
            {
                usage.Add(skippedCounter);
                finished.Add(record);
                continue;
            }

            var request = RequestOf(record, out var email);
            if (request.Count == 0)
            {
                finished.Add(record);
                continue;
            }

            var lookupKey = KeyOf(request, email);
            if (!byKey.TryGetValue(lookupKey, out var lookup))
            {
                lookup = new HttpLookup(lookupKey, request);
                byKey.Add(lookupKey, lookup);
                lookups.Add(lookup);
            }

            lookup.Records.Add(record);
        }

        return lookups;
    }

    /// <summary>
    /// The values sent for a record: trimmed, empty ones left out; the email normalized, and left
    /// out when invalid. <paramref name="email"/> is the valid normalized email when one is sent.
    /// </summary>
    private List<(string ApiField, string Value)> RequestOf(ContactRecord record, out string? email)
    {
        email = null;
        var request = new List<(string ApiField, string Value)>(requestFields.Count);
        foreach (var (apiField, field) in requestFields)
        {
            if (field == ContactField.Email)
            {
                var check = EmailFields.Resolve(record);
                if (check.Valid == true)
                {
                    email = check.Normalized!;
                    request.Add((apiField, email));
                }
            }
            else if (ValueOf(record.Input, field) is { } value && !string.IsNullOrWhiteSpace(value))
            {
                request.Add((apiField, value.Trim()));
            }
        }

        return request;
    }

    /// <summary>
    /// Lowercase hex SHA-256 of the provider name and the canonical request: the normalized email
    /// when one is sent (identical emails are one lookup, whatever else the records hold), else
    /// every sent field in definition order. JSON arrays keep the parts unambiguous.
    /// </summary>
    private string KeyOf(List<(string ApiField, string Value)> request, string? email)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(Name);
            if (email is not null)
            {
                writer.WriteStringValue("email");
                writer.WriteStringValue(email);
            }
            else
            {
                writer.WriteStringValue("fields");
                foreach (var (apiField, value) in request)
                {
                    writer.WriteStringValue(apiField);
                    writer.WriteStringValue(value);
                }
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    /// <summary>Answers lookups from the job's cache; a cache that fails is a miss (the lookups are called instead).</summary>
    private async ValueTask ReuseCachedAsync(List<HttpLookup> lookups, ProviderRun run, HashSet<ContactRecord> finished, CancellationToken cancellationToken)
    {
        if (run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return;
        }

        IReadOnlyDictionary<string, string> found;
        try
        {
            found = await cache.GetManyAsync(jobId, Name, [.. lookups.Select(static l => l.Key)], cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The cache only saves money: without it the lookups are paid for again, and the batch goes on.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return;
        }

        foreach (var lookup in lookups)
        {
            if (found.TryGetValue(lookup.Key, out var payload) && TryParse(payload) is { } answer)
            {
                Complete(lookup, answer, run.Usage, finished, reusedRecords: lookup.Records.Count);
            }
        }
    }

    /// <summary>Keeps the answers obtained by calls (matches and no-matches) for the job's other batches; best effort.</summary>
    private async ValueTask StoreAsync(Dictionary<string, HttpProviderAnswer> obtained, ProviderRun run, CancellationToken cancellationToken)
    {
        if (obtained.Count == 0 || run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return;
        }

        var payloads = new Dictionary<string, string>(obtained.Count, StringComparer.Ordinal);
        foreach (var (lookupKey, answer) in obtained)
        {
            var json = JsonSerializer.Serialize(answer, EnrichmentJsonContext.Default.HttpProviderAnswer);
            if (Encoding.UTF8.GetByteCount(json) <= MaxCachedAnswerBytes)
            {
                payloads[lookupKey] = json;
            }
        }

        try
        {
            await cache.PutManyAsync(jobId, Name, payloads, run.AnswersExpireAt, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Not storing only means a later batch pays for the same lookup again.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            // Nothing is logged: the cause may quote the payload, which is personal data.
        }
    }

    private static HttpProviderAnswer? TryParse(string payload)
    {
        try
        {
            return JsonSerializer.Deserialize(payload, EnrichmentJsonContext.Default.HttpProviderAnswer);
        }
        catch (JsonException)
        {
            return null; // Not ours (or from an older format): ask again.
        }
    }

    private async ValueTask CallAllAsync(
        List<HttpLookup> pending,
        HttpProviderKeyResult auth,
        ProviderUsage usage,
        HashSet<ContactRecord> finished,
        Dictionary<string, HttpProviderAnswer> obtained,
        CancellationToken cancellationToken)
    {
        HttpProviderFailure? rejected = null;
        var size = definition.Bulk?.MaxRecords ?? 1;
        for (var start = 0; start < pending.Count; start += size)
        {
            var chunk = pending.GetRange(start, Math.Min(size, pending.Count - start));
            if (rejected is not null)
            {
                Fail(chunk, rejected, finished);
                continue;
            }

            var call = new HttpCallState(usage, callsCounter);
            var failure = await CallAsync(chunk, auth, call, cancellationToken).ConfigureAwait(false);
            if (call.Attempts > 0)
            {
                usage.Add(sentCounter, chunk.Count);
            }

            if (failure is not null)
            {
                if (failure.Code == HttpProviderFailure.Rejected && IsAuthFailure(failure))
                {
                    rejected = failure;
                }

                Fail(chunk, failure, finished);
                continue;
            }

            foreach (var lookup in chunk)
            {
                var answer = lookup.Answer ?? HttpProviderAnswer.NoMatch;
                obtained[lookup.Key] = answer;
                Complete(lookup, answer, usage, finished, reusedRecords: lookup.Records.Count - 1);
            }
        }
    }

    private void Complete(HttpLookup lookup, HttpProviderAnswer answer, ProviderUsage usage, HashSet<ContactRecord> finished, int reusedRecords)
    {
        lookup.Done = true;
        usage.Add(reusedCounter, reusedRecords);
        foreach (var record in lookup.Records)
        {
            if (answer.IsMatch)
            {
                Fill(record, answer, usage);
            }

            finished.Add(record);
        }
    }

    /// <summary>
    /// Writes the answer's values into the columns still empty (never over an earlier provider's),
    /// appends <c>name:columns</c> to enriched_by, and sets match_confidence if no provider did.
    /// </summary>
    private void Fill(ContactRecord record, HttpProviderAnswer answer, ProviderUsage usage)
    {
        usage.Add(matchedCounter);
        StringBuilder? filled = null;
        foreach (var (_, column, counter) in mappings)
        {
            if (!IsFilled(record, column) && answer.Values!.TryGetValue(column, out var value) && !string.IsNullOrEmpty(value))
            {
                record.Set(column, value);
                usage.Add(counter);
                filled = filled is null ? new StringBuilder(Name).Append(':') : filled.Append(',');
                filled.Append(column);
            }
        }

        // The key is present once a provider matched, even when it gave no confidence.
        if (!record.Output.ContainsKey(HttpProviderColumns.MatchConfidence))
        {
            record.Set(HttpProviderColumns.MatchConfidence, answer.Confidence);
        }

        if (filled is not null)
        {
            var before = record.Get(HttpProviderColumns.EnrichedBy);
            record.Set(HttpProviderColumns.EnrichedBy, string.IsNullOrEmpty(before) ? filled.ToString() : $"{before};{filled}");
        }
    }

    /// <summary>One call for a chunk of lookups (one in per-record mode); null when it succeeded.</summary>
    private async ValueTask<HttpProviderFailure?> CallAsync(List<HttpLookup> chunk, HttpProviderKeyResult auth, HttpCallState call, CancellationToken cancellationToken)
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
                    state.call.Attempted();
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.url);
                    request.Content = new ByteArrayContent(state.body);
                    request.Content.Headers.ContentType = JsonType;
                    if (state.header is { } value)
                    {
                        request.Headers.TryAddWithoutValidation(state.self.definition.Auth!.Header!, value);
                    }

                    return await state.self.httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, token).ConfigureAwait(false);
                },
                (self: this, url, body, header: auth.HeaderValue, call),
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
            return await ReadAsync(response, chunk, bulk, auth, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<HttpProviderFailure?> ReadAsync(
        HttpResponseMessage response,
        List<HttpLookup> chunk,
        HttpBulkDefinition? bulk,
        HttpProviderKeyResult auth,
        CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (bulk is null && response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // No match for this person: no columns, not an error.
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var hint = auth.Source is { } source ? $"check the key in {source}" : "the definition has no auth section";
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
                return bulk is null ? ReadSingle(chunk[0], document.RootElement) : ReadBulk(chunk, bulk, document.RootElement);
            }
        }
        catch (JsonException)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not valid JSON");
        }
    }

    private HttpProviderFailure? ReadSingle(HttpLookup lookup, JsonElement answer)
    {
        if (answer.ValueKind != JsonValueKind.Object)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer is not a JSON object");
        }

        lookup.Answer = Extract(answer);
        return null;
    }

    private HttpProviderFailure? ReadBulk(List<HttpLookup> chunk, HttpBulkDefinition bulk, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(bulk.ResponseProperty, out var results) || results.ValueKind != JsonValueKind.Array)
        {
            return new HttpProviderFailure(HttpProviderFailure.BadResponse, $"{Name}: the answer has no '{bulk.ResponseProperty}' array");
        }

        foreach (var result in results.EnumerateArray())
        {
            // Ids are the lookup's index in the chunk, so an id outside it is ignored, and so is a repeat.
            if (result.ValueKind == JsonValueKind.Object
                && HttpJsonPath.Read(result, bulk.IdField) is { } id
                && int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < chunk.Count
                && chunk[index].Answer is null)
            {
                chunk[index].Answer = Extract(result);
            }
        }

        return null;
    }

    /// <summary>The mapped values of one answer; an answer without any is no match.</summary>
    private HttpProviderAnswer Extract(JsonElement answer)
    {
        Dictionary<string, string>? values = null;
        foreach (var (path, column, _) in mappings)
        {
            if (HttpJsonPath.Read(answer, path) is { Length: > 0 } value)
            {
                (values ??= new Dictionary<string, string>(StringComparer.Ordinal))[column] = value;
            }
        }

        return values is null
            ? HttpProviderAnswer.NoMatch
            : new HttpProviderAnswer
            {
                Values = values,
                Confidence = definition.MatchConfidence is { } confidence ? HttpJsonPath.Read(answer, confidence) : null,
            };
    }

    private static byte[] BuildBody(List<HttpLookup> chunk, HttpBulkDefinition? bulk)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (bulk is null)
            {
                WriteLookup(writer, chunk[0], idField: null, index: 0);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteStartArray(bulk.RequestProperty);
                for (var i = 0; i < chunk.Count; i++)
                {
                    WriteLookup(writer, chunk[i], bulk.IdField, i);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        return buffer.ToArray();
    }

    private static void WriteLookup(Utf8JsonWriter writer, HttpLookup lookup, string? idField, int index)
    {
        writer.WriteStartObject();
        if (idField is not null)
        {
            writer.WriteString(idField, index.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (apiField, value) in lookup.Request)
        {
            writer.WriteString(apiField, value);
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
