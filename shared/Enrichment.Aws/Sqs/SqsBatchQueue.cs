using Amazon.SQS;
using Amazon.SQS.Model;
using Enrichment.Core.Batching;
using Polly;

namespace Enrichment.Aws.Sqs;

/// <summary>
/// The batch queue on SQS. Messages go out with SendMessageBatch, at most ten per call and at most
/// 256 KiB per call, several calls at a time; entries SQS refuses for a transient reason are sent
/// again with backoff, and what still fails is reported in one exception.
/// </summary>
public sealed class SqsBatchQueue : IBatchQueue
{
    /// <summary>SQS's limit for one message and for the sum of one SendMessageBatch's messages.</summary>
    public const int MaxRequestBytes = 256 * 1024;
    public const int MaxEntriesPerRequest = 10;

    private readonly IAmazonSQS _client;
    private readonly string _queueUrl;
    private readonly int _parallelRequests;
    private readonly ResiliencePipeline<SendState> _retry;

    public SqsBatchQueue(IAmazonSQS client, string queueUrl, TimeProvider timeProvider, int parallelRequests = 4, int maxAttempts = 5)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        _client = client;
        _queueUrl = queueUrl;
        _parallelRequests = parallelRequests;
        _retry = new ResiliencePipelineBuilder<SendState> { TimeProvider = timeProvider }
            .AddRetry(AwsBackoff.RetryResults(
                new PredicateBuilder<SendState>()
                    .HandleResult(state => state.HasRetryableFailures)
                    .Handle<AmazonSQSException>(exception => (int)exception.StatusCode >= 500 || exception.ErrorCode is "ThrottlingException" or "RequestThrottled")
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutException>(),
                maxAttempts - 1,
                TimeSpan.FromMilliseconds(100),
                TimeSpan.FromSeconds(5)))
            .Build();
    }

    public async Task<BatchesSent> SendAsync(IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var entries = new List<Entry>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var body = JsonSerializer.Serialize(messages[i], EnrichmentJsonContext.Default.BatchMessage);
            var size = Encoding.UTF8.GetByteCount(body);
            if (size > MaxRequestBytes)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Batch {messages[i].BatchIndex} of job {messages[i].JobId} serializes to {size} bytes, over SQS's {MaxRequestBytes}-byte message limit; send its rows through the object store (PayloadKey)."),
                    nameof(messages));
            }

            entries.Add(new Entry(string.Create(CultureInfo.InvariantCulture, $"m{i}"), messages[i].BatchIndex, body, size));
        }

        var failed = new List<Entry>();
        await Parallel.ForEachAsync(
            Group(entries),
            new ParallelOptions { MaxDegreeOfParallelism = _parallelRequests, CancellationToken = cancellationToken },
            async (group, token) =>
            {
                var left = await SendGroupAsync(group, token);
                if (left.Count > 0)
                {
                    lock (failed)
                    {
                        failed.AddRange(left);
                    }
                }
            });

        if (failed.Count > 0)
        {
            var details = string.Join("; ", failed.OrderBy(entry => entry.BatchIndex).Take(10).Select(entry => $"batch {entry.BatchIndex}: {entry.LastError}"));
            throw new BatchQueueSendException(
                string.Create(CultureInfo.InvariantCulture, $"{failed.Count} of {entries.Count} batch messages could not be sent to {_queueUrl} ({details})."),
                failed.Select(entry => entry.BatchIndex).Order().ToArray());
        }

        return new BatchesSent([.. entries.Select(entry => entry.Size)]);
    }

    /// <summary>Groups of at most ten entries whose bodies add up to at most 256 KiB, in input order.</summary>
    internal static IEnumerable<IReadOnlyList<Entry>> Group(IReadOnlyList<Entry> entries)
    {
        var group = new List<Entry>(MaxEntriesPerRequest);
        var bytes = 0;
        foreach (var entry in entries)
        {
            if (group.Count == MaxEntriesPerRequest || (group.Count > 0 && bytes + entry.Size > MaxRequestBytes))
            {
                yield return group;
                group = new List<Entry>(MaxEntriesPerRequest);
                bytes = 0;
            }

            group.Add(entry);
            bytes += entry.Size;
        }

        if (group.Count > 0)
        {
            yield return group;
        }
    }

    /// <summary>Sends one group, retrying what failed; answers the entries that never went out.</summary>
    private async Task<IReadOnlyList<Entry>> SendGroupAsync(IReadOnlyList<Entry> group, CancellationToken cancellationToken)
    {
        var state = new SendState(group);
        try
        {
            state = await _retry.ExecuteAsync(
                static async (context, token) =>
                {
                    var (self, current) = context;
                    await self.SendPendingAsync(current, token);
                    return current;
                },
                (this, state),
                cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException or TimeoutException)
        {
            foreach (var entry in state.Pending)
            {
                entry.LastError = exception.GetType().Name + ": " + exception.Message;
            }
        }

        return [.. state.Pending, .. state.GaveUp];
    }

    private async Task SendPendingAsync(SendState state, CancellationToken cancellationToken)
    {
        var response = await _client.SendMessageBatchAsync(
            new SendMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = state.Pending.Select(entry => new SendMessageBatchRequestEntry(entry.Id, entry.Body)).ToList(),
            },
            cancellationToken);

        var sent = (response.Successful ?? []).Select(result => result.Id).ToHashSet(StringComparer.Ordinal);
        var errors = (response.Failed ?? []).ToDictionary(result => result.Id, StringComparer.Ordinal);
        var pending = new List<Entry>();
        foreach (var entry in state.Pending)
        {
            if (sent.Contains(entry.Id))
            {
                continue;
            }

            if (errors.TryGetValue(entry.Id, out var error))
            {
                entry.LastError = $"{error.Code}: {error.Message}";
                // SenderFault marks a request that will fail the same way again.
                entry.Permanent = error.SenderFault == true;
            }
            else
            {
                entry.LastError = "not acknowledged";
            }

            if (entry.Permanent)
            {
                state.GaveUp.Add(entry);
            }
            else
            {
                pending.Add(entry);
            }
        }

        state.Pending = pending;
        state.HasRetryableFailures = pending.Count > 0;
    }

    internal sealed class Entry(string id, int batchIndex, string body, int size)
    {
        public string Id { get; } = id;
        public int BatchIndex { get; } = batchIndex;
        public string Body { get; } = body;
        public int Size { get; } = size;
        public string? LastError { get; set; }
        public bool Permanent { get; set; }
    }

    private sealed class SendState(IReadOnlyList<Entry> pending)
    {
        public IReadOnlyList<Entry> Pending { get; set; } = pending;
        public bool HasRetryableFailures { get; set; }
        public List<Entry> GaveUp { get; } = [];
    }
}
