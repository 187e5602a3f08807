using System.Diagnostics.CodeAnalysis;
using System.Text;
using Enrichment.Core.Configuration;
using Enrichment.Core.Costs;
using Enrichment.Core.Input;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers;
using Enrichment.Core.Services;
using Enrichment.Core.Workflow;
using Enrichment.Testing.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Testing.InMemory;

/// <summary>
/// The shared services on in-memory ports, with a test-driven "cloud": the test decides when the
/// queue is delivered to the worker and when the poller runs, so every step can be observed.
/// </summary>
public sealed class InMemoryPipeline
{
    public InMemoryPipeline(EnrichmentOptions? options = null)
    {
        Options = options ?? new EnrichmentOptions();
        Time = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        Table = new InMemoryControlTable(Time);
        Providers = new ProviderFactory();
        Split = new SplitService(Table, Queue, Store, Workflow, Providers, Options, Time, Usage);
        Processor = new BatchProcessor(Table, Store, Providers, Usage, Answers);
        Worker = new WorkerService(Processor, Options, Log, Usage);
        Completion = new CompletionService(Table, Options, Time);
        Aggregate = new AggregateService(Table, Store, Providers, Options, Time, Usage);
        Status = new JobStatusService(Table, Store, Options, Time);
        Summaries = new JobSummaryService(Table, Store);
        Retry = new RetryService(Table, Queue, Store, Workflow, Options, Time);
        Uploads = new UploadService(Split, Store, Options, Time);
        SingleEnrich = new SingleEnrichService(Providers, Options);
        SplitFailures = new SplitFailureService(Table, Time, Log);
    }

    public EnrichmentOptions Options { get; }

    /// <summary>Where the services begin their tallies (the ports here are not counted).</summary>
    public UsageTallyAccessor Usage { get; } = new();
    public ManualTimeProvider Time { get; }
    public InMemoryControlTable Table { get; }
    public InMemoryObjectStore Store { get; } = new();
    public InMemoryProviderAnswerCache Answers { get; } = new();
    public RecordingBatchQueue Queue { get; } = new();
    public RecordingWorkflowStarter Workflow { get; } = new();
    public RecordingLogger Log { get; } = new();
    public ProviderFactory Providers { get; }
    public SplitService Split { get; }
    public BatchProcessor Processor { get; }
    public WorkerService Worker { get; }
    public CompletionService Completion { get; }
    public AggregateService Aggregate { get; }
    public JobStatusService Status { get; }
    public JobSummaryService Summaries { get; }
    public RetryService Retry { get; }
    public UploadService Uploads { get; }
    public SingleEnrichService SingleEnrich { get; }
    public SplitFailureService SplitFailures { get; }

    /// <summary>
    /// A function's handler on this pipeline, registered and built as every host builds it: a
    /// singleton of <typeparamref name="THandler"/> in a service collection that holds the pipeline's
    /// ports and services. <paramref name="configure"/> registers replacements (registered last, so
    /// they win).
    /// </summary>
    public THandler Handler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(Action<IServiceCollection>? configure = null)
        where THandler : class
    {
        var services = new ServiceCollection()
            .AddSingleton(Options)
            .AddSingleton<IUsageTallyAccessor>(Usage)
            .AddSingleton<TimeProvider>(Time)
            .AddSingleton<IControlTable>(Table)
            .AddSingleton<IObjectStore>(Store)
            .AddSingleton<IProviderAnswerCache>(Answers)
            .AddSingleton<IBatchQueue>(Queue)
            .AddSingleton<IWorkflowStarter>(Workflow)
            .AddSingleton<ILogger>(Log)
            .AddSingleton(Providers)
            .AddSingleton(Split)
            .AddSingleton(Processor)
            .AddSingleton(Worker)
            .AddSingleton(Completion)
            .AddSingleton(Aggregate)
            .AddSingleton(Status)
            .AddSingleton(Summaries)
            .AddSingleton(Retry)
            .AddSingleton(Uploads)
            .AddSingleton(SingleEnrich)
            .AddSingleton(SplitFailures);
        configure?.Invoke(services);
        services.AddSingleton<THandler>();
        return services.BuildServiceProvider().GetRequiredService<THandler>();
    }

