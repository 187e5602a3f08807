using Enrichment.Core.Costs.Counting;
using Enrichment.Core.Workflow;
using Enrichment.Functions.Aggregate;
using Enrichment.Functions.Api;
using Enrichment.Functions.CheckCompletion;
using Enrichment.Functions.Split;
using Enrichment.Functions.Webhook;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.Core;
using Enrichment.Lambda.Logging;
using Enrichment.Lambda.S3Events;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Local.Host.Hosting.Faults;
using Enrichment.Local.ControlTable;
using Enrichment.Local.Objects;
using Enrichment.Local.Queue;
using Enrichment.Local.StateMachine;
using Enrichment.Local.Workflow;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// The whole product in one process: the five Lambda handlers, unchanged, on the embedded adapters,
/// with in-process stand-ins for what AWS does between them (the SQS event source mapping, the S3
/// notification, Step Functions running statemachines/enrichment.asl.json).
/// </summary>
public sealed class LocalPipeline : IAsyncDisposable
{
    private const string BucketName = "local";

    /// <summary>Lambda's asynchronous invoke: the first attempt and two retries.</summary>
    private const int AsyncInvokeAttempts = 3;

    private readonly ServiceProvider _services;
    private readonly LocalQueueSet _queues;
    private readonly LocalWorkflowStarter _workflow;
    private readonly PollerWakeUp _wakeUp;
    private readonly AggregateSignal _aggregated = new();
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _background = [];
    private int _invocation;

    private LocalPipeline(LocalSettings settings)
    {
        Settings = settings;
        var collection = new ServiceCollection().AddEnrichmentLocal(settings);
        if (KillPoint.FromEnvironment() is { } kill)
        {
            // The fault suite's kill points; registered last, so the services get these.
            collection.AddSingleton<IBatchQueue>(provider => new KillingBatchQueue(provider.GetRequiredService<LocalQueueSet>().BatchQueue, kill));
            collection.AddSingleton<IObjectStore>(provider => new KillingObjectStore(provider.GetRequiredService<DirectoryObjectStore>(), kill));
        }

        // The handlers, registered as LambdaFunctionHost registers each in its own container.
        collection.AddSingleton<ApiFunction>();
        collection.AddSingleton<SplitFunction>();
        collection.AddSingleton<WorkerFunction>();
        collection.AddSingleton<CheckCompletionFunction>();
        collection.AddSingleton<AggregateFunction>();
        collection.AddSingleton<WebhookFunction>();
        // The pollers' pauses: the runner pauses in them, and a worker round that empties the queue ends them.
        collection.AddSingleton(provider => new AslWaitScheduler(provider.GetRequiredService<TimeProvider>(), settings.MaxPollerWait));
        collection.AddSingleton<IWorkflowStarter>(provider => provider.GetRequiredService<LocalWorkflowStarter>());
        collection.AddSingleton(provider => new LocalWorkflowStarter(
            settings.DataDirectory,
            CreateRunner(provider),
            provider.GetRequiredService<TimeProvider>(),
            (name, error) => provider.GetRequiredService<ILogger>().LogError("execution {Name} failed: {ErrorType}", name, error.GetType().Name)));
        // Every request the services make is counted at the ports, for the job's cost (as on AWS).
        _services = collection.CountRequests().BuildServiceProvider();

        _queues = _services.GetRequiredService<LocalQueueSet>();
        _workflow = _services.GetRequiredService<LocalWorkflowStarter>();
        _wakeUp = new PollerWakeUp(_queues.Main, _services.GetRequiredService<AslWaitScheduler>(), () => _workflow.Running);
        _log = _services.GetRequiredService<ILogger>();
        Store = _services.GetRequiredService<DirectoryObjectStore>();
        Objects = _services.GetRequiredService<LocalObjectEndpoint>();
        Table = _services.GetRequiredService<SqliteControlTable>();
        Api = _services.GetRequiredService<ApiFunction>();
        Split = _services.GetRequiredService<SplitFunction>();
        Worker = _services.GetRequiredService<WorkerFunction>();
    }

