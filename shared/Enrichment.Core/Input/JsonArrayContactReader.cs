using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams a JSON array of contact objects. Each element is read in a pooled, refillable window
/// (growing only for an element bigger than the window); an element cut by the window's end is read
/// again from its start after a refill, so the reader never holds more than one element plus read-ahead.
/// Error columns count bytes within the line (what the JSON reader reports).
/// </summary>
public sealed class JsonArrayContactReader : IContactReader
{
    private readonly Stream _stream;
    private readonly ContactReaderOptions _options;
    private readonly JsonColumnSet _columns;
    private int _started;

    public JsonArrayContactReader(Stream stream, ContactReaderOptions? options = null)
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
        var parser = new Parser(window, _columns);
        long row = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (parser.Step(out var values, out var line))
            {
                case Step.NeedMore:
                    await window.FillAsync(cancellationToken);
                    break;
                case Step.Record:
                    yield return new InputRecord(++row, line, values!);
                    break;
                default:
                    yield break;
            }
        }
    }

    private enum Step
    {
        NeedMore,
        Record,
        Done,
    }

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
        public Step Step(out string?[]? values, out long line)
        {
            values = null;
            line = 0;
            if (!_started)
            {
                // The first fill has not happened yet: nothing to look at.
                _started = true;
                return JsonArrayContactReader.Step.NeedMore;
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
                            return JsonArrayContactReader.Step.Record;

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

                            return JsonArrayContactReader.Step.Done;
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

        private JsonArrayContactReader.Step NeedMore() =>
            window.Eof
                ? throw new InputFormatException("the JSON text ends too early: the array is not closed", window.Line, window.Column0 + 1)
                : JsonArrayContactReader.Step.NeedMore;

        private void Commit(ref Utf8JsonReader reader, Phase next)
        {
            window.Advance((int)reader.BytesConsumed);
            _state = reader.CurrentState;
            _phase = next;
        }
    }
}
