using Enrichment.Core.Providers.Mx;

namespace Enrichment.Core.Services;

/// <summary>
/// POST /enrich: one contact through the offline providers of the chain, answered at once.
/// External (paid) providers run in jobs only, where their lookups are de-duplicated, rate-limited
/// across the fleet and counted, and where only the worker may read their keys: a default chain's
/// external providers are left out here, and asking for one by name is refused. The mx provider runs
/// here too when asked for (or in the default chain).
/// </summary>
public sealed class SingleEnrichService(ProviderFactory providers, EnrichmentOptions options)
{
    public async Task<Outcome<IReadOnlyList<KeyValuePair<string, string?>>>> EnrichAsync(
        IReadOnlyList<KeyValuePair<string, string?>> fields,
        IReadOnlyList<string>? providerNames,
        CancellationToken cancellationToken)
    {
        var requested = providerNames is { Count: > 0 };
        // The choice's own words, not an ArgumentException's (its message would name a parameter).
        var choice = providers.Choose([.. requested ? providerNames! : options.DefaultProviders]);
        if (choice.Names is null)
        {
            return new Refusal.Invalid(choice.Error!);
        }

        var chain = providers.CreateChain(choice.Names);

        var external = chain.Providers.Where(IsJobOnly).Select(p => p.Name).ToList();
        if (requested && external.Count > 0)
        {
            return new Refusal.Invalid($"POST /enrich runs offline providers only; {string.Join(", ", external)} can run in a job (POST /jobs)");
        }

        if (external.Count > 0)
        {
            chain = new ProviderChain([.. chain.Providers.Where(p => !IsJobOnly(p))]);
        }

        var columns = fields.Select(f => f.Key).ToArray();
        var map = ColumnMap.Create(columns);
        if (!map.HasAnyContactColumn)
        {
            return new Refusal.Invalid("no contact fields found: send fields such as email, phone, firstName, lastName, company or country");
        }

        var record = new ContactRecord(1, map.Map([.. fields.Select(f => f.Value)]));
        await chain.RunAsync([record], cancellationToken);
        var values = EnrichmentValues.ToArray(record, chain.Columns);
        var result = new List<KeyValuePair<string, string?>>(chain.Columns.Count);
        for (var i = 0; i < chain.Columns.Count; i++)
        {
            if (chain.Columns[i] is not (OutputColumns.DuplicateOf or OutputColumns.DuplicatePhoneOf))
            {
                result.Add(new(chain.Columns[i], values[i]));
            }
        }

        return Outcome.Of<IReadOnlyList<KeyValuePair<string, string?>>>(result);
    }

    /// <summary>Paid providers run in jobs only; mx (free DNS lookups, bounded and time-limited) answers here too.</summary>
    private static bool IsJobOnly(IDataProvider provider) => provider is IRunAwareProvider and not MxProvider;
}
