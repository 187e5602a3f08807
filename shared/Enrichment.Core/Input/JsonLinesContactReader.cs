using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams JSON Lines (NDJSON): one contact object per line, LF or CRLF, blank lines skipped. A bad
/// line is reported with its line number and the column (in bytes) of the JSON error within it.
/// </summary>
public sealed class JsonLinesContactReader : IContactReader
{
    private readonly Stream _stream;
    private readonly ContactReaderOptions _options;
    private readonly JsonColumnSet _columns;
    private int _started;

    public JsonLinesContactReader(Stream stream, ContactReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? ContactReaderOptions.Default;
        _columns = new JsonColumnSet(_options);
    }

    public IReadOnlyList<string> Columns => _columns.Columns;

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A contact reader reads its stream once.");
        }

        using var window = new ByteWindow(_stream, _options);
        await window.FillAsync(cancellationToken);
        long row = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var status = NextLine(window, _columns, out var values, out var line);
            if (status == LineStep.NeedMore)
            {
                await window.FillAsync(cancellationToken);
            }
            else if (status == LineStep.Record)
            {
                yield return new InputRecord(++row, line, values!);
            }
            else
            {
                yield break;
            }
        }
    }

    private enum LineStep
    {
        Record,
        NeedMore,
        End,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static LineStep NextLine(ByteWindow window, JsonColumnSet columns, out string?[]? values, out long line)
    {
        values = null;
        line = 0;
        while (true)
        {
            var data = window.Data;
            var end = data.IndexOf((byte)'\n');
            if (end < 0 && !window.Eof)
            {
                return LineStep.NeedMore;
            }

            if (end < 0 && data.IsEmpty)
            {
                return LineStep.End;
            }

            var text = end < 0 ? data : data[..end];
            var consumed = end < 0 ? data.Length : end + 1;
            text = text.TrimEnd("\r"u8);
            if (text.Trim(" \t"u8).IsEmpty)
            {
                window.Advance(consumed);
                continue;
            }

            line = window.Line;
            try
            {
                var reader = new Utf8JsonReader(text, isFinalBlock: true, state: default);
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new InputFormatException(
                        $"the line holds {JsonErrors.Describe(reader.TokenType)}, not an object; each line must be one JSON object",
                        line,
                        reader.TokenStartIndex + 1);
                }

                if (!columns.TryReadObject(ref reader, text, out values))
                {
                    throw new InputFormatException("the JSON object on this line is not complete", line, text.Length + 1);
                }

                // Reading past the object makes the reader reject anything else on the line.
                reader.Read();
            }
            catch (JsonException exception)
            {
                throw new InputFormatException(JsonErrors.Reason(exception), line, (exception.BytePositionInLine ?? 0) + 1);
            }
            catch (InvalidOperationException)
            {
                throw new InputFormatException("invalid UTF-8 text in a value", line, 1);
            }

            window.Advance(consumed);
            return LineStep.Record;
        }
    }
}
