using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Enrichment.Core.Services;

/// <summary>
/// Reads a job's parts, in batch order, and parses them on pool threads, a few parts ahead of the
/// caller, which takes them in the same order (<see cref="NextAsync"/>) and gives each back when
/// written (<see cref="Return"/>).
/// </summary>
/// <remarks>
/// Issue 13: after the workers, the aggregate was a serial tail (3.5 s of a 1,000,000-row job on
/// 2 cores) that parsed each part's JSON, then checked duplicates and wrote the CSV, on one thread.
/// The duplicate check must see rows in input order, so it stays on one thread; the parsing has no
/// order of its own and moves here. At most <c>ahead</c> parsed parts wait (plus the one being
/// parsed and the one being written), so memory stays a few parts whatever the job's size.
/// The parts ahead are parsed side by side, each on a pool thread, and handed over in batch order:
/// once the CSV rows were encoded where they are parsed, the parsing was the aggregate's critical
/// path (issue 13, perf on the 1,000,000-row job: ~1,990 samples against the writing thread's ~700).
/// </remarks>
internal sealed class ParsedParts : IAsyncDisposable
{
    private readonly Channel<Task<ParsedPart>> _ready;
    private readonly ConcurrentQueue<ParsedPart> _free = new();
    private readonly CancellationTokenSource _stop;
    private readonly Task _parsing;

    private ParsedParts(IAsyncEnumerable<(int Batch, PartBuffer? Part)> parts, int cells, int valueCells, int ahead, OutputRowRules? encodeCsv, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ahead);
        _ready = Channel.CreateBounded<Task<ParsedPart>>(new BoundedChannelOptions(ahead)
        {
            SingleReader = true,
            SingleWriter = true,
            // The parser resumes on a pool thread of its own, never inline on the writer's.
            AllowSynchronousContinuations = false,
        });
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _parsing = Task.Run(() => ParseAsync(parts, cells, valueCells, encodeCsv, _stop.Token), CancellationToken.None);
    }

    /// <summary>Starts parsing <paramref name="parts"/> (the caller's enumeration, which this takes over and disposes) into rows of <paramref name="cells"/> cells.</summary>
    public static ParsedParts Start(IAsyncEnumerable<(int Batch, PartBuffer? Part)> parts, int cells, int valueCells, int ahead, CancellationToken cancellationToken) =>
        new(parts, cells, valueCells, ahead, null, cancellationToken);

    /// <summary><see cref="Start"/>, each part's rows encoded as CSV lines with <paramref name="rules"/>' row-only halves (<see cref="ParsedPart.FillEncoded"/>).</summary>
    public static ParsedParts StartEncodingCsv(IAsyncEnumerable<(int Batch, PartBuffer? Part)> parts, int cells, int valueCells, int ahead, OutputRowRules rules, CancellationToken cancellationToken) =>
        new(parts, cells, valueCells, ahead, rules ?? throw new ArgumentNullException(nameof(rules)), cancellationToken);

    /// <summary>The next batch's rows, in batch order; null after the last. A part that could not be read or parsed throws here, as it would have read in line.</summary>
    public async ValueTask<ParsedPart?> NextAsync(CancellationToken cancellationToken)
    {
        while (await _ready.Reader.WaitToReadAsync(cancellationToken))
        {
            if (_ready.Reader.TryRead(out var parsing))
            {
                return await parsing;
            }
        }

        // The parser ended: its own failure, if it failed, is what the caller sees.
        await _parsing;
        return null;
    }

    /// <summary>Gives a written part's rows back for the parser to reuse.</summary>
    public void Return(ParsedPart part) => _free.Enqueue(part);

    /// <summary>Stops the parser (if the caller stopped early) and waits for it: no part is read after this.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _parsing;
        }
        catch (Exception)
        {
            // Seen by NextAsync, or moot: the caller is already leaving, with its own outcome.
        }

        // Parts still being parsed own their buffers until they end.
        while (_ready.Reader.TryRead(out var parsing))
        {
            try
            {
                await parsing;
            }
            catch (Exception)
            {
                // As above.
            }
        }

        _stop.Dispose();
    }

    private async Task ParseAsync(IAsyncEnumerable<(int Batch, PartBuffer? Part)> parts, int cells, int valueCells, OutputRowRules? encodeCsv, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (batch, part) in parts.WithCancellation(cancellationToken))
            {
                var parsed = _free.TryDequeue(out var reused) ? reused : new ParsedPart();
                Task<ParsedPart> parsing;
                if (part is null)
                {
                    parsed.MarkFailed(batch);
                    parsing = Task.FromResult(parsed);
                }
                else
                {
                    // Never cancelled before it runs: the parse disposes the part, whatever happens.
                    parsing = Task.Run(
                        () =>
                        {
                            using (part)
                            {
                                if (encodeCsv is null)
                                {
                                    parsed.Fill(batch, part, cells, valueCells);
                                }
                                else
                                {
                                    parsed.FillEncoded(batch, part, cells, valueCells, encodeCsv);
                                }
                            }

                            return parsed;
                        },
                        CancellationToken.None);
                }

                await _ready.Writer.WriteAsync(parsing, cancellationToken);
            }
        }
        finally
        {
            _ready.Writer.TryComplete();
        }
    }
}
