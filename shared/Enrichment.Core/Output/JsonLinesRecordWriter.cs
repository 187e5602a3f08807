using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enrichment.Core.Output;

/// <summary>
/// JSON Lines: one object per row and line (LF), keys are the column names (duplicates made unique
/// by <see cref="UniqueColumnNames"/>), every value a string or null, UTF-8 without BOM. Non-ASCII
/// text is written as is, not \u-escaped; a lone surrogate becomes U+FFFD.
/// </summary>
public sealed class JsonLinesRecordWriter : IRecordWriter
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

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly int _flushThreshold;
    private readonly ArrayBufferWriter<byte> _pending;
    private readonly Utf8JsonWriter _json;
    private JsonEncodedText[] _keys = [];
    private bool _disposed;

    public JsonLinesRecordWriter(Stream stream, bool leaveOpen = false, int flushThreshold = DefaultFlushThreshold)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushThreshold, 1024);
        _stream = stream;
        _leaveOpen = leaveOpen;
        _flushThreshold = flushThreshold;
        _pending = new ArrayBufferWriter<byte>(flushThreshold * 2);
        _json = new Utf8JsonWriter(_pending, Options);
    }

    public ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var unique = UniqueColumnNames.Make(columns);
        _keys = new JsonEncodedText[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            _keys[i] = JsonEncodedText.Encode(Sanitize(unique[i]), Options.Encoder);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
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

        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _pending.GetSpan(1)[0] = (byte)'\n';
        _pending.Advance(1);

        return _pending.WrittenCount >= _flushThreshold ? new ValueTask(DrainAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            // Only what is still buffered: the owner may have completed the stream (an upload) after
            // its last FlushAsync, and a flush of a finished stream can throw.
            if (_pending.WrittenCount > 0)
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _disposed = true;
            await _json.DisposeAsync().ConfigureAwait(false);
            if (!_leaveOpen)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

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

        await _stream.WriteAsync(_pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        _pending.ResetWrittenCount();
    }
}
