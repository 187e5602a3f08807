namespace Enrichment.Core.Providers;

/// <summary>
/// Runs the configured providers in order over a batch. A provider that throws does not fail the
/// batch: each record it had not finished gets <c>provider_failed: &lt;provider&gt;: &lt;exception
/// type&gt;</c> (the exception message is left out: it may quote contact data) and the next provider
/// still runs. Cancellation is the one exception that propagates: the batch is then abandoned and
/// its message redelivered.
/// </summary>
public sealed class ProviderChain
{
    public const string ProviderFailedCode = "provider_failed";

    public ProviderChain(IReadOnlyList<IDataProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Providers = providers;
        Columns = BuildColumns(providers);
    }

    public IReadOnlyList<IDataProvider> Providers { get; }

    /// <summary>
    /// The enrichment columns in output order: <see cref="OutputColumns.Standard"/>, then each
    /// provider's extra columns in chain order (a name already listed is not repeated).
    /// </summary>
    public IReadOnlyList<string> Columns { get; }

    public ValueTask RunAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken) =>
        RunAsync(records, ProviderRun.Detached(), cancellationToken);

    public async ValueTask RunAsync(IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(run);
        foreach (var provider in Providers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await EnrichAsync(provider, records, run, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (PartialBatchFailureException ex)
            {
                var finished = ex.Finished as IReadOnlySet<ContactRecord> ?? new HashSet<ContactRecord>(ex.Finished, ReferenceEqualityComparer.Instance);
                MarkFailed(records, provider, ex.InnerException ?? ex, finished);
            }
#pragma warning disable CA1031 // A provider failure is recorded on the records; the batch carries on.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MarkFailed(records, provider, ex, finished: null);
            }
        }
    }

    private static ValueTask EnrichAsync(IDataProvider provider, IReadOnlyList<ContactRecord> records, ProviderRun run, CancellationToken cancellationToken) =>
        provider is IRunAwareProvider aware
            ? aware.EnrichAsync(records, run, cancellationToken)
            : provider.EnrichAsync(records, cancellationToken);

    /// <summary>The text of a provider_failed reason: provider name and exception type, never the message.</summary>
    public static string Describe(string providerName, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"{providerName}: {exception.GetType().Name}";
    }

    private static void MarkFailed(IReadOnlyList<ContactRecord> records, IDataProvider provider, Exception exception, IReadOnlySet<ContactRecord>? finished)
    {
        var detail = Describe(provider.Name, exception);
        foreach (var record in records)
        {
            if (finished is null || !finished.Contains(record))
            {
                record.AddError(ProviderFailedCode, detail);
            }
        }
    }

    private static List<string> BuildColumns(IReadOnlyList<IDataProvider> providers)
    {
        var columns = new List<string>(OutputColumns.Standard);
        var seen = new HashSet<string>(OutputColumns.Standard, StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            foreach (var column in provider.ExtraColumns)
            {
                if (seen.Add(column))
                {
                    columns.Add(column);
                }
            }
        }

        return columns;
    }
}
