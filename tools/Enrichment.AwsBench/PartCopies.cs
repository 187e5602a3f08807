using Enrichment.Core.Jobs;
using Enrichment.Core.Ports;

namespace Enrichment.AwsBench;

/// <summary>
/// `--aggregate-rows M`: grows a job whose workers ran to M rows for the aggregate alone, by copying its
/// real parts, in turn, to the keys of the batches that never ran (a batch without an item is read
/// from its plain part key, <see cref="JobKeys.Part"/> with no part id), and raising the job's totals.
/// The copies go straight to moto, before the aggregate's measurement starts. Their rows repeat the
/// real ones, so the duplicate index stays small (its memory is measured by <c>--tracker</c>). The real run's
/// rows must fill its batches (a multiple of the batch size).
/// </summary>
public static class PartCopies
{
    public static async Task<JobRecord> ExtendAsync(IControlTable table, IObjectStore direct, JobRecord job, int rows, int batchSize, CancellationToken cancellationToken)
    {
        var real = new List<byte[]>();
        await foreach (var batch in table.ListBatchesAsync(job.JobId, cancellationToken))
        {
            await using var part = await direct.OpenReadAsync(JobKeys.Part(job.JobId, batch.BatchIndex, batch.PartId), cancellationToken)
                ?? throw new InvalidOperationException($"the part of batch {batch.BatchIndex} is missing");
            using var bytes = new MemoryStream();
            await part.CopyToAsync(bytes, cancellationToken);
            real.Add(bytes.ToArray());
        }

        var batches = (rows + batchSize - 1) / batchSize;
        await Parallel.ForEachAsync(
            Enumerable.Range(real.Count, Math.Max(0, batches - real.Count)),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (index, token) => await direct.PutAsync(JobKeys.Part(job.JobId, index, partId: null), real[index % real.Count], "application/x-ndjson", token));

        var grown = job with { TotalBatches = batches, TotalRecords = (long)batches * batchSize };
        if (!await table.TryUpdateJobAsync(grown, job.State, cancellationToken))
        {
            throw new InvalidOperationException("the job changed while its parts were copied");
        }

        return grown;
    }
}
