namespace Enrichment.Core.Output;

/// <summary>
/// Streams rows of an output file to a stream through a bounded buffer. Values are written as
/// given: guarding enrichment values against spreadsheet formulas is the caller's job
/// (<see cref="EnrichmentValues"/> does it), because input columns must stay unchanged.
/// Disposing flushes what is buffered.
/// </summary>
public interface IRecordWriter : IAsyncDisposable
{
    ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken);

    /// <summary>Writes one row; fewer values than columns are padded with empty/null values.</summary>
    ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken);

    /// <summary>Writes the buffer to the stream and flushes the stream.</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);
}
