using System.Net.Http.Headers;
using System.Threading.RateLimiting;
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
/// <para>
/// Under a <see cref="ProviderRun.Deadline"/> the calls keep clear of it: see <see cref="DeadlineReserve"/>.
/// </para>
/// </summary>
public sealed partial class HttpProvider : IRunAwareProvider, IDisposable
{
    public const string Kind = "http";

    /// <summary>
    /// Kept free before the run's deadline. After the providers the worker still writes the batch's
    /// part and commits it; if Lambda stopped the invocation first, the whole batch would be
    /// redelivered and its paid calls made again. So an attempt's timeout ends this long before the
    /// deadline at the latest, and no call or retry starts inside it.
    /// </summary>
    public static readonly TimeSpan DeadlineReserve = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The least time worth an attempt: with less left before the reserve, the call is not made and
    /// its records get <see cref="HttpProviderFailure.Unavailable"/> (a retry of the job re-runs them).
    /// </summary>
    public static readonly TimeSpan MinimumAttemptTime = TimeSpan.FromSeconds(1);

    private static readonly MediaTypeHeaderValue JsonType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpProviderDefinition _definition;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly HttpProviderKey _key;
    private readonly TokenBucketRateLimiter _limiter;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly List<(string Path, string Column, string Counter)> _mappings;
    private readonly HttpLookupPlanner _planner;
    private readonly string _callsCounter;
    private readonly string _sentCounter;
    private readonly string _reusedCounter;
    private readonly string _matchedCounter;
    private readonly string _paidMatchesCounter;

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

        _definition = definition;
        _httpClient = httpClient;
        _timeProvider = timeProvider;
        var name = definition.Name!;

