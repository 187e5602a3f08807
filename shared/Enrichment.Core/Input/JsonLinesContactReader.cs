using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams JSON Lines (NDJSON): one contact object per line, LF or CRLF, blank lines skipped. A bad
/// line is reported with its line number and the column (in bytes) of the JSON error within it.
/// </summary>
public sealed class JsonLinesContactReader(Stream stream, ContactReaderOptions? options = null)
    : JsonContactReader(stream, options)
{
    private protected override NextRecord Begin(ByteWindow window, JsonColumnSet columns) =>
        (out string?[]? values, out long line) => NextLine(window, columns, out values, out line);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static JsonStep NextLine(ByteWindow window, JsonColumnSet columns, out string?[]? values, out long line)
    {
        values = null;
        line = 0;
        while (true)
        {
            var data = window.Data;
            var end = data.IndexOf((byte)'\n');
            if (end < 0 && !window.Eof)
            {
                return JsonStep.NeedMore;
            }

            if (end < 0 && data.IsEmpty)
            {
                return JsonStep.End;
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
            return JsonStep.Record;
        }
    }
}
