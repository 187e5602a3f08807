namespace Enrichment.Core.Providers;

/// <summary>
/// One enrichment step of the chain. It gets a whole batch so that bulk APIs can be used; a record
/// it cannot handle gets an error or invalid mark, and the batch never fails because of one record.
/// </summary>
public interface IDataProvider
{
    string Name { get; }

    /// <summary>Columns this provider adds beyond <see cref="Output.OutputColumns.Standard"/>.</summary>
    IReadOnlyList<string> ExtraColumns { get; }

    ValueTask EnrichAsync(IReadOnlyList<ContactRecord> records, CancellationToken cancellationToken);
}
