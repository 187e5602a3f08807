namespace Enrichment.Core.Providers;

/// <summary>
/// Base of providers that work one record at a time, offline. A record that makes the provider
/// throw gets a <c>provider_failed</c> error naming the provider and the exception type (never its
/// message, which may quote data), and the rest of the batch goes on.
/// </summary>
public abstract class RecordProvider : IDataProvider
{
    public abstract string Name { get; }

    public virtual IReadOnlyList<string> ExtraColumns => [];

    public ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = records[i];
            try
            {
                Enrich(record);
            }
#pragma warning disable CA1031 // One record's failure must not fail the batch; it is recorded on the record.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                record.AddError(ProviderChain.ProviderFailedCode, ProviderChain.Describe(Name, ex));
            }
        }

        return ValueTask.CompletedTask;
    }

    protected abstract void Enrich(ContactRecord record);
}
