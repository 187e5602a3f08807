using Enrichment.Core.Providers;

namespace Enrichment.Functions.Tests.Worker;

/// <summary>A provider that only records the deadline of each run it takes part in.</summary>
internal sealed class DeadlineProbeProvider : IRunAwareProvider
{
    public const string Kind = "deadline-probe";

    private readonly List<DateTimeOffset?> _deadlines = [];

    public string Name => Kind;

    public IReadOnlyList<string> ExtraColumns => [];

    public IReadOnlyList<DateTimeOffset?> Deadlines
    {
        get
        {
            lock (_deadlines)
            {
                return [.. _deadlines];
            }
        }
    }

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        EnrichAsync(records, ProviderRun.Detached(), cancellationToken);

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        lock (_deadlines)
        {
            _deadlines.Add(run.Deadline);
        }

        return ValueTask.CompletedTask;
    }
}
