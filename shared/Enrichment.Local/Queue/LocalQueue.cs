namespace Enrichment.Local.Queue;

/// <summary>
/// A durable queue with SQS semantics: at-least-once delivery, a visibility timeout per receive,
/// a fresh receipt handle per receive (stale handles do nothing), an approximate receive count, and
/// a redrive policy that moves a message to the dead-letter queue instead of delivering it once it
/// has been received more than MaxReceiveCount times. State is in SQLite and bodies in the body log
/// beside it (<see cref="BodyLog"/>), so a killed process loses nothing: in-flight messages come
/// back when their visibility timeout ends.
/// <para>
/// Sends are durable when they return. Receives and deletes are deferred commits (not fsynced,
/// <see cref="SqliteDatabase.WriteDeferredAsync{T}"/>): a power cut can only undo the latest of
/// them, which brings messages back as a visibility timeout would; whoever deletes makes the work
/// the delete stands on durable first (the event source poller's flush before its delete).
/// </para>
/// </summary>
public sealed class LocalQueue
{
    /// <summary>SQS's message size limit, enforced so the local run proves the claim-check path too.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    private const int MaxBatch = 10;
    private readonly LocalQueueStore _store;
    private readonly TimeProvider _time;

    internal LocalQueue(LocalQueueStore store, string name, LocalQueueOptions options)
    {
        if (options.MaxReceiveCount is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
            ArgumentException.ThrowIfNullOrEmpty(options.DeadLetterQueue);
        }

        _store = store;
        _time = store.Time;
        Name = name;
        Options = options;
        Arn = ArnOf(name);
    }

    public string Name { get; }

    public string Arn { get; }

    /// <summary>The ARN a local queue named <paramref name="name"/> gives its messages' event source.</summary>
    public static string ArnOf(string name) => "arn:aws:sqs:local:000000000000:" + name;

    public LocalQueueOptions Options { get; }

