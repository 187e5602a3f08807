namespace Enrichment.Core.Providers;

/// <summary>
/// A provider that takes part in the job run: providers that call paid APIs share answers through
/// the run's job-wide cache and count their usage there. Offline providers need neither and only
/// implement <see cref="IDataProvider"/>.
/// </summary>
public interface IRunAwareProvider : IDataProvider
{
    ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken);
}
