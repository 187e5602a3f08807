using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// What the JSON readers share: one pass over a refillable byte window, asking the format for one
/// record at a time and refilling when it needs more. A format supplies only how a record is found.
/// </summary>
public abstract class JsonContactReader : IContactReader
{
    private readonly Stream _stream;
    private readonly ContactReaderOptions _options;
    private readonly JsonColumnSet _columns;
    private int _started;

    private protected JsonContactReader(Stream stream, ContactReaderOptions? options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? ContactReaderOptions.Default;
        _columns = new JsonColumnSet(_options);
    }

    private protected delegate JsonStep NextRecord(out string?[]? values, out long line);

    private protected enum JsonStep
    {
        NeedMore,
        Record,
        End,
    }

    public IReadOnlyList<string> Columns => _columns.Columns;

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A contact reader reads its stream once.");
        }

        using var window = new ByteWindow(_stream, _options);
        var next = Begin(window, _columns);
        long row = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (next(out var values, out var line))
            {
                case JsonStep.NeedMore:
                    await window.FillAsync(cancellationToken);
                    break;
                case JsonStep.Record:
                    yield return new InputRecord(++row, line, values!);
                    break;
                default:
                    yield break;
            }
        }
    }

    /// <summary>The format's record finder over this read's window (a fresh one per read).</summary>
    private protected abstract NextRecord Begin(ByteWindow window, JsonColumnSet columns);
}