    /// <summary>The caller every request of the helpers below is made for.</summary>
    public const string Owner = "iam:arn:aws:iam::123456789012:user/tester";

    public static SubmitRequest Csv(string text, string? idempotencyKey = null, IReadOnlyList<string>? providers = null, string output = "csv") =>
        Request(text, InputFormat.Csv, idempotencyKey, providers, output);

    public static SubmitRequest Request(string text, InputFormat format, string? idempotencyKey = null, IReadOnlyList<string>? providers = null, string output = "csv")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new SubmitRequest(_ => Task.FromResult<Stream>(new MemoryStream(bytes, writable: false)), format, output, providers, idempotencyKey, "contacts.csv") { Owner = Owner };
    }

    /// <summary>The rows a sent message carries, or names as a range of its job's kept list (read as the worker reads them).</summary>
    public async Task<IReadOnlyList<Core.Batching.BatchRow>> RowsOfAsync(Core.Batching.BatchMessage message)
    {
        if (message.Range is not { } range)
        {
            return message.Rows ?? throw new InvalidOperationException("the message carries no rows (a claim check or an errors-only retry)");
        }

        var job = await Table.GetJobAsync(message.JobId, CancellationToken.None) ?? throw new InvalidOperationException("no such job");
        var bytes = new byte[range.Length];
        var read = await Store.ReadRangeAsync(job.InputKey!, range.Offset, bytes, CancellationToken.None);
        if (read != range.Length)
        {
            throw new InvalidOperationException($"the kept list holds {read} of the range's {range.Length} bytes");
        }

        return await CsvRangeReader.ReadRowsAsync(bytes, range.Delimiter, job.Columns.Count, range.FirstRow, ContactReaderOptions.Default, CancellationToken.None);
    }

    /// <summary>
    /// Delivers everything queued to the worker, once each, the way the event source would (in groups
    /// of ten); <paramref name="asUtf8"/>: with bodies as UTF-8 bytes, as the local host's queue hands them over.
    /// </summary>
    public async Task<IReadOnlyList<string>> DeliverAllAsync(int receiveCount = 1, bool fromDeadLetterQueue = false, bool asUtf8 = false)
    {
        var failed = new List<string>();
        var messages = Queue.Drain();
        for (var i = 0; i < messages.Count; i += 10)
        {
            var group = messages.Skip(i).Take(10)
                .Select((m, n) => asUtf8
                    ? new QueueDelivery($"m{i + n}", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(m, Core.Serialization.EnrichmentJsonContext.Default.BatchMessage), receiveCount, fromDeadLetterQueue)
                    : new QueueDelivery($"m{i + n}", System.Text.Json.JsonSerializer.Serialize(m, Core.Serialization.EnrichmentJsonContext.Default.BatchMessage), receiveCount, fromDeadLetterQueue))
                .ToList();
            failed.AddRange(await Worker.HandleAsync(group, deadline: null, CancellationToken.None));
        }

        return failed;
    }

    /// <summary>Runs the poller's loop the way the state machine does, until done or the step bound is hit.</summary>
    public async Task<AggregateOutput> RunPollerAsync(string jobId, int attempt = 0, int maxChecks = 20)
    {
        for (var check = 0; check < maxChecks; check++)
        {
            var result = await Completion.CheckAsync(new CheckCompletionInput(jobId, attempt, 1), CancellationToken.None);
            if (result.Done)
            {
                return await Aggregate.AggregateAsync(new AggregateInput(jobId, attempt), CancellationToken.None);
            }

            Time.Advance(TimeSpan.FromSeconds(result.WaitSeconds));
        }

        throw new InvalidOperationException($"job {jobId} not done after {maxChecks} checks");
    }

    /// <summary>Submits, delivers and aggregates: the whole happy path.</summary>
    public async Task<(string JobId, AggregateOutput Output)> RunAsync(SubmitRequest request)
    {
        var submitted = (await Split.SubmitAsync(request, CancellationToken.None)).Value;
        await DeliverAllAsync();
        return (submitted.JobId, await RunPollerAsync(submitted.JobId));
    }
}
