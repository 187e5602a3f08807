namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The provider's side of the job's answer cache (<see cref="Ports.IProviderAnswerCache"/>): answers
/// as <see cref="HttpProviderAnswer"/> JSON. Only money depends on it, so a failing cache never
/// fails a batch, and nothing about a failure is logged (its cause may quote an answer).
/// </summary>
internal static class HttpAnswerCache
{
    /// <summary>The cache's limit for one answer; a larger one is simply not shared.</summary>
    private const int MaxAnswerBytes = 32 * 1024;

    /// <summary>The job's stored answers of these lookups, by key; a cache that fails is a miss (the lookups are called instead).</summary>
    public static async ValueTask<Dictionary<string, HttpProviderAnswer>> GetAsync(string provider, List<HttpLookup> lookups, ProviderRun run, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, HttpProviderAnswer>(StringComparer.Ordinal);
        if (run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return answers;
        }

        IReadOnlyDictionary<string, string> found;
        try
        {
            found = await cache.GetManyAsync(jobId, provider, [.. lookups.Select(static l => l.Key)], cancellationToken);
        }
#pragma warning disable CA1031 // The cache only saves money: without it the lookups are paid for again, and the batch goes on.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return answers;
        }

        foreach (var (key, payload) in found)
        {
            if (TryParse(payload) is { } answer)
            {
                answers[key] = answer;
            }
        }

        return answers;
    }

    /// <summary>Keeps the answers obtained by calls (matches and no-matches) for the job's other batches; best effort.</summary>
    public static async ValueTask PutAsync(string provider, Dictionary<string, HttpProviderAnswer> obtained, ProviderRun run, CancellationToken cancellationToken)
    {
        if (obtained.Count == 0 || run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return;
        }

        var payloads = new Dictionary<string, string>(obtained.Count, StringComparer.Ordinal);
        foreach (var (lookupKey, answer) in obtained)
        {
            var json = JsonSerializer.Serialize(answer, EnrichmentJsonContext.Default.HttpProviderAnswer);
            if (Encoding.UTF8.GetByteCount(json) <= MaxAnswerBytes)
            {
                payloads[lookupKey] = json;
            }
        }

        if (payloads.Count == 0)
        {
            return;
        }

        try
        {
            await cache.PutManyAsync(jobId, provider, payloads, run.AnswersExpireAt, cancellationToken);
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
}
