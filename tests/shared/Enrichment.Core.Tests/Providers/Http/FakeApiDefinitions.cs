using Enrichment.Core.Input;
using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.FakePersonApi;

namespace Enrichment.Core.Tests.Providers.Http;

/// <summary>Definitions of providers backed by a fake person API, and the records they are fed.</summary>
internal static class FakeApiDefinitions
{
    public const string KeyHeader = "X-Api-Key";

    /// <summary>
    /// A provider on <paramref name="server"/>: bulk or per-record, sending the email as <c>email</c>
    /// (the fake API matches on it), mapping <c>output column → answer path</c>.
    /// </summary>
    public static HttpProviderDefinition Definition(
        string name,
        FakePersonApiServer server,
        bool bulk,
        IReadOnlyDictionary<string, string> columns,
        string? confidence = "match.confidence",
        HttpAuthDefinition? auth = null,
        Dictionary<string, string>? request = null) => new()
        {
            Name = name,
            Endpoint = bulk ? null : server.SingleUrl,
            Bulk = bulk ? new HttpBulkDefinition { Endpoint = server.BulkUrl, MaxRecords = 50 } : null,
            Request = request ?? new() { ["email"] = "Email" },
            Response = columns.ToDictionary(c => c.Key, c => new HttpResponseField { Path = c.Value, Column = c.Key }),
            MatchConfidence = confidence,
            Auth = auth,
            // No waiting between requests, and no breaker tripping across a test's batches.
            Resilience = new HttpResilienceDefinition { RequestsPerSecond = 1000, MaxRetries = 0, BreakerMinimumThroughput = 1000 },
        };

    public static List<ContactRecord> Records(params string?[] emails) =>
        [.. emails.Select((email, i) => new ContactRecord(i + 1, new ContactFields { Email = email }))];
}
