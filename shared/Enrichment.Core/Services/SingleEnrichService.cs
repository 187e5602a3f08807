using Enrichment.Core.Configuration;
using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Services;

/// <summary>POST /enrich: one contact through the same provider chain as a job, answered at once.</summary>
public sealed class SingleEnrichService(ProviderFactory providers, EnrichmentOptions options)
{
    public async Task<IReadOnlyList<KeyValuePair<string, string?>>> EnrichAsync(
        IReadOnlyList<KeyValuePair<string, string?>> fields,
        IReadOnlyList<string>? providerNames,
        CancellationToken cancellationToken)
    {
        ProviderChain chain;
        try
        {
            chain = providers.CreateChain(providerNames is { Count: > 0 } ? providerNames : options.DefaultProviders);
        }
        catch (ArgumentException ex)
        {
            throw new RequestException(ex.Message);
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
            if (chain.Columns[i] != OutputColumns.DuplicateOf)
            {
                result.Add(new(chain.Columns[i], values[i]));
            }
        }

        return result;
    }
}
