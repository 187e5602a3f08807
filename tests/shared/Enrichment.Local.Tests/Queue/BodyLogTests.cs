using Enrichment.Local.Queue;
using Enrichment.Local.Sqlite;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.Queue;

/// <summary>The queue's body log: bodies beside queues.db, reclaimed when their messages are gone, safe across a kill.</summary>
public sealed class BodyLogTests
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);
    private TempDirectory _directory = null!;
    private ManualTimeProvider _time = null!;
    private LocalQueueStore? _store;
    private LocalQueue _main = null!;
    private LocalQueue _dlq = null!;

    private string DatabasePath => Path.Combine(_directory.Path, LocalQueueStore.FileName);

    private string LogDirectory => Path.Combine(_directory.Path, LocalQueueStore.BodyDirectoryName);

    [SetUp]
    public void Open()
    {
        _directory = new TempDirectory();
        _time = new ManualTimeProvider();
    }

    [TearDown]
    public void Close()
    {
        _store?.Dispose();
        _directory.Dispose();
    }

    /// <param name="segmentBytes">Small: every send of more than a few bytes starts a segment of its own.</param>
    private void OpenStore(long segmentBytes = LocalQueueStore.BodySegmentBytes)
    {
        _store = new LocalQueueStore(_directory.Path, _time, segmentBytes);
        _main = _store.Queue("main", new LocalQueueOptions { VisibilityTimeout = Visibility, MaxReceiveCount = 3, DeadLetterQueue = "dlq" });
        _dlq = _store.Queue("dlq", new LocalQueueOptions { VisibilityTimeout = Visibility });
    }

    private string[] Segments() => [.. Directory.GetFiles(LogDirectory, "*.log").Order(StringComparer.Ordinal)];

    private Task<IReadOnlyList<QueueMessage>> ReceiveNowAsync(LocalQueue queue) =>
        queue.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None);

    [Test]
    public async Task Send_WritesTheBodyOnceToTheLog_AsItsUtf8Bytes_AndReceiveHandsTheSameBytesOver()
    {
        OpenStore();
        var body = System.Text.Encoding.UTF8.GetBytes("{\"name\":\"Zoë 東京 +1 😀\"}");

        await _main.SendAsync([body], CancellationToken.None);
        var received = (await ReceiveNowAsync(_main)).Single();

        Assert.That(File.ReadAllBytes(Segments().Single()), Is.EqualTo(body));
        using var reader = new SqliteDatabase(DatabasePath, "SELECT 1;");
        Assert.That(reader.Read(s => s.Scalar("SELECT count(*) FROM queue_bodies;")), Is.EqualTo(0L), "no body in queues.db");
        Assert.That(received.Utf8Body.ToArray(), Is.EqualTo(body));
        Assert.That(received.Body, Is.EqualTo("{\"name\":\"Zoë 東京 +1 😀\"}"));
    }

    [Test]
    public async Task Delete_OfTheLastMessageInASegment_DeletesItsFile_WhileAMessageLeftKeepsIt()
    {
        OpenStore(segmentBytes: 8);
        await _main.SendAsync(["aaaa", "bbbb"], CancellationToken.None);
        await _main.SendAsync(["cccc"], CancellationToken.None);
        var received = (await ReceiveNowAsync(_main)).ToDictionary(m => m.Body, m => m.ReceiptHandle);
        Assert.That(Segments(), Has.Length.EqualTo(2));

        await _main.DeleteAsync([received["aaaa"]], CancellationToken.None);
        var afterFirst = Segments().Length;
        await _main.DeleteAsync([received["bbbb"]], CancellationToken.None);
        var afterSecond = Segments().Length;
        await _main.DeleteAsync([received["cccc"]], CancellationToken.None);

        Assert.That((afterFirst, afterSecond, Segments().Length), Is.EqualTo((2, 1, 0)));
        await _main.SendAsync(["dddd"], CancellationToken.None);
        Assert.That((await ReceiveNowAsync(_main)).Single().Body, Is.EqualTo("dddd"));
    }

    [Test]
    public async Task DeleteAndReceive_ThatEmptiesASegment_DeletesItsFile()
    {
        OpenStore(segmentBytes: 8);
        await _main.SendAsync(["aaaaa"], CancellationToken.None);
        await _main.SendAsync(["bbbbb"], CancellationToken.None);
        var first = (await _main.ReceiveAsync(1, TimeSpan.Zero, CancellationToken.None)).Single();

        var next = await _main.DeleteAndReceiveAsync([first.ReceiptHandle], 10, TimeSpan.Zero, CancellationToken.None);

        Assert.That(next.Single().Body, Is.EqualTo("bbbbb"));
        Assert.That(Segments(), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Purge_DeletesTheSegmentsOnlyItsMessagesPointedInto()
    {
        OpenStore(segmentBytes: 8);
        await _main.SendAsync(["main-one", "main-two"], CancellationToken.None);
        await _dlq.SendAsync(["dead"], CancellationToken.None);

        await _main.PurgeAsync(CancellationToken.None);

        Assert.That(Segments(), Has.Length.EqualTo(1));
        Assert.That((await ReceiveNowAsync(_dlq)).Single().Body, Is.EqualTo("dead"));
    }

    [Test]
    public async Task ASegment_ThatADeadLetteredMessagePointsInto_StaysUntilTheDeadLetterQueueDeletesIt()
    {
        OpenStore(segmentBytes: 8);
        await _main.SendAsync(["poison", "ok"], CancellationToken.None);
        var ok = (await ReceiveNowAsync(_main)).Single(m => m.Body == "ok");
        await _main.ChangeVisibilityAsync(ok.ReceiptHandle, TimeSpan.FromHours(1), CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            // Receives 2 and 3 hand "poison" over again; the fourth moves it to the dead-letter queue.
            _time.Advance(Visibility);
            await ReceiveNowAsync(_main);
        }

        // The last message of the main queue in that segment goes; the dead-lettered one still points there.
        await _main.DeleteAsync([ok.ReceiptHandle], CancellationToken.None);
        var whileDead = Segments().Length;
        var dead = (await ReceiveNowAsync(_dlq)).Single();
        await _dlq.DeleteAsync([dead.ReceiptHandle], CancellationToken.None);

        Assert.That((whileDead, dead.Body, Segments().Length), Is.EqualTo((1, "poison", 0)));
    }

    [Test]
    public async Task ManySends_AtOnce_AcrossSegments_EachReceiveGetsItsOwnBody()
    {
        OpenStore(segmentBytes: 200);
        var sends = Enumerable.Range(0, 40).Select(i => _main.SendAsync([$"body-{i}-a", $"body-{i}-b"], CancellationToken.None));
        await Task.WhenAll(sends);

        var bodies = new List<string>();
        for (var round = 0; round < 20; round++)
        {
            var batch = await ReceiveNowAsync(_main);
            bodies.AddRange(batch.Select(m => m.Body));
            await _main.DeleteAsync([.. batch.Select(m => m.ReceiptHandle)], CancellationToken.None);
        }

        Assert.That(bodies, Is.EquivalentTo(Enumerable.Range(0, 40).SelectMany(i => new[] { $"body-{i}-a", $"body-{i}-b" })));
        Assert.That(Segments(), Is.Empty, "every segment reclaimed once its messages were deleted");
    }

    [Test]
    public async Task Reopen_AfterAKilledSend_KeepsEveryCommittedBody_DeletesTheOrphans_AndAppendsToANewSegment()
    {
        OpenStore();
        await _main.SendAsync(["first", "second"], CancellationToken.None);
        _store!.Dispose();
        _store = null;
        var segment = Segments().Single();
        // A send killed after its append and before its commit: bodies no row points to, the last
        // torn; and one killed in the first append to a segment of its own.
        await File.AppendAllTextAsync(segment, "{\"batch\":\"never committed\"}{\"torn");
        var orphan = Path.Combine(LogDirectory, "000000000099.log");
        await File.WriteAllTextAsync(orphan, "{\"torn");

        OpenStore();
        await _main.SendAsync(["third"], CancellationToken.None);
        var received = await ReceiveNowAsync(_main);

        Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "first", "second", "third" }));
        Assert.That(File.Exists(orphan), Is.False, "a segment no message points to is deleted when the log opens");
        Assert.That(Segments(), Has.Length.EqualTo(2), "the torn segment is never appended to again");
        Assert.That(Path.GetFileName(Segments()[1]), Is.EqualTo("000000000100.log"), "never an id whose file was there");
        await _main.DeleteAsync([.. received.Select(m => m.ReceiptHandle)], CancellationToken.None);
        Assert.That(Segments(), Is.Empty);
    }

    [Test]
    public async Task Reopen_WithMessagesInFlight_ReadsTheirBodiesFromTheSegmentsOfTheRunBefore()
    {
        OpenStore(segmentBytes: 8);
        await _main.SendAsync(["aaaa"], CancellationToken.None);
        await _main.SendAsync(["bbbb"], CancellationToken.None);
        var inFlight = await ReceiveNowAsync(_main);
        _store!.Dispose();

        OpenStore(segmentBytes: 8);
        _time.Advance(Visibility);
        var again = await ReceiveNowAsync(_main);

        Assert.That(again.Select(m => (m.Body, m.ReceiveCount)), Is.EqualTo(new[] { ("aaaa", 2), ("bbbb", 2) }));
        Assert.That(await _main.DeleteAsync([.. inFlight.Select(m => m.ReceiptHandle)], CancellationToken.None), Is.Zero, "the handles of the run before are stale");
        Assert.That(await _main.DeleteAsync([.. again.Select(m => m.ReceiptHandle)], CancellationToken.None), Is.EqualTo(2));
        Assert.That(Segments(), Is.Empty);
    }

    [Test]
    public async Task ADatabaseWithBodiesInline_StaysReadable_ItsHandlesValid_AndNewSendsGoToTheLog()
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using (var old = new SqliteDatabase(DatabasePath, """
            CREATE TABLE queue_messages(
                seq INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, message_id TEXT NOT NULL, sent_at INTEGER NOT NULL,
                visible_at INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0, first_received_at INTEGER, receipt TEXT);
            CREATE INDEX queue_messages_visible ON queue_messages(queue, visible_at, seq);
            CREATE TABLE queue_bodies(seq INTEGER PRIMARY KEY, body TEXT NOT NULL);
            """))
        {
            // One body as the version before last stored it (TEXT), one as the last did (a BLOB),
            // and one received (in flight, with its handle) before the upgrade.
            old.Write(s => s.Execute("INSERT INTO queue_messages(queue, message_id, sent_at, visible_at) VALUES('main', 'a', $1, $1);", now));
            old.Write(s => s.Execute("INSERT INTO queue_bodies(seq, body) VALUES(1, $1);", "Zoë 東京 😀"));
            old.Write(s => s.Execute("INSERT INTO queue_messages(queue, message_id, sent_at, visible_at) VALUES('main', 'b', $1, $1);", now));
            old.Write(s => s.Execute("INSERT INTO queue_bodies(seq, body) VALUES(2, $1);", System.Text.Encoding.UTF8.GetBytes("blob body")));
            old.Write(s => s.Execute("INSERT INTO queue_messages(queue, message_id, sent_at, visible_at, receive_count, first_received_at, receipt) VALUES('main', 'c', $1, $2, 1, $1, '3.old');", now, now + 30_000));
            old.Write(s => s.Execute("INSERT INTO queue_bodies(seq, body) VALUES(3, 'in flight');"));
        }

        OpenStore();
        await _main.SendAsync(["new"], CancellationToken.None);
        var received = await ReceiveNowAsync(_main);

        Assert.That(received.Select(m => m.Utf8Body.ToArray()), Is.EqualTo(new[] { "Zoë 東京 😀", "blob body", "new" }.Select(System.Text.Encoding.UTF8.GetBytes)));
        Assert.That(File.ReadAllText(Segments().Single()), Is.EqualTo("new"));
        Assert.That(await _main.DeleteAsync(["3.old", .. received.Select(m => m.ReceiptHandle)], CancellationToken.None), Is.EqualTo(4));
        using var reader = new SqliteDatabase(DatabasePath, "SELECT 1;");
        Assert.That(reader.Read(s => s.Scalar("SELECT count(*) FROM queue_bodies;")), Is.EqualTo(0L), "the inline bodies go with their messages");
        Assert.That(Segments(), Is.Empty);
    }
}