    public LocalSettings Settings { get; }

    /// <summary>The one logger of the host: the services', the handlers' and the host's own lines.</summary>
    public ILogger Log => _log;

    public ApiFunction Api { get; }

    public SplitFunction Split { get; }

    public WorkerFunction Worker { get; }

    public DirectoryObjectStore Store { get; }

    public LocalObjectEndpoint Objects { get; }

    public SqliteControlTable Table { get; }

    /// <summary>
    /// Completes when the next aggregate the state machine runs ends (its job finished, or failed):
    /// take it before reading a job's status, and await it with the poll interval as the bound.
    /// </summary>
    public Task NextAggregateEnd => _aggregated.Next;

    /// <summary>The split service, for what the CLI asks of it directly (the estimate of a list of any size).</summary>
    public SplitService Splitter => _services.GetRequiredService<SplitService>();

    /// <summary>Opens the data directory and starts the background parts; unfinished work from a previous run resumes.</summary>
    public static async Task<LocalPipeline> StartAsync(LocalSettings settings, CancellationToken cancellationToken)
    {
        var pipeline = new LocalPipeline(settings);
        await pipeline.RecoverAsync(cancellationToken);
        pipeline.StartBackground();
        return pipeline;
    }

    /// <summary>
    /// Invokes a handler as Lambda does: with a fresh context, and inside the invocation's request
    /// scope, so every line logged meanwhile (the services' too) carries its request id.
    /// </summary>
    public async Task<TOutput> InvokeAsync<TInput, TOutput>(ILambdaHandler<TInput, TOutput> handler, string functionName, TInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var requestId = $"local-{Interlocked.Increment(ref _invocation)}";
        using var requestScope = _log.BeginRequestScope(requestId);
        var context = new LocalLambdaContext(requestId, functionName, _services.GetRequiredService<TimeProvider>(), _log);
        return await handler.HandleAsync(input, context, cancellationToken);
    }

