using System.Security.Cryptography;
using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Providers.Mx;

/// <summary>
/// The opt-in "mx" provider (e.g. <c>normalize,email,mx</c>): refines email_status and email_reason
/// with DNS (see <see cref="MxResolver"/> and the rule in <see cref="MxVerdict"/>). Each domain is
/// looked up once per job: a batch asks the job's answer cache first and stores what it learned
/// (a dns_unavailable answer is not stored, so a later batch may try again); within a batch each
/// distinct domain is asked once. No address and no domain is ever logged.
/// </summary>
public sealed class MxProvider(MxResolver resolver) : IRunAwareProvider
{
    public const string ProviderName = "mx";

    private static readonly string[] Columns = [OutputColumns.EmailStatus, OutputColumns.EmailReason];

    public string Name => ProviderName;

    public IReadOnlyList<string> ExtraColumns => Columns;

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        EnrichAsync(records, ProviderRun.Detached(), cancellationToken);

    public async ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        var domains = new Dictionary<string, MxOutcome?>(StringComparer.Ordinal);
        var recordDomains = new string?[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var email = EmailFields.Resolve(records[i]);
            if (email.Valid == true)
            {
                recordDomains[i] = email.Domain;
                domains.TryAdd(email.Domain!, null);
            }
        }

        if (domains.Count == 0)
        {
            return;
        }

        var keys = domains.Keys.ToDictionary(Key, d => d, StringComparer.Ordinal);
        await FromJobCacheAsync(keys, domains, run, cancellationToken);
        var missing = domains.Where(d => d.Value is null).Select(d => d.Key).ToList();
        var looked = await Task.WhenAll(missing.Select(d => resolver.LookupAsync(d, cancellationToken)));
        var learned = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < missing.Count; i++)
        {
            domains[missing[i]] = looked[i];
            if (looked[i] != MxOutcome.DnsUnavailable)
            {
                learned[Key(missing[i])] = MxVerdict.ToWire(looked[i]);
            }
        }

        await ToJobCacheAsync(learned, run, cancellationToken);
        for (var i = 0; i < records.Count; i++)
        {
            if (recordDomains[i] is { } domain && domains[domain] is { } outcome)
            {
                Apply(records[i], outcome);
            }
        }
    }

    private static void Apply(ContactRecord record, MxOutcome outcome)
    {
        var offline = record.Get(OutputColumns.EmailStatus) is { } status && record.Get(OutputColumns.EmailReason) is { } reason
            ? new EmailVerdict(status, reason)
            : new EmailVerdict(EmailStatuses.Unknown, EmailReasons.Unverified);
        var refined = MxVerdict.Refine(offline, outcome);
        record.Set(OutputColumns.EmailStatus, refined.Status);
        record.Set(OutputColumns.EmailReason, refined.Reason);
    }

    private static async ValueTask FromJobCacheAsync(Dictionary<string, string> keys, Dictionary<string, MxOutcome?> domains, ProviderRun run, CancellationToken cancellationToken)
    {
        if (run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return;
        }

        try
        {
            var found = await cache.GetManyAsync(jobId, ProviderName, keys.Keys, cancellationToken);
            foreach (var (key, wire) in found)
            {
                if (keys.TryGetValue(key, out var domain) && MxVerdict.FromWire(wire) is { } outcome)
                {
                    domains[domain] = outcome;
                }
            }
        }
#pragma warning disable CA1031 // The cache only saves lookups: without it the domains are looked up again.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }
    }

    private static async ValueTask ToJobCacheAsync(Dictionary<string, string> learned, ProviderRun run, CancellationToken cancellationToken)
    {
        if (learned.Count == 0 || run.Answers is not { } cache || run.JobId is not { } jobId)
        {
            return;
        }

        try
        {
            await cache.PutManyAsync(jobId, ProviderName, learned, run.AnswersExpireAt, cancellationToken);
        }
#pragma warning disable CA1031 // Not storing only means a later batch looks the domain up again.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>The cache key of a domain: lowercase hex SHA-256, as the cache port wants.</summary>
    private static string Key(string domain) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(domain)));
}