        // The key is not needed to build a provider (the aggregate builds chains only for their columns).
        _key = new HttpProviderKey(name, definition.Auth, environment ?? Environment.GetEnvironmentVariable, secrets);
        var settings = definition.Resilience ?? new HttpResilienceDefinition();
        _limiter = HttpResiliencePipeline.CreateLimiter(settings);
        _pipeline = HttpResiliencePipeline.Build(settings, _limiter, timeProvider);
        _mappings = [.. definition.Response!.Select(p =>
        {
            var column = HttpProviderDefinitionLoader.ColumnOf(definition, p.Key, p.Value);
            return (p.Value.Path!, column, JobCounters.Filled(name, column));
        })];
        _planner = new HttpLookupPlanner(
            name,
            [.. _mappings.Select(static m => m.Column)],
            [.. definition.Request!.Select(static p => (p.Key, Enum.Parse<ContactField>(p.Value, ignoreCase: true)))],
            JobCounters.Skipped(name));
        ExtraColumns = [.. _mappings.Select(m => m.Column), HttpProviderColumns.MatchConfidence, HttpProviderColumns.EnrichedBy];
        _callsCounter = JobCounters.Calls(name);
        _sentCounter = JobCounters.Sent(name);
        _reusedCounter = JobCounters.Reused(name);
        _matchedCounter = JobCounters.Matched(name);
        _paidMatchesCounter = JobCounters.PaidMatches(name);
    }

    public string Name => _definition.Name!;

    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>What the definition says the provider charges; null when it says nothing.</summary>
    public HttpPricingDefinition? Pricing => _definition.Pricing;

    /// <summary>Records per call: the bulk endpoint's batch size, else one.</summary>
    public int LookupsPerCall => _definition.Bulk?.MaxRecords ?? 1;

    /// <summary>
    /// The distinct lookup keys a batch of these records would ask, by the very rule the calls follow
    /// (<see cref="HttpLookupPlanner"/>): for the cost estimate, which adds the job-wide sharing.
    /// Nothing is called; records are assumed to reach this provider with its columns empty.
    /// </summary>
    public IEnumerable<string> LookupKeys(IReadOnlyList<ContactRecord> records) =>
        _planner.Plan(records, new ProviderUsage(), new HashSet<ContactRecord>(ReferenceEqualityComparer.Instance)).Select(static lookup => lookup.Key);

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        EnrichAsync(records, ProviderRun.Detached(), cancellationToken);

    public async ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        var finished = new HashSet<ContactRecord>(ReferenceEqualityComparer.Instance);
        var lookups = _planner.Plan(records, run.Usage, finished);
        if (lookups.Count == 0)
        {
            return;
        }

        var obtained = new Dictionary<string, HttpProviderAnswer>(StringComparer.Ordinal);
        Exception? unexpected = null;
        try
        {
            var cached = await HttpAnswerCache.GetAsync(Name, lookups, run, cancellationToken);
            foreach (var lookup in lookups)
            {
                if (cached.TryGetValue(lookup.Key, out var answer))
                {
                    Complete(lookup, answer, run.Usage, finished, reusedRecords: lookup.Records.Count);
                }
            }

            var pending = lookups.Where(static l => !l.Done).ToList();
            if (pending.Count > 0)
            {
                var auth = await _key.GetAsync(cancellationToken);
                if (auth.Failure is { } failure)
                {
                    Fail(pending, failure, finished);
                }
                else
                {
                    await CallAllAsync(pending, auth, run, finished, obtained, cancellationToken);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Unforeseen: the chain marks the unfinished records; the finished keep their results.
            unexpected = ex;
        }

        await HttpAnswerCache.PutAsync(Name, obtained, run, cancellationToken);
        if (unexpected is not null)
        {
            throw new PartialBatchFailureException(finished, unexpected);
        }
    }

    public void Dispose()
    {
        _limiter.Dispose();
        _key.Dispose();
    }

    private HttpProviderFailure NotEnoughTime() =>
        new(HttpProviderFailure.Unavailable, $"{Name}: not enough time left in this invocation");

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

    private async ValueTask CallAllAsync(
        List<HttpLookup> pending,
        HttpProviderKeyResult auth,
        ProviderRun run,
        HashSet<ContactRecord> finished,
        Dictionary<string, HttpProviderAnswer> obtained,
        CancellationToken cancellationToken)
    {
        var usage = run.Usage;
        HttpProviderFailure? rejected = null;
        var size = _definition.Bulk?.MaxRecords ?? 1;
        for (var start = 0; start < pending.Count; start += size)
        {
            var chunk = pending.GetRange(start, Math.Min(size, pending.Count - start));
            if (rejected is not null)
            {
                Fail(chunk, rejected, finished);
                continue;
            }

            var call = new HttpCallState(usage, _callsCounter);
            var failure = await CallAsync(chunk, auth, call, run.Deadline, cancellationToken);
            if (call.Attempts > 0)
            {
                usage.Add(_sentCounter, chunk.Count);
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
                if (answer.IsMatch)
                {
                    usage.Add(_paidMatchesCounter);
                }

                Complete(lookup, answer, usage, finished, reusedRecords: lookup.Records.Count - 1);
            }
        }
    }

    private void Complete(HttpLookup lookup, HttpProviderAnswer answer, ProviderUsage usage, HashSet<ContactRecord> finished, int reusedRecords)
    {
        lookup.Done = true;
        usage.Add(_reusedCounter, reusedRecords);
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
        usage.Add(_matchedCounter);
        StringBuilder? filled = null;
        foreach (var (_, column, counter) in _mappings)
        {
            if (!HttpLookupPlanner.IsFilled(record, column) && answer.Values!.TryGetValue(column, out var value) && !string.IsNullOrEmpty(value))
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
    private async ValueTask<HttpProviderFailure?> CallAsync(
        List<HttpLookup> chunk,
        HttpProviderKeyResult auth,
        HttpCallState call,
        DateTimeOffset? deadline,
        CancellationToken cancellationToken)
    {
        if (!HttpDeadline.Fits(HttpDeadline.Budget(deadline, _timeProvider), TimeSpan.Zero))
        {
            return NotEnoughTime();
        }

        var bulk = _definition.Bulk;
        var body = HttpRequestBody.Build(chunk, bulk);
        var url = bulk?.Endpoint ?? _definition.Endpoint!;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        if (deadline is { } at)
        {
            context.Properties.Set(HttpDeadline.Key, at);
        }

        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                static async (execution, state) =>
                {
                    // Checked again here: waiting for the rate limiter may have used up the time.
                    if (!HttpDeadline.Fits(HttpDeadline.Budget(execution, state.self._timeProvider), TimeSpan.Zero))
                    {
                        throw new HttpDeadlineReachedException();
                    }

                    state.call.Attempted();
                    using var request = new HttpRequestMessage(HttpMethod.Post, state.url);
                    request.Content = new ByteArrayContent(state.body);
                    request.Content.Headers.ContentType = JsonType;
                    if (state.header is { } value)
                    {
                        request.Headers.TryAddWithoutValidation(state.self._definition.Auth!.Header!, value);
                    }

                    return await state.self._httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, execution.CancellationToken);
                },
                context,
                (self: this, url, body, header: auth.HeaderValue, call));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpDeadlineReachedException)
        {
            return NotEnoughTime();
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
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        using (response)
        {
            return await ReadAsync(response, chunk, bulk, auth, cancellationToken);
        }
    }
}
