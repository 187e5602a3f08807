namespace Enrichment.Core.Jobs;

/// <summary>
/// What one external provider did for a job, over every run of it (retries included): requests
/// made, records looked up (sent to the API or answered from an identical earlier lookup), skipped
/// because earlier providers had filled everything, matched, and filled per column. Rates are over
/// the records looked up.
/// </summary>
public sealed record ProviderStatistics(
    string Provider,
    long Calls,
    long Sent,
    long Reused,
    long Skipped,
    long Matched,
    double MatchRate,
    IReadOnlyList<FieldStatistics> Fields)
{
    private const string FieldPrefix = "field:";

    /// <summary>The providers found in a job's counters, by name, with their fields by column.</summary>
    public static IReadOnlyList<ProviderStatistics> FromCounters(IReadOnlyDictionary<string, long>? counters)
    {
        if (counters is null || counters.Count == 0)
        {
            return [];
        }

        var providers = new SortedDictionary<string, (Dictionary<string, long> Totals, SortedDictionary<string, long> Fields)>(StringComparer.Ordinal);
        foreach (var (name, value) in counters)
        {
            if (!name.StartsWith(JobCounters.ProviderPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = name[JobCounters.ProviderPrefix.Length..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var provider = rest[..colon];
            var kind = rest[(colon + 1)..];
            if (!providers.TryGetValue(provider, out var entry))
            {
                entry = (new Dictionary<string, long>(StringComparer.Ordinal), new SortedDictionary<string, long>(StringComparer.Ordinal));
                providers[provider] = entry;
            }

            if (kind.StartsWith(FieldPrefix, StringComparison.Ordinal))
            {
                entry.Fields[kind[FieldPrefix.Length..]] = value;
            }
            else
            {
                entry.Totals[kind] = value;
            }
        }

        var list = new List<ProviderStatistics>(providers.Count);
        foreach (var (provider, (totals, fields)) in providers)
        {
            var lookedUp = totals.GetValueOrDefault("sent") + totals.GetValueOrDefault("reused");
            list.Add(new ProviderStatistics(
                provider,
                totals.GetValueOrDefault("calls"),
                totals.GetValueOrDefault("sent"),
                totals.GetValueOrDefault("reused"),
                totals.GetValueOrDefault("skipped"),
                totals.GetValueOrDefault("matched"),
                Rate(totals.GetValueOrDefault("matched"), lookedUp),
                [.. fields.Select(f => new FieldStatistics(f.Key, f.Value, Rate(f.Value, lookedUp)))]));
        }

        return list;
    }

    /// <summary>One line for a CLI summary, e.g. <c>fakeperson: 12 calls, 480 sent, 20 reused, 91.3% matched</c>.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Provider}: {Calls:N0} calls, {Sent:N0} sent, {Reused:N0} reused, {Skipped:N0} skipped, {MatchRate:P1} matched");

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}
