namespace Enrichment.Core.Batching;

/// <summary>
/// The rows of failed batches, asked in ascending batch order: the rows the worker kept when it gave the
/// batch up (dead-lettered), else the batch planned again from the job's kept list (a batch failed by
/// stall detection never reached a worker). One place for the aggregate's error rows and the retry.
/// </summary>
public sealed class FailedBatchRows(JobRecord job, IObjectStore store, EnrichmentOptions options) : IAsyncDisposable
{
    private InputBatches? _input;
    private bool _opened;

    /// <summary>Null only for a job that kept no list (made before lists were kept) and a batch no worker kept.</summary>
    /// <param name="recordedRows">The failed batch's record count in the control table: a worker that gave the batch up
    /// kept its rows and counted them; zero (stall detection) means no rows were kept, so none are looked for. On S3 a
    /// missing key is reported as access denied, not as missing, to a role whose s3:ListBucket is limited to a prefix.</param>
    public async Task<IReadOnlyList<BatchRow>?> RowsOfAsync(int batchIndex, int recordedRows, CancellationToken cancellationToken)
    {
        if (recordedRows > 0)
        {
            await using var kept = await store.OpenReadAsync(JobKeys.Failed(job.JobId, batchIndex), cancellationToken);
            if (kept is not null
                && await JsonSerializer.DeserializeAsync(kept, EnrichmentJsonContext.Default.FailedBatch, cancellationToken) is { Rows.Count: > 0 } failed)
            {
                return failed.Rows;
            }
        }

        if (!_opened)
        {
            _opened = true;
            _input = await InputBatches.OpenAsync(job, store, options, cancellationToken);
        }

        return _input is null ? null : (await _input.AtAsync(batchIndex))?.Rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_input is not null)
        {
            await _input.DisposeAsync();
        }
    }
}
