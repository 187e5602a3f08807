using System.Buffers;
using System.Text.Encodings.Web;

namespace Enrichment.Core.Output;

/// <summary>
/// JSON Lines: one object per row and line (LF), keys are the column names (duplicates made unique
/// by <see cref="UniqueColumnNames"/>), every value a string or null, UTF-8 without BOM. Non-ASCII
/// text is written as is, not \u-escaped; a lone surrogate becomes U+FFFD.
/// </summary>
/// <remarks>
/// It takes UTF-8 cells too (<see cref="IUtf8RecordWriter"/>), so the aggregate writes JSON Lines as it
/// writes CSV: each part parsed on a thread of its own, no string per value. Issue 13: with strings,
/// a 1,000,000-row job's aggregate took 2,594 perf samples against CSV's ~770, much of them making
/// the strings (RepeatedStrings) and encoding them back to UTF-8; from cells 1,758 (its writing thread
/// 2,553 -> 1,265), and the job allocated 2,664 -> 2,278 MB (load ~8-10, output byte-identical).
/// </remarks>
public sealed class JsonLinesRecordWriter : StreamRecordWriter, IUtf8RecordWriter
{
    private const int DefaultFlushThreshold = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        // The output is a data file, never embedded in HTML: no need to escape <, >, & or non-ASCII.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,

        // Every row is one flat object written by this class; re-checking its structure is wasted time.
        SkipValidation = true,
    };

    private readonly int _flushThreshold;
    private readonly ArrayBufferWriter<byte> _pending;
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _keys = [];

    public JsonLinesRecordWriter(Stream stream, bool leaveOpen = false, int flushThreshold = DefaultFlushThreshold)
        : base(stream, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushThreshold, 1024);
        _flushThreshold = flushThreshold;
        _pending = new ArrayBufferWriter<byte>(flushThreshold * 2);
        _json = new Utf8JsonWriter(_pending, Options);
    }

    public override ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        var unique = UniqueColumnNames.Make(columns);
        _keys = new JsonEncodedText[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            _keys[i] = JsonEncodedText.Encode(Sanitize(unique[i]), Options.Encoder);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (values.Count > _keys.Length)
        {
            throw new ArgumentException($"The row has {values.Count} values for {_keys.Length} columns.", nameof(values));
        }

        _json.WriteStartObject();
        for (var i = 0; i < _keys.Length; i++)
        {
            var value = i < values.Count ? values[i] : null;
            if (value is null)
            {
                _json.WriteNull(_keys[i]);
            }
            else
            {
                _json.WriteString(_keys[i], Sanitize(value));
            }
        }

        return EndRow(cancellationToken);
    }

    /// <summary>
    /// The row from UTF-8 cells: the same bytes as the strings' row (the writer escapes UTF-8 and
    /// UTF-16 alike, and valid UTF-8 holds no lone surrogate to replace); the cells must be valid UTF-8.
    /// </summary>
    public ValueTask WriteRowAsync(Utf8Row row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (row.Count > _keys.Length)
        {
            throw new ArgumentException($"The row has {row.Count} values for {_keys.Length} columns.", nameof(row));
        }

        _json.WriteStartObject();
        for (var i = 0; i < _keys.Length; i++)
        {
            if (i >= row.Count || row.IsNull(i))
            {
                _json.WriteNull(_keys[i]);
            }
            else
            {
                _json.WriteString(_keys[i], row[i]);
            }
        }

        return EndRow(cancellationToken);
    }

    protected override bool HasPending => _pending.WrittenCount > 0;

    protected override ValueTask WritePendingAsync(CancellationToken cancellationToken) => new(DrainAsync(cancellationToken));

    protected override ValueTask ReleaseAsync() => _json.DisposeAsync();

    /// <summary>Utf8JsonWriter rejects invalid UTF-16; replace lone surrogates (rare: only then allocate).</summary>
    private static string Sanitize(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return value;
        }

        var chars = value.ToCharArray();
        var changed = false;
        for (var i = first; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
                changed = true;
            }
        }

        return changed ? new string(chars) : value;
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pending.WrittenCount == 0)
        {
            return;
        }

        await Stream.WriteAsync(_pending.WrittenMemory, cancellationToken);
        _pending.ResetWrittenCount();
    }

    private ValueTask EndRow(CancellationToken cancellationToken)
    {
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _pending.GetSpan(1)[0] = (byte)'\n';
        _pending.Advance(1);

        return _pending.WrittenCount >= _flushThreshold ? new ValueTask(DrainAsync(cancellationToken)) : ValueTask.CompletedTask;
    }
}
