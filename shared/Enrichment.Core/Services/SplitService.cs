namespace Enrichment.Core.Services;

/// <summary>
/// Turns a list into a job: a validation pass over the whole list first (so bad input never leaves
/// a half-made job), then the batches sent: as byte ranges of the kept list the pass found (a CSV
/// list), or from a second streaming pass that sends their rows. Neither pass holds the list.
/// </summary>
public sealed partial class SplitService(
    IControlTable table,
    IBatchQueue queue,
    IObjectStore store,
    IWorkflowStarter workflow,
    ProviderFactory providers,
    EnrichmentOptions options,
    TimeProvider time,
    Costs.IUsageTallyAccessor tallies)
{
    /// <summary>Messages handed to the queue adapter at once; it sends them ten at a time, in parallel.</summary>
    private const int SendChunk = 100;

    /// <summary>
    /// Rows held for one hand-off, at most: with large batches, 100 messages would hold 100 batches'
    /// rows in memory at once (issue 13: 100,000 rows in flight for batches of 1,000).
    /// </summary>
    private const int SendChunkRows = 10_000;

    /// <summary>Attempts at an idempotency claim whose holder vanished (its split failed and was undone).</summary>
    private const int ClaimAttempts = 3;

    /// <summary>
    /// A list given inline: validated before any job exists, so a bad list is refused and leaves
    /// nothing, and claims no idempotency key. With a key, the job is created first and the key
    /// claimed after, so a key always points at a job that exists: a concurrent duplicate gets
    /// the first job, never an id that is not there yet.
    /// </summary>
    public async Task<Outcome<SubmitResult>> SubmitAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        using var usage = BeginUsage(inline: true);
        var checkedRequest = CheckRequest(request);
        if (checkedRequest.Refusal is { } badRequest)
        {
            return badRequest;
        }

        var chain = checkedRequest.Value;
        var scanned = await ListScan.ScanAsync(request.OpenInput, request.Format, request.Sheet, options, cancellationToken);
        if (scanned.Refusal is { } badList)
        {
            return badList;
        }

        var scan = scanned.Value;
        var jobId = NewJobId();
        var scopedKey = request.IdempotencyKey is { } key ? IdempotencyScope.Key(request.Owner, key) : null;
        var job = NewJob(jobId, request, chain) with
        {
            Columns = scan.Columns,
            TotalRecords = scan.Records,
            TotalBatches = scan.Batches,
            IdempotencyKey = scopedKey,
            InputKey = JobKeys.Input(jobId),
            RequestHash = IdempotencyScope.Fingerprint(scan.ContentHash, request.Sheet is null ? request.Format.ToString() : $"{request.Format}:{request.Sheet}", request.OutputFormat, chain, request.InputName, request.Webhook?.CallbackUrl.AbsoluteUri),
        };
        if (JobItemLimit.Problem(job) is { } tooBig)
        {
            return new Refusal.Invalid(tooBig);
        }

        // The list is kept before the job exists, so no job is ever without it: a split cut short
        // resumes from it, and any batch can be planned again from it.
        await KeptInput.KeepAsync(store, job.InputKey!, UploadService.ContentType(request.Format), request.OpenInput, cancellationToken);
        if (!await table.TryCreateJobAsync(job, cancellationToken))
        {
            throw new InvalidOperationException("job id collision");
        }

        if (scopedKey is not null && await ClaimAsync(scopedKey, job, cancellationToken) is { } holder)
        {
            await table.DeleteJobAsync(jobId, CancellationToken.None);
            await store.DeletePrefixAsync(JobKeys.JobPrefix(jobId), CancellationToken.None);
            if (!string.Equals(holder.RequestHash, job.RequestHash, StringComparison.Ordinal))
            {
                return new Refusal.IdempotencyKeyReused("this Idempotency-Key was used with a different request (list or options); use a new key for a new request");
            }

            if (IsSplitCutShort(holder))
            {
                // The first request's split died half-way (a crash, a timeout): this retry finishes it.
                return new SubmitResult(holder.JobId, await ResumeAsync(holder, cancellationToken), Replayed: true);
            }

            return new SubmitResult(holder.JobId, holder.State, Replayed: true);
        }

        // A failed distribution deletes the job, and with it its claim on the key.
        await DistributeAsync(job, request.OpenInput, scan.Ranges, undoOnFailure: true, cancellationToken);
        return new SubmitResult(jobId, JobState.Processing, Replayed: false);
    }

    /// <summary>The checks of a request before its list is read; answers the chain it would run.</summary>
    private Outcome<IReadOnlyList<string>> CheckRequest(SubmitRequest request)
    {
        if (SheetProblem(request) is { } badSheet)
        {
            return badSheet;
        }

        var choice = ResolveProviders(request.Providers);
        if (choice.Refusal is { } badChoice)
        {
            return badChoice;
        }

        return request.IdempotencyKey is { Length: > IdempotencyScope.MaxKeyLength }
            ? new Refusal.Invalid($"the Idempotency-Key is over {IdempotencyScope.MaxKeyLength} characters")
            : choice;
    }

    /// <summary>Null when this job now holds the key; else the job that holds it.</summary>
    private async Task<JobRecord?> ClaimAsync(string scopedKey, JobRecord job, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < ClaimAttempts; attempt++)
        {
            var holderId = await table.ClaimIdempotencyKeyAsync(scopedKey, job.JobId, job.ExpiresAt, cancellationToken);
            if (holderId == job.JobId)
            {
                return null;
            }

            if (await table.GetJobAsync(holderId, cancellationToken) is { } holder)
            {
                return holder;
            }

            // The holder's job is gone (undone or expired) while its claim stayed: the claim is stale.
            await table.ReleaseIdempotencyKeyAsync(scopedKey, holderId, cancellationToken);
        }

        throw new InvalidOperationException("the idempotency key kept changing hands");
    }

    /// <summary>
    /// Reserves a job for a list that will arrive as an upload (lists too big for a request body).
    /// The job waits in <see cref="JobState.Accepted"/> until the object arrives.
    /// </summary>
    public async Task<Outcome<JobRecord>> ReserveUploadAsync(SubmitRequest request, CancellationToken cancellationToken)
    {
        if (SheetProblem(request) is { } badSheet)
        {
            return badSheet;
        }

        var choice = ResolveProviders(request.Providers);
        if (choice.Refusal is { } badChoice)
        {
            return badChoice;
        }

        var jobId = NewJobId();
        var job = NewJob(jobId, request, choice.Value) with { InputKey = request.InputName is { } name ? JobKeys.Upload(jobId, name) : null, DryRun = request.DryRun };
        if (!await table.TryCreateJobAsync(job, cancellationToken))
        {
            throw new InvalidOperationException("job id collision");
        }

        return job;
    }

    /// <summary>
    /// Splits an uploaded list into its reserved job. A refused list fails the job with the refusal's
    /// message (the reader's line and column), since no caller is waiting to be told. A split cut short
    /// (a crash, a timeout) can run again on the same event: it sends every batch again, and the
    /// workers count each batch once. A job is split from one upload only: the first object's event
    /// claims the split, and the event of any other PUT to the same link is ignored.
    /// </summary>
    /// <param name="uploadId">
    /// The object's identity (S3's sequencer of the PUT): the same for a repeated delivery of one
    /// event, another for another PUT.
    /// </param>
    /// <param name="listBytes">The uploaded object's size, as its event gives it (0 when unknown): a large list is then read in two halves at once.</param>
    public async Task<JobState> SplitUploadAsync(string jobId, string uploadId, Func<CancellationToken, Task<Stream>> openInput, long listBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        using var usage = BeginUsage(inline: false);
        var job = await table.GetJobAsync(jobId, cancellationToken);
        if (job is null || job.State != JobState.Accepted)
        {
            // A repeated S3 event, or an upload for a job that is gone: nothing to do.
            return job?.State ?? JobState.Failed;
        }

        if (await table.ClaimIdempotencyKeyAsync(SplitClaimKey(jobId), uploadId, job.ExpiresAt, cancellationToken) != uploadId)
        {
            // Another PUT's object holds the split: a second file must never be split into this job.
            return job.State;
        }

        if (job.DryRun)
        {
            return await EstimateUploadAsync(job, openInput, cancellationToken);
        }

        IReadOnlyList<InputRange>? ranges = null;
        if (job.TotalBatches == 0)
        {
            // An upload's job has no idempotency key to check the list against: no hash of it.
            var stored = options.ValidateInHalves && job.InputKey is { } inputKey && listBytes > 0 ? new StoredList(store, inputKey, listBytes) : null;
            var scanned = await ListScan.ScanAsync(openInput, Enum.Parse<InputFormat>(job.InputFormat), job.InputSheet, options, cancellationToken, fingerprint: false, stored: stored);
            if (scanned.Refusal is { } refusal)
            {
                return await FailUploadAsync(job, refusal.Message, cancellationToken);
            }

            var scan = scanned.Value;
            usage.Tally.Add(new Costs.AwsUsage { S3StoredBytes = scan.ListBytes });
            var sized = job with { Columns = scan.Columns, TotalRecords = scan.Records, TotalBatches = scan.Batches, UpdatedAt = time.GetUtcNow() };
            if (JobItemLimit.Problem(sized) is { } tooBig)
            {
                return await FailUploadAsync(job, tooBig, cancellationToken);
            }

            if (!await table.TryUpdateJobAsync(sized, JobState.Accepted, cancellationToken))
            {
                return (await table.GetJobAsync(jobId, cancellationToken))?.State ?? JobState.Failed;
            }

            job = sized;
            ranges = scan.Ranges;
        }

        // A split that runs again on a sized job (a repeated event after a crash) sends rows: its ranges were not kept.
        await DistributeAsync(job, openInput, ranges, undoOnFailure: false, cancellationToken);
        return JobState.Processing;
    }

    /// <summary>Fails a refused upload; a job with a callback gets a poller, whose Notify step tells the callback.</summary>
    private async Task<JobState> FailUploadAsync(JobRecord job, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failed = job.Finished(JobState.Failed, error, now);
        if (await table.TryUpdateJobAsync(failed, JobState.Accepted, cancellationToken) && job.Webhook is not null)
        {
            await workflow.StartAsync(ExecutionName(job.JobId, job.Attempt), new PollerInput(job.JobId, job.Attempt, 1), cancellationToken);
        }

        return JobState.Failed;
    }

    /// <summary>
    /// The control table's first-claim-wins record of which upload a job is split from. Caller-scoped
    /// idempotency keys always hold a line break (<see cref="IdempotencyScope.Key"/>), this one never
    /// does, so no request's key can take it.
    /// </summary>
    private static string SplitClaimKey(string jobId) => $"split:{jobId}";

    /// <summary>
    /// Resumes the split of an inline list that was cut short (the host was killed, the API timed out):
    /// every batch is sent again from the kept list, and the workers count each batch once. A no-op for
    /// a job that is not waiting on such a split.
    /// </summary>
    public async Task<JobState> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await table.GetJobAsync(jobId, cancellationToken);
        return job is null ? JobState.Failed : await ResumeAsync(job, cancellationToken);
    }

    private async Task<JobState> ResumeAsync(JobRecord job, CancellationToken cancellationToken)
    {
        if (job.State != JobState.Accepted || job.TotalBatches == 0 || job.InputKey != JobKeys.Input(job.JobId))
        {
            return job.State;
        }

        await DistributeAsync(job, KeptInput.Opener(store, job.InputKey), ranges: null, undoOnFailure: false, cancellationToken);
        return JobState.Processing;
    }

    /// <summary>An inline job still accepted well after its split began (which runs within the API's time limit).</summary>
    private bool IsSplitCutShort(JobRecord job) => job.State == JobState.Accepted && job.TotalBatches > 0 && time.GetUtcNow() - job.UpdatedAt > options.SplitResumeAfter;

    /// <summary>The chain the job will run: the default, or the request's choice among the offered names (else refused).</summary>
    private Outcome<IReadOnlyList<string>> ResolveProviders(IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 })
        {
            return Outcome.Of(options.DefaultProviders);
        }

        var choice = providers.Choose(names);
        return choice.Names is { } chosen ? Outcome.Of(chosen) : new Refusal.Invalid(choice.Error!);
    }

    /// <summary>A sheet is named for a workbook only; Excel's sheet names have at most 31 characters.</summary>
    private static Refusal.Invalid? SheetProblem(SubmitRequest request)
    {
        if (request.Sheet is null)
        {
            return null;
        }

        if (request.Format != InputFormat.Xlsx)
        {
            return new Refusal.Invalid("sheet applies to .xlsx workbooks only");
        }

        if (string.IsNullOrWhiteSpace(request.Sheet) || request.Sheet.Length > 31)
        {
            return new Refusal.Invalid("sheet must be a worksheet name of 1 to 31 characters");
        }

        return null;
    }

    private JobRecord NewJob(string jobId, SubmitRequest request, IReadOnlyList<string> chain)
    {
        var now = time.GetUtcNow();
        return new JobRecord
        {
            JobId = jobId,
            State = JobState.Accepted,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = now + options.JobRetention,
            InputFormat = request.Format.ToString(),
            OutputFormat = request.OutputFormat,
            Columns = [],
            Providers = [.. chain],
            EnrichmentColumns = providers.CreateChain(chain).Columns,
            TotalRecords = 0,
            TotalBatches = 0,
            Owner = request.Owner,
            IdempotencyKey = request.IdempotencyKey,
            InputName = request.InputName,
            InputSheet = request.Sheet,
            Webhook = request.Webhook?.For(request.StatusUrl?.Invoke(jobId) ?? $"/jobs/{jobId}"),
        };
    }

    private string NewJobId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    public static string ExecutionName(string jobId, int attempt) => PollerExecution.Name(jobId, attempt);

    /// <summary>A first look after roughly the time the batches need, between 1 and 10 seconds.</summary>
    private static int InitialWaitSeconds(JobRecord job) => (int)Math.Clamp(job.TotalRecords / 20_000, 1, 10);
}
