namespace Enrichment.Core.Batching;

/// <summary>
/// A forward-only walk over the batches of a job's kept list, cut by the same planner and bounds as the
/// split cut them, so a batch whose rows no worker kept (stalled, lost) can be built again. It reads the
/// list as a stream: memory holds one batch, whatever the job's size.
/// </summary>
public sealed class InputBatches : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly IAsyncEnumerator<PlannedBatch> _batches;
    private PlannedBatch? _current;

    private InputBatches(Stream stream, IAsyncEnumerator<PlannedBatch> batches)
    {
        _stream = stream;
        _batches = batches;
    }

    /// <summary>Null when the job kept no list (jobs made before lists were kept) or the list is gone (expired).</summary>
    public static async Task<InputBatches?> OpenAsync(JobRecord job, IObjectStore store, EnrichmentOptions options, CancellationToken cancellationToken)
    {
        if (job.InputKey is not { } key || await store.OpenReadAsync(key, cancellationToken) is not { } stream)
        {
            return null;
        }

        var reader = ContactReaders.Open(stream, Enum.Parse<InputFormat>(job.InputFormat), ReaderOptions(job.InputSheet));
        var planned = new BatchPlanner(options.BatchSize, options.MaxBatchBytes).PlanAsync(reader.ReadAsync(cancellationToken), cancellationToken);
        return new InputBatches(stream, planned.GetAsyncEnumerator(cancellationToken));
    }

    public static ContactReaderOptions ReaderOptions(string? sheet) =>
        sheet is null ? ContactReaderOptions.Default : ContactReaderOptions.Default with { Sheet = sheet };

    /// <summary>The batch at <paramref name="index"/>; indexes must be asked in ascending order. Null past the list's end.</summary>
    public async Task<PlannedBatch?> AtAsync(int index)
    {
        while (_current is null || _current.Index < index)
        {
            if (!await _batches.MoveNextAsync())
            {
                return null;
            }

            _current = _batches.Current;
        }

        return _current.Index == index ? _current : null;
    }

    public async ValueTask DisposeAsync()
    {
        await _batches.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
