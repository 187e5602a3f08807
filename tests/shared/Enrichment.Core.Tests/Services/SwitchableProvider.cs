using Enrichment.Core.Jobs;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Services;

/// <summary>
/// A stand-in for a paid provider: fills one column while up, marks records provider_unavailable
/// while down, counts every record it is asked about and reports usage like the http provider.
/// </summary>
internal sealed class SwitchableProvider : IRunAwareProvider
{
    public const string Kind = "switchable";
    public const string Column = "switchable_title";

    private int _seen;

    public bool Down { get; set; }

    public int Seen => Volatile.Read(ref _seen);

    public string Name => Kind;

    public IReadOnlyList<string> ExtraColumns => [Column];

    public static (ProviderFactory Factory, SwitchableProvider Provider) Register(ProviderFactory factory)
    {
        var provider = new SwitchableProvider();
        factory.Register(Kind, () => provider);
        return (factory, provider);
    }

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        EnrichAsync(records, ProviderRun.Detached(), cancellationToken);

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _seen, records.Count);
        run.Usage.Add(JobCounters.Calls(Name));
        run.Usage.Add(JobCounters.Sent(Name), records.Count);
        foreach (var record in records)
        {
            if (Down)
            {
                record.AddError("provider_unavailable", $"{Name}: down");
                continue;
            }

            record.Set(Column, "Engineer");
            run.Usage.Add(JobCounters.Matched(Name));
            run.Usage.Add(JobCounters.Filled(Name, Column));
        }

        return ValueTask.CompletedTask;
    }
}
