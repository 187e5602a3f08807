using System.Diagnostics;
using System.Globalization;
using Amazon.SQS.Model;
using Enrichment.Functions.Worker;
using Enrichment.Lambda.SQSEvents;
using Enrichment.Testing.Events;

namespace Enrichment.AwsBench;

/// <summary>
/// Stands in for the SQS event source mapping at a fixed concurrency: each of <c>concurrency</c> loops
/// receives up to <c>messagesPerInvocation</c> messages (Terraform's worker_batch_size), invokes the
/// worker handler with the event AWS would send, and deletes what it did not report as failed.
/// </summary>
public sealed class WorkerDriver(BenchStack stack, WorkerFunction worker, int concurrency, int messagesPerInvocation)
{
    private long _invocations;
    private long _messages;
    private long _invocationTicks;

    /// <summary>Handler invocations made (what Lambda would bill as invocations).</summary>
    public long Invocations => Interlocked.Read(ref _invocations);

    /// <summary>Sum of the handler's wall time over invocations (Lambda's billed duration, on this machine).</summary>
    public TimeSpan InvocationTime => TimeSpan.FromTicks(Interlocked.Read(ref _invocationTicks));

    /// <summary>Runs until <paramref name="batches"/> messages were handled and deleted, or the time is up.</summary>
    public async Task RunAsync(int batches, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        var loops = Enumerable.Range(0, concurrency).Select(_ => LoopAsync(batches, stop.Token)).ToArray();
        await Task.WhenAll(loops);
        if (Interlocked.Read(ref _messages) < batches)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"the workers handled {_messages} of {batches} batches within {timeout}"));
        }
    }

    private async Task LoopAsync(int batches, CancellationToken cancellationToken)
    {
        var context = new TestLambdaContext { FunctionName = "worker", RemainingTime = TimeSpan.FromSeconds(120) };
        while (Interlocked.Read(ref _messages) < batches)
        {
            var response = await stack.Sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = stack.QueueUrl,
                    MaxNumberOfMessages = messagesPerInvocation,
                    WaitTimeSeconds = 1,
                    MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
                },
                cancellationToken);
            var messages = response.Messages ?? [];
            if (messages.Count == 0)
            {
                continue;
            }

            var started = Stopwatch.GetTimestamp();
            var result = await worker.HandleAsync(ToEvent(messages), context, cancellationToken);
            Interlocked.Add(ref _invocationTicks, Stopwatch.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _invocations);

            var retry = result.BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet(StringComparer.Ordinal);
            var done = messages.Where(m => !retry.Contains(m.MessageId)).ToList();
            if (done.Count > 0)
            {
                await stack.Sqs.DeleteMessageBatchAsync(
                    new DeleteMessageBatchRequest
                    {
                        QueueUrl = stack.QueueUrl,
                        Entries = [.. done.Select((m, i) => new DeleteMessageBatchRequestEntry("d" + i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
                    },
                    cancellationToken);
                Interlocked.Add(ref _messages, done.Count);
            }
        }
    }

    private SQSEvent ToEvent(List<Message> messages) => new()
    {
        Records =
        [
            .. messages.Select(m => new SQSEvent.SQSMessage
            {
                MessageId = m.MessageId,
                ReceiptHandle = m.ReceiptHandle,
                Body = m.Body,
                Md5OfBody = m.MD5OfBody,
                EventSource = "aws:sqs",
                EventSourceArn = stack.QueueArn,
                AwsRegion = "us-east-1",
                Attributes = m.Attributes is { } attributes ? new Dictionary<string, string>(attributes) : [],
            }),
        ],
    };
}
