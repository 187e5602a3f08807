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

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly int flushThreshold;
    private readonly ArrayBufferWriter<byte> pending;
    private readonly Utf8JsonWriter json;
    private JsonEncodedText[] keys = [];
    private bool disposed;

    public JsonLinesRecordWriter(Stream stream, bool leaveOpen = false, int flushThreshold = DefaultFlushThreshold)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(flushThreshold, 1024);
        this.stream = stream;
        this.leaveOpen = leaveOpen;
        this.flushThreshold = flushThreshold;
        pending = new ArrayBufferWriter<byte>(flushThreshold * 2);
        json = new Utf8JsonWriter(pending, Options);
    }

    public ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var unique = UniqueColumnNames.Make(columns);
        keys = new JsonEncodedText[unique.Count];
        for (var i = 0; i < unique.Count; i++)
        {
            keys[i] = JsonEncodedText.Encode(Sanitize(unique[i]), Options.Encoder);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (values.Count > keys.Length)
        {
            throw new ArgumentException($"The row has {values.Count} values for {keys.Length} columns.", nameof(values));
        }

        json.WriteStartObject();
        for (var i = 0; i < keys.Length; i++)
        {
            var value = i < values.Count ? values[i] : null;
            if (value is null)
            {
                json.WriteNull(keys[i]);
            }
            else
            {
                json.WriteString(keys[i], Sanitize(value));
            }
        }

        json.WriteEndObject();
        json.Flush();
        json.Reset();
        pending.GetSpan(1)[0] = (byte)'\n';
        pending.Advance(1);

        return pending.WrittenCount >= flushThreshold ? new ValueTask(DrainAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        await DrainAsync(cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        try
        {
            // Only what is still buffered: the owner may have completed the stream (an upload) after
            // its last FlushAsync, and a flush of a finished stream can throw.
            if (pending.WrittenCount > 0)
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            disposed = true;
            await json.DisposeAsync().ConfigureAwait(false);
            if (!leaveOpen)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
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
        if (pending.WrittenCount == 0)
        {
            return;
        }

        await stream.WriteAsync(pending.WrittenMemory, cancellationToken).ConfigureAwait(false);
        pending.ResetWrittenCount();
    }
}
