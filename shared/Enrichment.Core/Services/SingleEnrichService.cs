using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Services;

/// <summary>
/// POST /enrich: one contact through the offline providers of the chain, answered at once.
/// External (paid) providers run in jobs only, where their lookups are de-duplicated, rate-limited
/// across the fleet and counted, and where only the worker may read their keys: a default chain's
/// external providers are left out here, and asking for one by name is a 400.
/// </summary>
public sealed class SingleEnrichService(ProviderFactory providers, EnrichmentOptions options)
{
    public async Task<IReadOnlyList<KeyValuePair<string, string?>>> EnrichAsync(
        IReadOnlyList<KeyValuePair<string, string?>> fields,
        IReadOnlyList<string>? providerNames,
        CancellationToken cancellationToken)
    {
        var requested = providerNames is { Count: > 0 };
        ProviderChain chain;
        try
        {
            chain = providers.CreateChain(requested ? providerNames! : options.DefaultProviders);
        }
        catch (ArgumentException ex)
        {
            throw new RequestException(ex.Message);
        }

        var external = chain.Providers.Where(p => p is IRunAwareProvider).Select(p => p.Name).ToList();
        if (requested && external.Count > 0)
        {
            throw new RequestException($"POST /enrich runs offline providers only; {string.Join(", ", external)} can run in a job (POST /jobs)");
        }

        if (external.Count > 0)
        {
            chain = new ProviderChain([.. chain.Providers.Where(p => p is not IRunAwareProvider)]);
        }

        var columns = fields.Select(f => f.Key).ToArray();
        var map = ColumnMap.Create(columns);
        if (!map.HasAnyContactColumn)
        {
            throw new RequestException("no contact fields found: send fields such as email, phone, firstName, lastName, company or country");
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

        return result;
    }
}
