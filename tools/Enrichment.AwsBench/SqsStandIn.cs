using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Enrichment.AwsBench;

/// <summary>
/// The three SQS calls of a job's data path (SendMessageBatch, ReceiveMessage, DeleteMessageBatch) answered
/// by the proxy itself, in SQS's JSON protocol, because moto 5.2.1 spends about 0.3 s of CPU on one
/// SendMessageBatch of ten 17 KB batch messages (profiled with cProfile, unloaded): through moto, a
/// million-row split would measure moto. Messages are kept in memory with a visibility timeout, or, in
/// sink mode (a split measured alone), only acknowledged. Everything else still goes to moto.
/// </summary>
public sealed class SqsStandIn(bool sink)
{
    private static readonly TimeSpan Visibility = TimeSpan.FromMinutes(12);

    private readonly ConcurrentQueue<StoredMessage> _visible = new();
    private readonly ConcurrentDictionary<string, (StoredMessage Message, DateTimeOffset Until)> _inFlight = new(StringComparer.Ordinal);
    private long _sequence;

    public static bool Handles(string? target) =>
        target is "AmazonSQS.SendMessageBatch" or "AmazonSQS.ReceiveMessage" or "AmazonSQS.DeleteMessageBatch";

    public async Task<long> HandleAsync(HttpContext context, string target)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        using var request = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        using var answer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(answer))
        {
            writer.WriteStartObject();
            switch (target)
            {
                case "AmazonSQS.SendMessageBatch":
                    Send(request.RootElement, writer);
                    break;
                case "AmazonSQS.ReceiveMessage":
                    await ReceiveAsync(request.RootElement, writer, context.RequestAborted);
                    break;
                default:
                    Delete(request.RootElement, writer);
                    break;
            }

            writer.WriteEndObject();
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-amz-json-1.0";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer.GetBuffer().AsMemory(0, (int)answer.Length), context.RequestAborted);
        return buffer.Length;
    }

    private void Send(JsonElement request, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("Successful");
        foreach (var entry in request.GetProperty("Entries").EnumerateArray())
        {
            var body = entry.GetProperty("MessageBody").GetString() ?? string.Empty;
            var id = Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
            var md5 = Md5(body);
            if (!sink)
            {
                _visible.Enqueue(new StoredMessage(id, body, md5, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            }

            writer.WriteStartObject();
            writer.WriteString("Id", entry.GetProperty("Id").GetString());
            writer.WriteString("MessageId", id);
            writer.WriteString("MD5OfMessageBody", md5);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Failed");
        writer.WriteEndArray();
    }

    private async Task ReceiveAsync(JsonElement request, Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        var max = request.TryGetProperty("MaxNumberOfMessages", out var m) ? m.GetInt32() : 1;
        var wait = request.TryGetProperty("WaitTimeSeconds", out var w) ? w.GetInt32() : 0;
        var taken = new List<StoredMessage>(max);
        // Long polling, bounded: look again every 50 ms until the wait is over.
        for (var round = 0; round <= wait * 20 && taken.Count == 0; round++)
        {
            if (round > 0)
            {
                await Task.Delay(50, cancellationToken);
            }

            Requeue();
            while (taken.Count < max && _visible.TryDequeue(out var message))
            {
                taken.Add(message with { Receives = message.Receives + 1 });
            }
        }

        writer.WriteStartArray("Messages");
        foreach (var message in taken)
        {
            var handle = $"{message.Id}-{message.Receives}";
            _inFlight[handle] = (message, DateTimeOffset.UtcNow + Visibility);
            writer.WriteStartObject();
            writer.WriteString("MessageId", message.Id);
            writer.WriteString("ReceiptHandle", handle);
            writer.WriteString("MD5OfBody", message.Md5);
            writer.WriteString("Body", message.Body);
            writer.WriteStartObject("Attributes");
            writer.WriteString("ApproximateReceiveCount", message.Receives.ToString(CultureInfo.InvariantCulture));
            writer.WriteString("SentTimestamp", message.SentMilliseconds.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private void Delete(JsonElement request, Utf8JsonWriter writer)
    {
        writer.WriteStartArray("Successful");
        foreach (var entry in request.GetProperty("Entries").EnumerateArray())
        {
            _inFlight.TryRemove(entry.GetProperty("ReceiptHandle").GetString() ?? string.Empty, out _);
            writer.WriteStartObject();
            writer.WriteString("Id", entry.GetProperty("Id").GetString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("Failed");
        writer.WriteEndArray();
    }

    /// <summary>Messages whose visibility timeout ran out are visible again (a worker that never deleted them).</summary>
    private void Requeue()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (handle, (message, until)) in _inFlight)
        {
            if (until < now && _inFlight.TryRemove(handle, out _))
            {
                _visible.Enqueue(message);
            }
        }
    }

    private static string Md5(string body)
    {
#pragma warning disable CA5351 // SQS's own checksum of a message body is MD5; nothing here is a security use.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(body)));
#pragma warning restore CA5351
    }

    private sealed record StoredMessage(string Id, string Body, string Md5, long SentMilliseconds, int Receives = 0);
}