    private SqliteDatabase Database => _store.Database;

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Enqueues the bodies in one transaction; answers their message ids in order.</summary>
    public Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken, TimeSpan? delay = null) =>
        SendAsync([.. bodies.Select(body => new ReadOnlyMemory<byte>(System.Text.Encoding.UTF8.GetBytes(body)))], cancellationToken, delay);

    /// <summary>
    /// Enqueues bodies given as their UTF-8 bytes (what SQS measures and what the batch queue
    /// serializes), stored as they are: a body never becomes a UTF-16 string on its way through
    /// the queue (issue 13). The bodies may be slices of a caller's pooled buffer: they are written
    /// to the body log before this returns. The bodies are durable before the rows that point to
    /// them are committed (<see cref="BodyLog"/>), and the rows before this returns.
    /// </summary>
    public async Task<IReadOnlyList<string>> SendAsync(IReadOnlyList<ReadOnlyMemory<byte>> bodies, CancellationToken cancellationToken, TimeSpan? delay = null)
    {
        if (bodies.Count == 0)
        {
            return [];
        }

        foreach (var body in bodies)
        {
            if (body.Length > MaxMessageBytes)
            {
                throw new ArgumentException($"a message body exceeds the {MaxMessageBytes}-byte queue limit", nameof(bodies));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var now = NowMs;
        var visibleAt = now + (long)(delay ?? TimeSpan.Zero).TotalMilliseconds;
        var (segment, start) = await _store.Bodies.AppendAsync(bodies);
        IReadOnlyList<string> ids;
        try
        {
            ids = await Database.WriteAsync(
                s =>
                {
                    var sent = new List<string>(bodies.Count);
                    var offset = start;
                    foreach (var body in bodies)
                    {
                        var id = Guid.NewGuid().ToString();
                        s.Execute(
                            "INSERT INTO queue_messages(queue, message_id, sent_at, visible_at, body_segment, body_offset, body_length) VALUES($1, $2, $3, $4, $5, $6, $7);",
                            Name, id, now, visibleAt, segment, offset, body.Length);
                        offset += body.Length;
                        sent.Add(id);
                    }

                    return sent;
                },
                cancellationToken);
        }
        finally
        {
            _store.Bodies.Release(segment);
        }

        _store.Signal(Name).Pulse();
        return ids;
    }

    /// <summary>
    /// Receives up to <paramref name="maxMessages"/> (at most 10) visible messages, long-polling up
    /// to <paramref name="waitTime"/> when none is visible; an empty list when the wait ends empty.
    /// </summary>
    public async Task<IReadOnlyList<QueueMessage>> ReceiveAsync(
        int maxMessages,
        TimeSpan waitTime,
        CancellationToken cancellationToken,
        TimeSpan? visibilityTimeout = null)
    {
        CheckReceiveCount(maxMessages);
        var deadline = _time.GetUtcNow() + waitTime;
        var signal = _store.Signal(Name);

        // Bounded: every pass either returns or waits for a signal, a visibility expiry or the deadline.
        for (var pass = 0; pass < 1_000_000; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changed = signal.Current;
            var received = await TryReceiveAsync(maxMessages, visibilityTimeout ?? Options.VisibilityTimeout, [], cancellationToken);
            if (received.Messages.Count > 0)
            {
                return received.Messages;
            }

            var now = _time.GetUtcNow();
            if (now >= deadline)
            {
                return [];
            }

            var wait = deadline - now;
            if (received.NextVisibleAt is { } next && next - now < wait)
            {
                wait = next - now;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(wait < TimeSpan.Zero ? TimeSpan.Zero : wait, _time, wake.Token);
            await Task.WhenAny(changed, delay);
            await wake.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }

        return [];
    }

    /// <summary>SQS's range for one receive: 1 to 10 messages.</summary>
    private static void CheckReceiveCount(int maxMessages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxMessages, MaxBatch);
    }

    /// <summary>
    /// Deletes handled messages and receives the next ones, the delete in the same transaction as
    /// the first receive (one WAL fsync where a delete and a receive each had theirs). The delete is
    /// not cancelled: work done must not be redone needlessly. Cancelled before the call, it only
    /// deletes, then throws.
    /// </summary>
    public async Task<IReadOnlyList<QueueMessage>> DeleteAndReceiveAsync(
        IReadOnlyList<string> receiptHandles,
        int maxMessages,
        TimeSpan waitTime,
        CancellationToken cancellationToken,
        TimeSpan? visibilityTimeout = null)
    {
        CheckReceiveCount(maxMessages);
        if (cancellationToken.IsCancellationRequested)
        {
            await DeleteAsync(receiptHandles, CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        var first = await TryReceiveAsync(maxMessages, visibilityTimeout ?? Options.VisibilityTimeout, receiptHandles, CancellationToken.None);
        return first.Messages.Count > 0 ? first.Messages : await ReceiveAsync(maxMessages, waitTime, cancellationToken, visibilityTimeout);
    }

    /// <summary>
    /// Deletes received messages in one transaction; answers how many were deleted (a stale or unknown
    /// handle deletes nothing).
    /// </summary>
    public async Task<int> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        var (deleted, emptied) = await Database.WriteDeferredAsync(
            s =>
            {
                var segments = new HashSet<long>();
                var count = Delete(s, receiptHandles, segments);
                return (count, _store.Bodies.CloseEmptied(s, segments));
            },
            cancellationToken);
        await _store.Bodies.DeleteAsync(emptied);
        return deleted;
    }

    /// <summary>Sets when a received message becomes visible again (zero: now); false when the handle is stale.</summary>
    public async Task<bool> ChangeVisibilityAsync(string receiptHandle, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        if (!TryParseHandle(receiptHandle, out var seq))
        {
            return false;
        }

        var visibleAt = NowMs + (long)visibilityTimeout.TotalMilliseconds;
        var changed = await Database.WriteAsync(
            s => s.Execute("UPDATE queue_messages SET visible_at = $1 WHERE seq = $2 AND receipt = $3 AND queue = $4;", visibleAt, seq, receiptHandle, Name),
            cancellationToken);
        if (changed == 1)
        {
            _store.Signal(Name).Pulse();
        }

        return changed == 1;
    }

    /// <summary>Approximate counts, as SQS's ApproximateNumberOfMessages and ...NotVisible.</summary>
    public Task<(long Visible, long InFlight)> CountAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = NowMs;
        var counts = Database.Read(s => s.Query(
            "SELECT COALESCE(SUM(visible_at <= $2), 0), COALESCE(SUM(visible_at > $2), 0) FROM queue_messages WHERE queue = $1;",
            r => (r.GetInt64(0), r.GetInt64(1)),
            Name, now));
        return Task.FromResult(counts[0]);
    }

    /// <summary>Whether a message is visible now (one probe of the visibility index, where <see cref="CountAsync"/> reads every message).</summary>
    public Task<bool> HasVisibleAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var now = NowMs;
        var found = Database.Read(s => s.Query(
            "SELECT EXISTS(SELECT 1 FROM queue_messages WHERE queue = $1 AND visible_at <= $2);",
            r => r.GetInt64(0),
            Name, now));
        return Task.FromResult(found[0] != 0);
    }

    /// <summary>Removes every message of this queue (and the log segments only they pointed into).</summary>
    public async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var emptied = await Database.WriteAsync(
            s =>
            {
                s.Execute("DELETE FROM queue_bodies WHERE seq IN (SELECT seq FROM queue_messages WHERE queue = $1);", Name);
                var segments = s.Query("DELETE FROM queue_messages WHERE queue = $1 RETURNING body_segment;", r => r.IsDBNull(0) ? -1 : r.GetInt64(0), Name);
                return _store.Bodies.CloseEmptied(s, [.. segments.Where(id => id >= 0).Distinct()]);
            },
            cancellationToken);
        await _store.Bodies.DeleteAsync(emptied);
    }

    private async Task<(List<QueueMessage> Messages, DateTimeOffset? NextVisibleAt)> TryReceiveAsync(
        int maxMessages,
        TimeSpan visibilityTimeout,
        IReadOnlyList<string> deleteFirst,
        CancellationToken cancellationToken)
    {
        var now = NowMs;
        var invisibleUntil = now + (long)visibilityTimeout.TotalMilliseconds;
        var result = await Database.WriteDeferredAsync(
            s =>
            {
                var touched = new HashSet<long>();
                Delete(s, deleteFirst, touched);
                var emptied = _store.Bodies.CloseEmptied(s, touched);
                var messages = new List<QueueMessage>(maxMessages);
                var taken = new HashSet<long>();
                var movedToDeadLetters = false;

                // Dead-lettered candidates leave room for more; bounded by the batch size and the rows moved.
                // With a zero visibility timeout a message just taken is visible again: `taken` keeps it out.
                for (var round = 0; round < 100 && messages.Count < maxMessages; round++)
                {
                    var progressed = false;
                    var candidates = s.Query(
                        // The body is read only for a message delivered (ReadBody), not for one dead-lettered.
                        "SELECT seq, message_id, receive_count, sent_at, first_received_at, body_segment, body_offset, body_length FROM queue_messages WHERE queue = $1 AND visible_at <= $2 ORDER BY visible_at, seq LIMIT $3;",
                        r => (Seq: r.GetInt64(0), Id: r.GetString(1), Count: r.GetInt32(2), SentAt: r.GetInt64(3), First: r.IsDBNull(4) ? (long?)null : r.GetInt64(4),
                            Body: r.IsDBNull(5) ? (StoredBody?)null : new StoredBody(r.GetInt64(5), r.GetInt64(6), r.GetInt32(7))),
                        Name, now, maxMessages - messages.Count + taken.Count);
                    if (candidates.Count == 0)
                    {
                        break;
                    }

                    foreach (var c in candidates.Where(c => !taken.Contains(c.Seq)))
                    {
                        taken.Add(c.Seq);
                        progressed = true;
                        if (Options.MaxReceiveCount is { } max && c.Count >= max)
                        {
                            // SQS's redrive: the receive that would exceed maxReceiveCount moves the message instead.
                            s.Execute(
                                "UPDATE queue_messages SET queue = $1, visible_at = $2, receipt = NULL WHERE seq = $3;",
                                Options.DeadLetterQueue, now, c.Seq);
                            movedToDeadLetters = true;
                            continue;
                        }

                        var handle = c.Seq.ToString(CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N");
                        var first = c.First ?? now;
                        s.Execute(
                            "UPDATE queue_messages SET visible_at = $1, receive_count = receive_count + 1, receipt = $2, first_received_at = $3 WHERE seq = $4;",
                            invisibleUntil, handle, first, c.Seq);
                        var (body, length) = _store.ReadBody(s, c.Seq, c.Body);
                        messages.Add(new QueueMessage(
                            c.Id,
                            handle,
                            body.AsMemory(0, length),
                            c.Count + 1,
                            DateTimeOffset.FromUnixTimeMilliseconds(c.SentAt),
                            DateTimeOffset.FromUnixTimeMilliseconds(first),
                            Arn) { PooledBody = body });
                    }

                    if (!progressed)
                    {
                        break;
                    }
                }

                DateTimeOffset? next = null;
                if (messages.Count == 0 && s.Scalar("SELECT MIN(visible_at) FROM queue_messages WHERE queue = $1;", Name) is long nextMs)
                {
                    next = DateTimeOffset.FromUnixTimeMilliseconds(nextMs);
                }

                return (messages, next, MovedToDeadLetters: movedToDeadLetters, Emptied: emptied);
            },
            cancellationToken);
        await _store.Bodies.DeleteAsync(result.Emptied);
        if (result.MovedToDeadLetters)
        {
            // After the commit, so a dead-letter receiver woken by it sees the row.
            _store.Signal(Options.DeadLetterQueue!).Pulse();
        }

        return (result.messages, result.next);
    }

    /// <summary>Deletes the messages of the handles; adds the log segments their bodies were in to <paramref name="segments"/>.</summary>
    private int Delete(SqliteSession session, IReadOnlyList<string> receiptHandles, HashSet<long> segments)
    {
        var deleted = 0;
        foreach (var handle in receiptHandles)
        {
            if (!TryParseHandle(handle, out var seq))
            {
                continue;
            }

            var removed = session.Query(
                "DELETE FROM queue_messages WHERE seq = $1 AND receipt = $2 AND queue = $3 RETURNING body_segment;",
                r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0),
                seq, handle, Name);
            if (removed.Count == 0)
            {
                continue;
            }

            if (removed[0] is { } segment)
            {
                segments.Add(segment);
            }
            else
            {
                // A body stored inline by an earlier version.
                session.Execute("DELETE FROM queue_bodies WHERE seq = $1;", seq);
            }

            deleted++;
        }

        return deleted;
    }

    private static bool TryParseHandle(string handle, out long seq)
    {
        seq = 0;
        var dot = handle.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && long.TryParse(handle.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
    }
}
