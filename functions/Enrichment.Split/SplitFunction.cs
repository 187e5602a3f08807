using Enrichment.Core.Jobs;
using Enrichment.Core.Logging;
using Enrichment.Core.Ports;
using Enrichment.Core.Services;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.S3Events;
using Microsoft.Extensions.Logging;

namespace Enrichment.Functions.Split;

/// <summary>S3 ObjectCreated events under uploads/: the uploaded list is split into its reserved job.</summary>
public sealed class SplitFunction(SplitService split, IObjectStore store, ILogger log) : ILambdaHandler<S3Event, SplitResponse>
{
    public async Task<SplitResponse> HandleAsync(S3Event s3Event, ILambdaContext context, CancellationToken cancellationToken)
    {
        var results = new List<SplitResult>();
        foreach (var record in s3Event.Records ?? [])
        {
            var key = record.S3.Object.DecodedKey;
            var jobId = JobKeys.JobIdOfUpload(key);
            if (jobId is null)
            {
                log.LogWarning("ignored object outside {Prefix}", JobKeys.UploadsPrefix);
                continue;
            }

            using var jobScope = log.BeginJobScope(jobId);

            // The sequencer tells one PUT of the key from another; a repeated delivery carries the same.
            var uploadId = record.S3.Object.Sequencer ?? record.S3.Object.ETag ?? key;
            var state = await split.SplitUploadAsync(
                jobId,
                uploadId,
                async ct => await store.OpenReadAsync(key, ct) ?? throw new FileNotFoundException($"upload of job {jobId} is gone"),
                record.S3.Object.Size,
                cancellationToken);
            log.LogInformation("job {JobId} split from its upload: {State}", jobId, state.ToWire());
            results.Add(new SplitResult(jobId, state.ToWire()));
        }

        return new SplitResponse(results);
    }
}
