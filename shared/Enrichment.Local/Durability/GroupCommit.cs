namespace Enrichment.Local.Durability;

/// <summary>
/// Group commit for one file, as databases do it: a writer writes (without fsync), takes a ticket,
/// and awaits <see cref="WaitDurableAsync"/>; one fsync then covers every write whose ticket was
/// taken before it started, so writers that finish at the same moment share one fsync instead of
/// queueing for one each.
/// <para>
/// The ticket must be taken after the write returned: a sync covers a ticket only if the sync
/// started after the ticket was taken. A write is never reported durable before an fsync that
/// started after it: <see cref="WaitDurableAsync"/> completes only once such a sync has returned
/// (and throws that sync's error when it failed, to every writer it was to cover).
/// </para>
/// <para>
/// The first waiter finding no sync running runs one on its own thread; the others wait without
/// holding a thread. Nothing is held while the fsync runs, so the file's writers keep writing: the
/// fsync is out of every lock the writes take.
/// </para>
/// </summary>
public sealed class GroupCommit(Action sync)
{
    private readonly Lock _lock = new();

    /// <summary>Tickets taken so far: the last write that has returned.</summary>
    private long _written;

    /// <summary>The highest ticket a completed sync covers.</summary>
    private long _durable;

    /// <summary>The sync running now (null when none), completed when it returns.</summary>
    private TaskCompletionSource? _running;

    private long _syncs;

    /// <summary>Fsyncs run so far (each covers every write before it).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Whether some write has not been covered by a sync yet.</summary>
    public bool Pending
    {
        get
        {
            lock (_lock)
            {
                return _durable < _written;
            }
        }
    }

    /// <summary>Marks a write as made (call after it returned); answers its ticket.</summary>
    public long Written()
    {
        lock (_lock)
        {
            return ++_written;
        }
    }

    /// <summary>The ticket of the last write made so far (to make everything so far durable).</summary>
    public long Last
    {
        get
        {
            lock (_lock)
            {
                return _written;
            }
        }
    }

    /// <summary>
    /// Completes once a sync that started after the write of <paramref name="ticket"/> has returned;
    /// runs that sync itself when none is running. Not cancellable: a write must not be left
    /// half-reported.
    /// </summary>
    public async Task WaitDurableAsync(long ticket)
    {
        // Bounded: each pass either returns, or waits for a running sync that ends, after which this
        // ticket is covered or this caller runs the next sync itself (no running sync is started
        // before the ticket's write, once the running one ended).
        for (var pass = 0; pass < 3; pass++)
        {
            Task? running = null;
            TaskCompletionSource? mine = null;
            long target;
            lock (_lock)
            {
                if (_durable >= ticket)
                {
                    return;
                }

                // Everything written up to now: a sync started here starts after all of it returned.
                target = _written;
                if (_running is { } other)
                {
                    running = other.Task;
                }
                else
                {
                    mine = _running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            if (mine is null)
            {
                // Started before or after this write: look again when it ends.
                await running!;
                continue;
            }

            // On a pool thread: the writer's own thread goes on (its next batch) while the disk works.
            await Task.Run(() => RunSync(target, mine));
            return;
        }

        throw new InvalidOperationException("a write waited on three syncs without being covered");
    }

    private void RunSync(long target, TaskCompletionSource completion)
    {
        try
        {
            sync();
        }
        catch (Exception error)
        {
            lock (_lock)
            {
                _running = null;
            }

            // Every writer this sync was to cover is told it failed, as if its own fsync had.
            completion.SetException(error);
            throw;
        }

        Interlocked.Increment(ref _syncs);
        lock (_lock)
        {
            _durable = Math.Max(_durable, target);
            _running = null;
        }

        completion.SetResult();
    }
}
