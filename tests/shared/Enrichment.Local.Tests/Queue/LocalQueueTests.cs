using Enrichment.Local.Queue;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.Queue;

public sealed class LocalQueueTests
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(30);
    private TempDirectory _directory = null!;
    private ManualTimeProvider _time = null!;
    private LocalQueueStore _store = null!;
    private LocalQueue _main = null!;
    private LocalQueue _dlq = null!;

    [SetUp]
    public void Open()
    {
        _directory = new TempDirectory();
        _time = new ManualTimeProvider();
        OpenStore();
    }

    [TearDown]
    public void Close()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    private void OpenStore()
    {
        _store = new LocalQueueStore(_directory.Path, _time);
        _main = _store.Queue("main", new LocalQueueOptions { VisibilityTimeout = Visibility, MaxReceiveCount = 3, DeadLetterQueue = "dlq" });
        _dlq = _store.Queue("dlq", new LocalQueueOptions { VisibilityTimeout = Visibility });
    }

    private Task<IReadOnlyList<QueueMessage>> ReceiveNowAsync(LocalQueue queue, int max = 10) =>
        queue.ReceiveAsync(max, TimeSpan.Zero, CancellationToken.None);

    [Test]
    public async Task Receive_ReturnsSentMessageWithIdCountAndArn()
    {
        var ids = await _main.SendAsync(["hello"], CancellationToken.None);

        var message = (await ReceiveNowAsync(_main)).Single();

        Assert.That(message.MessageId, Is.EqualTo(ids[0]));
        Assert.That(message.Body, Is.EqualTo("hello"));
        Assert.That(message.ReceiveCount, Is.EqualTo(1));
        Assert.That(message.SourceArn, Does.EndWith(":main"));
        Assert.That(message.SentAt, Is.EqualTo(_time.GetUtcNow()));
    }

    [Test]
    public async Task Receive_AtMostTheRequestedCount_InSendOrder()
    {
        await _main.SendAsync(Enumerable.Range(0, 15).Select(i => "m" + i).ToList(), CancellationToken.None);

        var first = await ReceiveNowAsync(_main, 10);
        var second = await ReceiveNowAsync(_main, 10);

        Assert.That(first.Select(m => m.Body), Is.EqualTo(Enumerable.Range(0, 10).Select(i => "m" + i)));
        Assert.That(second, Has.Count.EqualTo(5));
    }

    [Test]
    public void Receive_MoreThanTen_IsRefused() =>
        Assert.That(async () => await _main.ReceiveAsync(11, TimeSpan.Zero, CancellationToken.None), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public async Task ReceivedMessage_IsInvisibleUntilTheVisibilityTimeoutEnds()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var first = (await ReceiveNowAsync(_main)).Single();

        Assert.That(await ReceiveNowAsync(_main), Is.Empty);
        _time.Advance(Visibility - TimeSpan.FromSeconds(1));
        Assert.That(await ReceiveNowAsync(_main), Is.Empty);

        _time.Advance(TimeSpan.FromSeconds(1));
        var again = (await ReceiveNowAsync(_main)).Single();

        Assert.That(again.MessageId, Is.EqualTo(first.MessageId));
        Assert.That(again.ReceiveCount, Is.EqualTo(2));
        Assert.That(again.ReceiptHandle, Is.Not.EqualTo(first.ReceiptHandle));
        Assert.That(again.FirstReceivedAt, Is.EqualTo(first.FirstReceivedAt));
    }

    [Test]
    public async Task Delete_RemovesTheMessageForGood()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var message = (await ReceiveNowAsync(_main)).Single();

        Assert.That(await _main.DeleteAsync([message.ReceiptHandle], CancellationToken.None), Is.EqualTo(1));
        _time.Advance(Visibility * 2);

        Assert.That(await ReceiveNowAsync(_main), Is.Empty);
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Delete_WithStaleReceiptHandle_DoesNothing()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var stale = (await ReceiveNowAsync(_main)).Single();
        _time.Advance(Visibility);
        var current = (await ReceiveNowAsync(_main)).Single();

        Assert.That(await _main.DeleteAsync([stale.ReceiptHandle], CancellationToken.None), Is.Zero);
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 1L)));
        Assert.That(await _main.DeleteAsync([current.ReceiptHandle], CancellationToken.None), Is.EqualTo(1));
    }

    [TestCase("")]
    [TestCase("garbage")]
    [TestCase("12.unknown")]
    public async Task Delete_WithUnknownHandle_DoesNothing(string handle)
    {
        await _main.SendAsync(["a"], CancellationToken.None);

        Assert.That(await _main.DeleteAsync([handle], CancellationToken.None), Is.Zero);
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((1L, 0L)));
    }

    [Test]
    public async Task DeleteAndReceive_DeletesTheHandledMessages_AndReceivesTheNext()
    {
        await _main.SendAsync(["first", "second", "third"], CancellationToken.None);
        var handled = (await ReceiveNowAsync(_main, 1)).Single();

        var next = await _main.DeleteAndReceiveAsync([handled.ReceiptHandle], 10, TimeSpan.Zero, CancellationToken.None);

        Assert.That(next.Select(m => m.Body), Is.EqualTo(new[] { "second", "third" }));
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 2L)), "the handled one is gone, the two received are in flight");
    }

    [Test]
    public async Task DeleteAndReceive_Cancelled_StillDeletes_ButReceivesNothing()
    {
        await _main.SendAsync(["first", "second"], CancellationToken.None);
        var handled = (await ReceiveNowAsync(_main, 1)).Single();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await _main.DeleteAndReceiveAsync([handled.ReceiptHandle], 10, TimeSpan.Zero, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((1L, 0L)), "the handled one is gone, the other still waits");
    }

    [Test]
    public async Task ChangeVisibility_ToZero_MakesTheMessageReceivableAtOnce()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var message = (await ReceiveNowAsync(_main)).Single();

        Assert.That(await _main.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.Zero, CancellationToken.None), Is.True);

        Assert.That((await ReceiveNowAsync(_main)).Single().ReceiveCount, Is.EqualTo(2));
    }

    [Test]
    public async Task ChangeVisibility_Extends_TheInvisibility()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var message = (await ReceiveNowAsync(_main)).Single();

        await _main.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.FromMinutes(5), CancellationToken.None);
        _time.Advance(Visibility);

        Assert.That(await ReceiveNowAsync(_main), Is.Empty);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(await ReceiveNowAsync(_main), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ChangeVisibility_WithStaleHandle_IsFalse()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        var stale = (await ReceiveNowAsync(_main)).Single();
        _time.Advance(Visibility);
        await ReceiveNowAsync(_main);

        Assert.That(await _main.ChangeVisibilityAsync(stale.ReceiptHandle, TimeSpan.Zero, CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Redrive_AfterMaxReceives_MovesTheMessageToTheDeadLetterQueue()
    {
        var id = (await _main.SendAsync(["poison"], CancellationToken.None))[0];
        for (var i = 1; i <= 3; i++)
        {
            var received = (await ReceiveNowAsync(_main)).Single();
            Assert.That(received.ReceiveCount, Is.EqualTo(i));
            _time.Advance(Visibility);
        }

        Assert.That(await ReceiveNowAsync(_main), Is.Empty, "a fourth receive must not deliver it");

        var dead = (await ReceiveNowAsync(_dlq)).Single();
        Assert.That(dead.MessageId, Is.EqualTo(id));
        Assert.That(dead.Body, Is.EqualTo("poison"));
        Assert.That(dead.SourceArn, Does.EndWith(":dlq"));
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public async Task Redrive_LeavesHealthyMessagesDeliverable()
    {
        await _main.SendAsync(["poison"], CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            await ReceiveNowAsync(_main);
            _time.Advance(Visibility);
        }

        await _main.SendAsync(["fresh"], CancellationToken.None);

        Assert.That((await ReceiveNowAsync(_main)).Select(m => m.Body), Is.EqualTo(new[] { "fresh" }));
        Assert.That((await ReceiveNowAsync(_dlq)).Select(m => m.Body), Is.EqualTo(new[] { "poison" }));
    }

    [Test]
    public async Task Messages_SurviveReopeningTheStore_AndInFlightOnesComeBack()
    {
        await _main.SendAsync(["first", "second"], CancellationToken.None);
        var inFlight = (await ReceiveNowAsync(_main, 1)).Single();
        // A crash: the store is dropped with a message received and never deleted.
        _store.Dispose();

        OpenStore();

        Assert.That((await ReceiveNowAsync(_main)).Select(m => m.Body), Is.EqualTo(new[] { "second" }));
        _time.Advance(Visibility);
        var redelivered = (await ReceiveNowAsync(_main, 1)).Single();
        Assert.That(redelivered.MessageId, Is.EqualTo(inFlight.MessageId));
        Assert.That(redelivered.ReceiveCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Messages_OfAFileFromTheVersionBefore_AreKept_AndTheirReceiptHandlesStayValid()
    {
        _store.Dispose();
        var file = Path.Combine(_directory.Path, LocalQueueStore.FileName);
        File.Delete(file);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        using (var old = new Enrichment.Local.Sqlite.SqliteDatabase(file, """
            CREATE TABLE messages(
                seq INTEGER PRIMARY KEY AUTOINCREMENT, queue TEXT NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL,
                sent_at INTEGER NOT NULL, visible_at INTEGER NOT NULL, receive_count INTEGER NOT NULL DEFAULT 0,
                first_received_at INTEGER, receipt TEXT);
            """))
        {
            // One message waiting, one received (in flight, with its handle) before the upgrade.
            old.Write(s => s.Execute("INSERT INTO messages(queue, message_id, body, sent_at, visible_at) VALUES('main', 'a', 'waiting', $1, $1);", now));
            old.Write(s => s.Execute("INSERT INTO messages(queue, message_id, body, sent_at, visible_at, receive_count, first_received_at, receipt) VALUES('main', 'b', 'in flight', $1, $2, 1, $1, '2.old');", now, now + 30_000));
        }

        OpenStore();

        var waiting = (await ReceiveNowAsync(_main)).Single();
        Assert.That((waiting.MessageId, waiting.Body, waiting.ReceiveCount), Is.EqualTo(("a", "waiting", 1)));
        Assert.That(await _main.DeleteAsync(["2.old"], CancellationToken.None), Is.EqualTo(1));
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 1L)));
        // Sequence numbers go on after the moved ones, so no handle is ever given out twice.
        await _main.SendAsync(["after"], CancellationToken.None);
        Assert.That((await ReceiveNowAsync(_main)).Single().ReceiptHandle, Does.StartWith("3."));
    }

    [Test]
    public async Task ReleaseBody_TwiceIsHarmless_AndTheNextReceivesGetTheirOwnBodies()
    {
        await _main.SendAsync([new string('a', 5_000)], CancellationToken.None);
        var first = (await ReceiveNowAsync(_main)).Single();
        first.ReleaseBody();
        first.ReleaseBody();

        await _main.SendAsync([new string('b', 4_000), new string('c', 5_000)], CancellationToken.None);
        var next = await ReceiveNowAsync(_main);

        Assert.That(next.Select(m => m.Body), Is.EqualTo(new[] { new string('b', 4_000), new string('c', 5_000) }));
    }

    [Test]
    public async Task LongPoll_WakesWhenAMessageIsSent()
    {
        var waiting = _main.ReceiveAsync(10, TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False);

        await _main.SendAsync(["late"], CancellationToken.None);

        var received = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received.Single().Body, Is.EqualTo("late"));
    }

    [Test]
    public async Task LongPoll_WakesWhenAnInFlightMessageBecomesVisible()
    {
        await _main.SendAsync(["a"], CancellationToken.None);
        await ReceiveNowAsync(_main);
        var waiting = _main.ReceiveAsync(10, TimeSpan.FromMinutes(5), CancellationToken.None);
        await WaitForTimerAsync();

        _time.Advance(Visibility);

        var received = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(received.Single().ReceiveCount, Is.EqualTo(2));
    }

    [Test]
    public async Task LongPoll_EndsEmptyAfterTheWaitTime()
    {
        var waiting = _main.ReceiveAsync(10, TimeSpan.FromSeconds(20), CancellationToken.None);
        await WaitForTimerAsync();

        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.Empty);
    }

    [Test]
    public async Task LongPoll_StopsOnCancellation()
    {
        using var cancel = new CancellationTokenSource();
        var waiting = _main.ReceiveAsync(10, TimeSpan.FromMinutes(1), cancel.Token);

        await cancel.CancelAsync();

        Assert.That(async () => await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task ConcurrentReceivers_NeverGetTheSameVisibleMessage()
    {
        const int count = 500;
        await _main.SendAsync(Enumerable.Range(0, count).Select(i => "m" + i).ToList(), CancellationToken.None);

        var receivers = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            var mine = new List<string>();
            for (var round = 0; round < count; round++)
            {
                var batch = await ReceiveNowAsync(_main);
                if (batch.Count == 0)
                {
                    break;
                }

                mine.AddRange(batch.Select(m => m.MessageId));
            }

            return mine;
        }));
        var all = (await Task.WhenAll(receivers)).SelectMany(ids => ids).ToList();

        Assert.That(all, Has.Count.EqualTo(count));
        Assert.That(all, Is.Unique);
    }

    [Test]
    public async Task Count_SeparatesVisibleFromInFlight()
    {
        await _main.SendAsync(["a", "b", "c"], CancellationToken.None);
        await ReceiveNowAsync(_main, 2);

        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((1L, 2L)));
    }

    [Test]
    public async Task DelayedSend_IsInvisibleUntilTheDelayPasses()
    {
        await _main.SendAsync(["later"], CancellationToken.None, TimeSpan.FromSeconds(10));

        Assert.That(await ReceiveNowAsync(_main), Is.Empty);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.That(await ReceiveNowAsync(_main), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ZeroVisibility_NeverReturnsAMessageTwiceInOneReceive()
    {
        await _main.SendAsync(["a", "b"], CancellationToken.None);

        var received = await _main.ReceiveAsync(10, TimeSpan.Zero, CancellationToken.None, TimeSpan.Zero);

        Assert.That(received.Select(m => m.Body), Is.EqualTo(new[] { "a", "b" }));
        Assert.That((await ReceiveNowAsync(_main)).Select(m => m.ReceiveCount), Is.EqualTo(new[] { 2, 2 }));
    }

    [Test]
    public async Task Send_OverTheSqsSizeLimit_IsRefusedAndSendsNothing()
    {
        var tooBig = new string('x', LocalQueue.MaxMessageBytes + 1);

        Assert.That(async () => await _main.SendAsync(["small", tooBig], CancellationToken.None), Throws.ArgumentException);
        Assert.That(await _main.CountAsync(CancellationToken.None), Is.EqualTo((0L, 0L)));
        Assert.That(await _main.SendAsync([new string('x', LocalQueue.MaxMessageBytes)], CancellationToken.None), Has.Count.EqualTo(1));
    }

    // The receiver is waiting once it has armed its delay timer.
    private Task WaitForTimerAsync() => _time.WaitForPendingTimersAsync(1, TimeSpan.FromSeconds(10));
}
