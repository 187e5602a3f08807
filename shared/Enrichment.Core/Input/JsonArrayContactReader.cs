using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams a JSON array of contact objects. Each element is read in a pooled, refillable window
/// (growing only for an element bigger than the window); an element cut by the window's end is read
/// again from its start after a refill, so the reader never holds more than one element plus read-ahead.
/// Error columns count bytes within the line (what the JSON reader reports).
/// </summary>
public sealed class JsonArrayContactReader(Stream stream, ContactReaderOptions? options = null)
    : JsonContactReader(stream, options)
{
    private protected override NextRecord Begin(ByteWindow window, JsonColumnSet columns) => new Parser(window, columns).Step;

    private enum Phase
    {
        BeforeArray,
        InArray,
        AfterArray,
    }

    private sealed class Parser(ByteWindow window, JsonColumnSet columns)
    {
        private JsonReaderState _state;
        private Phase _phase = Phase.BeforeArray;
        private bool _started;
        private long _elements;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public JsonStep Step(out string?[]? values, out long line)
        {
            values = null;
            line = 0;
            if (!_started)
            {
                // The first fill has not happened yet: nothing to look at.
                _started = true;
                return JsonStep.NeedMore;
            }

            try
            {
                while (true)
                {
                    var data = window.Data;
                    var reader = new Utf8JsonReader(data, window.Eof, _state);
                    switch (_phase)
                    {
                        case Phase.BeforeArray:
                            if (window.Eof && data.TrimStart(" \t\r\n"u8).IsEmpty)
                            {
                                throw new InputFormatException(
                                    "the file is empty: expected a JSON array of contact objects", window.Line, window.Column0 + 1);
                            }

                            if (!reader.Read())
                            {
                                return NeedMore();
                            }

                            if (reader.TokenType != JsonTokenType.StartArray)
                            {
                                var (l, c) = window.PositionOf(reader.TokenStartIndex);
                                throw new InputFormatException(
                                    $"the top level must be a JSON array of contact objects ([{{...}}, ...]), found {JsonErrors.Describe(reader.TokenType)}",
                                    l,
                                    c);
                            }

                            Commit(ref reader, Phase.InArray);
                            break;

                        case Phase.InArray:
                            if (!reader.Read())
                            {
                                return NeedMore();
                            }

                            if (reader.TokenType == JsonTokenType.EndArray)
                            {
                                Commit(ref reader, Phase.AfterArray);
                                break;
                            }

                            _elements++;
                            var elementStart = (int)reader.TokenStartIndex;
                            if (reader.TokenType != JsonTokenType.StartObject)
                            {
                                var (l, c) = window.PositionOf(elementStart);
                                throw new InputFormatException(
                                    $"item {_elements} of the array is {JsonErrors.Describe(reader.TokenType)}, not an object; each contact must be a JSON object",
                                    l,
                                    c);
                            }

                            if (!columns.TryReadObject(ref reader, data, out values))
                            {
                                _elements--;
                                return NeedMore();
                            }

                            line = window.PositionOf(elementStart).Line;
                            Commit(ref reader, Phase.InArray);
                            return JsonStep.Record;

                        default:
                            // Reading on after the array's end makes the reader reject trailing content.
                            if (reader.Read())
                            {
                                Commit(ref reader, Phase.AfterArray);
                                break;
                            }

                            if (!window.Eof)
                            {
                                Commit(ref reader, Phase.AfterArray);
                                return NeedMore();
                            }

                            return JsonStep.End;
                    }
                }
            }
            catch (JsonException exception)
            {
                throw new InputFormatException(
                    JsonErrors.Reason(exception),
                    (exception.LineNumber ?? 0) + 1,
                    (exception.BytePositionInLine ?? 0) + 1);
            }
            catch (InvalidOperationException)
            {
                throw new InputFormatException("invalid UTF-8 text in a value", window.Line, window.Column0 + 1);
            }
        }

        private JsonStep NeedMore() =>
            window.Eof
                ? throw new InputFormatException("the JSON text ends too early: the array is not closed", window.Line, window.Column0 + 1)
                : JsonStep.NeedMore;

        private void Commit(ref Utf8JsonReader reader, Phase next)
        {
            window.Advance((int)reader.BytesConsumed);
            _state = reader.CurrentState;
            _phase = next;
        }
    }
}
