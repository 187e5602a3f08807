using System.Security.Cryptography;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Normalization;
using Enrichment.Core.Services;

namespace Enrichment.Core.Costs;

/// <summary>
/// Counts, batch by batch during the validation pass, what a job of the list would ask: distinct
/// emails, each external provider's distinct lookups by its own planning rule
/// (<see cref="HttpProvider.LookupKeys"/>) shared job-wide as the answer cache shares them, the
/// calls they take (bulk endpoints take several a call, within a batch), and the SQS requests of
/// the sends. Holds 16 bytes per distinct email and per distinct lookup, never a record.
/// </summary>
internal sealed class JobEstimator
{
    private readonly EnrichmentOptions _options;
    private readonly IReadOnlyList<string> _chain;
    private readonly int _enrichmentColumns;
    private readonly HashSet<UInt128> _emails = [];
    private readonly List<(HttpProvider Provider, HashSet<UInt128> Seen, long[] Counts)> _http = [];
    private long _sqsRequests;
    private long _groupBytes;
    private int _groupMessages;
    private long _cacheReads;
    private long _cacheWrites;
    private ColumnMap? _map;
    private int _mappedColumns = -1;

    private readonly bool _rangedBatches;

    /// <param name="rangedBatches">The job's batches will name ranges of its list (a CSV list): see <see cref="JobShape.RangedBatches"/>.</param>
    public JobEstimator(IReadOnlyList<string> chainNames, ProviderChain chain, EnrichmentOptions options, bool rangedBatches = false)
    {
        ArgumentNullException.ThrowIfNull(chain);
        _options = options;
        _rangedBatches = rangedBatches;
        _chain = chainNames;
        _enrichmentColumns = chain.Columns.Count;
        foreach (var provider in chain.Providers)
        {
            if (provider is HttpProvider http)
            {
                // Counts: [0] calls, [1] distinct lookups (the most matches there could be).
                _http.Add((http, [], new long[2]));
            }
        }
    }

    /// <summary>Takes one planned batch of the validation pass; <paramref name="columns"/> are the list's columns known so far.</summary>
    public void Observe(PlannedBatch batch, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(columns);
        CountSend(batch);
        if (_map is null || _mappedColumns != columns.Count)
        {
            _map = ColumnMap.Create([.. columns]);
            _mappedColumns = columns.Count;
        }

        var records = new List<ContactRecord>(batch.Rows.Count);
        foreach (var row in batch.Rows)
        {
            var record = new ContactRecord(row.Row, _map.Map(row.Values));
            records.Add(record);
            if (EmailAddress.Check(record.Input.Email) is { Valid: true, Normalized: { } email })
            {
                _emails.Add(Digest(email));
            }
        }

        foreach (var (provider, seen, counts) in _http)
        {
            long asked = 0, fresh = 0;
            foreach (var key in provider.LookupKeys(records))
            {
                asked++;
                if (seen.Add(UInt128Of(key)))
                {
                    fresh++;
                }
            }

            // Each batch reads its lookups from the cache; what no earlier batch asked is called, and stored.
            _cacheReads += asked;
            _cacheWrites += fresh;
            counts[0] += (fresh + provider.LookupsPerCall - 1) / provider.LookupsPerCall;
            counts[1] += fresh;
        }
    }

    public JobEstimate Finish(ScanResult scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (_groupMessages > 0)
        {
            _sqsRequests += RequestUnits.SqsRequests(_groupBytes);
        }

        var shape = new JobShape(scan.Records, scan.Batches, scan.ListBytes, scan.MessageBytes, scan.Oversized, _sqsRequests, _enrichmentColumns, _cacheReads, _cacheWrites, _rangedBatches);
        var usage = UsageEstimate.For(shape, _options.Costs);
        var charges = _http.Select(h => new ProviderCharge(h.Provider.Name, h.Counts[0], h.Counts[1], h.Provider.Pricing)).ToList();
        var cost = CostModel.Price(usage, charges, _options.Costs, _options.JobRetention, "estimate: request counts modelled on the pipeline steps, durations estimated, provider matches at most one per distinct lookup");
        return new JobEstimate(true, scan.Records, scan.Batches, _emails.Count, scan.ListBytes, _chain, cost, CostModel.Per100k(cost.TotalUsd, scan.Records));
    }

    /// <summary>The split sends ten messages a request; each 64 KiB of a request is billed as one.</summary>
    private void CountSend(PlannedBatch batch)
    {
        _groupBytes += (_rangedBatches ? UsageEstimate.RangeBytes : batch.Oversized ? 0 : batch.SerializedBytes) + UsageEstimate.MessageEnvelopeBytes;
        if (++_groupMessages == RequestUnits.SqsBatchMessages)
        {
            _sqsRequests += RequestUnits.SqsRequests(_groupBytes);
            _groupBytes = 0;
            _groupMessages = 0;
        }
    }

    private static UInt128 Digest(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }

    /// <summary>The first 128 bits of a lookup key (lowercase hex SHA-256).</summary>
    private static UInt128 UInt128Of(string hexKey)
    {
        Span<byte> bytes = stackalloc byte[16];
        Convert.FromHexString(hexKey.AsSpan(0, 32), bytes, out _, out _);
        return new UInt128(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]));
    }
}
