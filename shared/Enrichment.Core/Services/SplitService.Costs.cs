namespace Enrichment.Core.Services;

public sealed partial class SplitService
{
    /// <summary>
    /// What <see cref="SubmitAsync"/> would do with the request and what it would cost, doing none of
    /// it: the same checks and the same validation pass (so the same refusals), counted as it goes.
    /// Nothing is stored, sent or started.
    /// </summary>
    public async Task<Outcome<JobEstimate>> EstimateAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        var checkedRequest = CheckRequest(request);
        if (checkedRequest.Refusal is { } badRequest)
        {
            return badRequest;
        }

        var job = NewJob(NewJobId(), request, checkedRequest.Value);
        var estimated = await EstimateListAsync(job, request.OpenInput, cancellationToken);
        return estimated.Refusal is { } refusal ? refusal : estimated.Value.Estimate;
    }

    /// <summary>
    /// The split of an estimate-only upload: the list checked as a job's would be (a refusal fails the
    /// job with its message), and its estimate kept on the job, which ends completed with no batch
    /// sent; the upload is deleted, since nothing will ever read it again.
    /// </summary>
    private async Task<Jobs.JobState> EstimateUploadAsync(Jobs.JobRecord job, Func<CancellationToken, Task<Stream>> openInput, CancellationToken cancellationToken)
    {
        var checkedList = await EstimateListAsync(job, openInput, cancellationToken);
        if (checkedList.Refusal is { } refusal)
        {
            return await FailUploadAsync(job, refusal.Message, cancellationToken);
        }

        var (scan, estimate) = checkedList.Value;
        var now = time.GetUtcNow();
        var estimated = job with { State = Jobs.JobState.Completed, Columns = scan.Columns, TotalRecords = scan.Records, UpdatedAt = now, FinishedAt = now, Estimate = estimate };
        if (!await table.TryUpdateJobAsync(estimated, Jobs.JobState.Accepted, cancellationToken))
        {
            return (await table.GetJobAsync(job.JobId, cancellationToken))?.State ?? Jobs.JobState.Failed;
        }

        if (job.InputKey is { } key)
        {
            await store.DeleteAsync(key, cancellationToken);
        }

        return Jobs.JobState.Completed;
    }

    /// <summary>
    /// The validation pass with the estimator watching it, then the job item's size limit: one check
    /// for the inline estimate and the estimate-only upload, so both refuse what a job would.
    /// </summary>
    private async Task<Outcome<(ScanResult Scan, JobEstimate Estimate)>> EstimateListAsync(Jobs.JobRecord job, Func<CancellationToken, Task<Stream>> openInput, CancellationToken cancellationToken)
    {
        // A CSV list's batches name their ranges of it (a UTF-16 one's carry rows: too rare to model).
        var estimator = new JobEstimator(job.Providers, providers.CreateChain(job.Providers), options, rangedBatches: job.InputFormat == nameof(Input.InputFormat.Csv));
        var scanned = await ListScan.ScanAsync(openInput, Enum.Parse<Input.InputFormat>(job.InputFormat), job.InputSheet, options, cancellationToken, estimator.Observe, fingerprint: false);
        if (scanned.Refusal is { } refusal)
        {
            return refusal;
        }

        var scan = scanned.Value;
        return JobItemLimit.Problem(job with { Columns = scan.Columns, TotalRecords = scan.Records, TotalBatches = scan.Batches }) is { } tooBig
            ? new Refusal.Invalid(tooBig)
            : (scan, estimator.Finish(scan));
    }

    /// <summary>
    /// Counts the split's requests at the ports from here on, and its duration. What the ports
    /// cannot see is added as derived: the API request and the function's invocation; for an
    /// upload, the reservation's request (its duration estimated) and the caller's PUT of the list.
    /// </summary>
    private UsageScope BeginUsage(bool inline)
    {
        var costs = options.Costs;
        var scope = tallies.Begin(time, costs.MeasuredMemoryMb(inline ? costs.Api : costs.Split));
        scope.Tally.Add(inline
            ? new AwsUsage { ApiRequests = 1, LambdaRequests = 1 }
            : new AwsUsage
            {
                ApiRequests = 1,
                LambdaRequests = 2,
                LambdaMbMilliseconds = costs.Api.EstimatedMbMilliseconds(1),
                S3PutRequests = 1,
            });
        return scope;
    }

    /// <summary>
    /// The job item's usage once the split is done: what it held, plus the split's counted requests,
    /// its measured duration, and the update that stores them (derived: it happens after this count).
    /// </summary>
    private IReadOnlyDictionary<string, long>? SplitUsage(Jobs.JobRecord job) => tallies.Current is { } tally
        ? (AwsUsage.FromCounters(job.Usage) + tally.Total + tally.Measured() + new AwsUsage { DynamoDbWriteUnits = RequestUnits.JobWriteUnits }).ToCounters()
        : job.Usage;
}