    /// <summary>
    /// What S3 and Lambda's asynchronous invoke do when an object lands under uploads/: the split
    /// function gets the event, is tried twice more if it fails, and is then given up to the
    /// on-failure path, which fails the job with a reason (rethrowing, for the caller's log).
    /// </summary>
    public async Task<SplitResponse> NotifyUploadAsync(string key, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await InvokeAsync(Split, "split", UploadEvent(key, SizeOf(key)), cancellationToken);
            }
#pragma warning disable CA1031 // Any failure of an asynchronous invocation is retried, as Lambda does.
            catch (Exception error) when (attempt < AsyncInvokeAttempts && !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                _log.LogWarning("split of an upload failed (attempt {Attempt} of {Attempts}): {ErrorType}", attempt, AsyncInvokeAttempts, error.GetType().Name);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await _services.GetRequiredService<SplitFailureService>().FailAsync(key, tooOld: false, cancellationToken);
                throw;
            }
        }
    }

    /// <summary>An object's size, as S3 puts it in the object's event (0 for one that is gone).</summary>
    private long SizeOf(string key) => new FileInfo(Store.PathOf(key)) is { Exists: true } file ? file.Length : 0;

    private static S3Event UploadEvent(string key, long size)
    {
        var s3Event = new S3Event
        {
            Records =
            [
                new S3Event.S3EventNotificationRecord
                {
                    EventSource = "aws:s3",
                    EventName = "ObjectCreated:Put",
                    AwsRegion = "local",
                    S3 = new S3Event.S3Entity
                    {
                        Bucket = new S3Event.S3BucketEntity { Name = BucketName },
                        Object = new S3Event.S3ObjectEntity { Key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), Size = size },
                    },
                },
            ],
        };
        return s3Event;
    }

    public Task<LocalExecutionRecord> WaitForExecutionAsync(string executionName, CancellationToken cancellationToken) =>
        _workflow.WaitForCompletionAsync(executionName, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_background);
        }
        catch (OperationCanceledException)
        {
        }

        // The container owns the workflow starter, the queues and the databases.
        await _services.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var time = _services.GetRequiredService<TimeProvider>();

        // Writes cut short by a kill (the aggregate's output upload, say) left temp files that no
        // write will ever finish: nothing else runs yet, so every one of them is an orphan.
        Store.SweepTemporaryFiles();
        var purged = await Table.PurgeExpiredAsync(time.GetUtcNow(), cancellationToken);
        foreach (var jobId in purged)
        {
            await Store.DeletePrefixAsync(JobKeys.JobPrefix(jobId), cancellationToken);
            await Store.DeletePrefixAsync($"{JobKeys.UploadsPrefix}{jobId}/", cancellationToken);
        }

        // S3 retries a notification whose function failed; here a split cut short by a crash is
        // simply offered again (a no-op for jobs already split).
        foreach (var key in UploadKeys())
        {
            var jobId = JobKeys.JobIdOfUpload(key);
            if (jobId is not null && await Table.GetJobAsync(jobId, cancellationToken) is { State: JobState.Accepted })
            {
                try
                {
                    await NotifyUploadAsync(key, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Given up and its job failed with a reason; the host starts regardless.
                    _log.LogError("split of an upload failed: {ErrorType}", error.GetType().Name);
                }
            }
        }

        await _workflow.ResumeUnfinishedAsync(cancellationToken);

        // After the pollers, so a resumed split finds its poller already running rather than starting it twice.
        await ResumeInlineSplitsAsync(cancellationToken);
        await ResumeRetriesAsync(cancellationToken);
    }

    /// <summary>
    /// A retry cut short between the job's update and its last send: its poller is started (a no-op when it
    /// runs) and every batch of the retry not yet counted is sent again.
    /// </summary>
    private async Task ResumeRetriesAsync(CancellationToken cancellationToken)
    {
        var retry = _services.GetRequiredService<RetryService>();
        foreach (var job in Table.ListJobsInState(JobState.Processing).Where(j => j.Attempt > 0))
        {
            await _workflow.StartAsync(SplitService.ExecutionName(job.JobId, job.Attempt), new PollerInput(job.JobId, job.Attempt, 1), cancellationToken);
            await retry.ResendAsync(job.JobId, job.Attempt, cancellationToken);
        }
    }

    /// <summary>
    /// An inline split cut short by the kill resumes from the list kept beside its job; a list kept for a
    /// job the kill kept from being made is removed.
    /// </summary>
    private async Task ResumeInlineSplitsAsync(CancellationToken cancellationToken)
    {
        var jobs = Path.Combine(Store.RootDirectory, "jobs");
        var kept = Directory.Exists(jobs) ? Directory.EnumerateDirectories(jobs).Where(d => File.Exists(Path.Combine(d, "input"))).ToList() : [];
        var split = _services.GetRequiredService<SplitService>();
        foreach (var directory in kept)
        {
            var jobId = Path.GetFileName(directory);
            var job = await Table.GetJobAsync(jobId, cancellationToken);
            if (job is null)
            {
                await Store.DeletePrefixAsync(JobKeys.JobPrefix(jobId), cancellationToken);
            }
            else if (job.State == JobState.Accepted)
            {
                try
                {
                    await split.ResumeAsync(jobId, cancellationToken);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    // Its poller fails the job after the stall timeout and frees its Idempotency-Key; the host starts regardless.
                    _log.LogError("resuming the split of job {JobId} failed: {ErrorType}", jobId, error.GetType().Name);
                }
            }
        }
    }

    private IEnumerable<string> UploadKeys()
    {
        var root = Path.Combine(Store.RootDirectory, "uploads");
        if (!Directory.Exists(root))
        {
            return [];
        }

        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Store.RootDirectory, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(key => !key.EndsWith(".tmp", StringComparison.Ordinal));
    }

    private void StartBackground()
    {
        var events = new LocalEventSourceOptions { BatchSize = 10, Concurrency = Settings.Workers, WaitTime = TimeSpan.FromSeconds(1) };
        // The worker's commits are deferred; each round's are made durable before its messages go.
        var main = new LocalEventSourcePoller(_queues.Main, DeliverAsync, events, OnWorkerCrash, FlushAndWakePollersAsync);
        var deadLetters = new LocalEventSourcePoller(_queues.DeadLetters, DeliverAsync, events with { Concurrency = 1 }, OnWorkerCrash, Table.FlushAsync);
        _background.Add(main.RunAsync(_stopping.Token));
        _background.Add(deadLetters.RunAsync(_stopping.Token));
    }

    /// <summary>A worker round's commits made durable, then the pollers woken if the queue has run dry.</summary>
    private async Task FlushAndWakePollersAsync(CancellationToken cancellationToken)
    {
        await Table.FlushAsync(cancellationToken);
        await _wakeUp.AfterRoundAsync(cancellationToken);
    }

    private void OnWorkerCrash(Exception error) => _log.LogError("worker invocation failed: {ErrorType}; its batch comes back after the visibility timeout", error.GetType().Name);

    /// <summary>The event source mapping's hand-over: an SQS event in, the partial-failure list out.</summary>
    private async Task<IReadOnlyList<string>> DeliverAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        var sqsEvent = new SQSEvent
        {
            Records =
            [
                .. messages.Select(m => new SQSEvent.SQSMessage
                {
                    MessageId = m.MessageId,
                    ReceiptHandle = m.ReceiptHandle,
                    // The stored bytes as they are: the worker parses them with no string of the body.
                    Utf8Body = m.Utf8Body,
                    EventSource = "aws:sqs",
                    EventSourceArn = m.SourceArn,
                    AwsRegion = "local",
                    Attributes = new Dictionary<string, string>
                    {
                        ["ApproximateReceiveCount"] = m.ReceiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        ["SentTimestamp"] = m.SentAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                }),
            ],
        };
        try
        {
            var response = await InvokeAsync(Worker, "worker", sqsEvent, cancellationToken);
            return [.. response.BatchItemFailures.Select(f => f.ItemIdentifier)];
        }
        finally
        {
            // The worker has parsed the bodies into its own objects: their pooled arrays go back.
            foreach (var message in messages)
            {
                message.ReleaseBody();
            }
        }
    }

    /// <summary>The aggregate as the state machine invokes it; its end, however it ends, is signalled.</summary>
    private async Task<AggregateOutput> AggregateAsync(AggregateFunction aggregate, AggregateInput input, CancellationToken cancellationToken)
    {
        try
        {
            return await InvokeAsync(aggregate, "aggregate", input, cancellationToken);
        }
        finally
        {
            _aggregated.Ended();
        }
    }

    private LocalStateMachineRunner CreateRunner(IServiceProvider provider)
    {
        var time = provider.GetRequiredService<TimeProvider>();
        var definition = EnrichmentStateMachine.Load(Path.Combine(AppContext.BaseDirectory, "statemachines", "enrichment.asl.json"), Settings.MaxPollsPerExecution);
        var check = provider.GetRequiredService<CheckCompletionFunction>();
        var aggregate = provider.GetRequiredService<AggregateFunction>();
        var webhook = provider.GetRequiredService<WebhookFunction>();
        var resources = EnrichmentStateMachine.Resources(
            (input, ct) => InvokeAsync(check, "check-completion", input, ct),
            (input, ct) => AggregateAsync(aggregate, input, ct),
            (input, ct) => InvokeAsync(webhook, "webhook", input, ct),
            // Resolved at call time: the starter is built from this runner.
            provider.GetRequiredService<IWorkflowStarter>);
        return new LocalStateMachineRunner(definition, resources, time, provider.GetRequiredService<AslWaitScheduler>());
    }
}
