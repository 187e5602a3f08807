using System.Buffers;
using System.Runtime.CompilerServices;

namespace Enrichment.Core.Input;

/// <summary>
/// The synchronous core of <see cref="CsvContactReader"/>: an RFC 4180 record parser over a pooled,
/// refillable character window. A record that runs past the end of the window is parsed again from
/// its start once more text is in (only records crossing a refill pay that), so the window holds at
/// most one record plus read-ahead, whatever the file size.
/// <para>
/// Kept hand-written after measuring Sep 0.18.0 against it (issue 13; tools/Enrichment.CsvBench,
/// figures in the README's "Benchmark"). Sep reads the same values from the benchmark lists and
/// handles BOM, CRLF, LF and lone CR, but differs where this parser's tests hold it: a quote inside
/// an unquoted field (<c>ab"c</c>) opens a quoted section in Sep and swallows the rest of the file
/// into one field, where this parser keeps it literally; an unclosed quote and characters after a
/// closing quote are read silently instead of failing with the line and column; and Sep has no
/// record-length limit, so one endless quoted field would grow its buffer without bound. Wrapping
/// Sep to add these back means scanning every field again, and parsing is about 1% of an
/// <c>enrich</c> run's CPU time, so even Sep's faster parse would not show in the pipeline.
/// </para>
/// </summary>
internal sealed partial class CsvParser : IDisposable
{
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("\"\r\n");

    private readonly int _maxRecordLength;
    private char[] _buffer;
    private char[] _scratch;
    private string?[] _fields = new string?[16];
    private int _start;
    private int _end;
    private bool _eof;
    private char _delimiter = ',';
    private SearchValues<char> _unquotedStops = SearchValues.Create(",\r\n");
    private (long Line, long Column)? _pendingQuote;

    public CsvParser(ContactReaderOptions options)
    {
        _maxRecordLength = Math.Max(16, options.MaxRecordLength);
        _buffer = ArrayPool<char>.Shared.Rent(Math.Clamp(options.BufferSize, 16, _maxRecordLength));
        _scratch = ArrayPool<char>.Shared.Rent(256);
    }

    internal enum Status
    {
        Ready,
        NeedMore,
        End,
    }

    /// <summary>1-based line of the next unread character.</summary>
    public long Line { get; private set; } = 1;

    /// <summary>Values of the last parsed record (only the first <c>fieldCount</c> are meaningful).</summary>
    public string?[] Fields => _fields;

    public long OverflowLine { get; private set; }

    public long OverflowColumn { get; private set; }

    public void SetDelimiter(char delimiter)
    {
        _delimiter = delimiter;
        _unquotedStops = SearchValues.Create(delimiter, '\r', '\n');
    }

    /// <summary>Reads more text into the window (compacting or growing it first).</summary>
    public async ValueTask FillAsync(TextReader reader, CancellationToken cancellationToken)
    {
        if (_eof)
        {
            throw new InvalidOperationException("The parser asked for more text after the end of the input.");
        }

        // The text before the window's start is about to slide out of it: count its bytes first.
        CountBytesToStart();
        if (!PooledWindow.TryMakeRoom(ref _buffer, ref _start, ref _end, _maxRecordLength))
        {
            throw TooLong();
        }

        _counted = _start;

        try
        {
            (_end, _eof) = await PooledWindow.FillAsync(_buffer, _end, reader.ReadAsync, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new InputFormatException(
                "the file is not valid UTF-8 text at or after this line; save it as \"CSV UTF-8\" and try again",
                Line);
        }
    }

    /// <summary>Skips empty lines; Ready when the window starts at a non-blank line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status SkipBlankLines()
    {
        while (_start < _end)
        {
            var c = _buffer[_start];
            if (c == '\n')
            {
                _start++;
            }
            else if (c == '\r')
            {
                if (_start + 1 == _end && !_eof)
                {
                    return Status.NeedMore;
                }

                _start += _start + 1 < _end && _buffer[_start + 1] == '\n' ? 2 : 1;
            }
            else
            {
                return Status.Ready;
            }

            Line++;
        }

        return _eof ? Status.End : Status.NeedMore;
    }

    /// <summary>
    /// Parses one record starting at the window's start (which must not be a blank line). Fields past
    /// <paramref name="fieldLimit"/> are counted, not kept; where the first of them starts is kept in
    /// <see cref="OverflowLine"/>/<see cref="OverflowColumn"/>.
    /// </summary>
    // Optimized from the first call: a cold Lambda parses one big file once, so tiering would
    // leave most of it to unoptimized code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Status TryParseRecord(int fieldLimit, out int fieldCount, out long recordLine)
    {
        var span = _buffer.AsSpan(_start, _end - _start);
        var line = Line;
        var lineStart = 0;
        var i = 0;
        var field = 0;
        fieldCount = 0;
        recordLine = Line;
        _pendingQuote = null;
        _json?.Begin(NextRow);

        while (true)
        {
            if (field == fieldLimit)
            {
                OverflowLine = line;
                OverflowColumn = i - lineStart + 1;
            }

            string value;
            if (i < span.Length && span[i] == '"')
            {
                var quoteLine = line;
                long quoteColumn = i - lineStart + 1;
                i++;
                var segmentStart = i;
                var scratchLength = -1;
                while (true)
                {
                    var k = span[i..].IndexOfAny(QuotedStops);
                    if (k < 0)
                    {
                        return NeedMoreInQuote(quoteLine, quoteColumn);
                    }

                    i += k;
                    var c = span[i];
                    if (c == '"')
                    {
                        if (i + 1 == span.Length && !_eof)
                        {
                            return NeedMoreInQuote(quoteLine, quoteColumn);
                        }

                        if (i + 1 < span.Length && span[i + 1] == '"')
                        {
                            // A doubled quote is one literal quote: keep the segment up to and including the first.
                            Append(ref scratchLength, span[segmentStart..(i + 1)]);
                            i += 2;
                            segmentStart = i;
                            continue;
                        }

                        if (scratchLength < 0)
                        {
                            value = Take(span[segmentStart..i]);
                        }
                        else
                        {
                            Append(ref scratchLength, span[segmentStart..i]);
                            value = Take(_scratch.AsSpan(0, scratchLength));
                        }

                        i++;
                        break;
                    }

                    // A line break inside quotes is part of the value; it only moves the line count on.
                    if (c == '\r')
                    {
                        if (i + 1 == span.Length && !_eof)
                        {
                            return NeedMoreInQuote(quoteLine, quoteColumn);
                        }

                        if (i + 1 < span.Length && span[i + 1] == '\n')
                        {
                            i++;
                        }
                    }

                    i++;
                    line++;
                    lineStart = i;
                }

                if (i == span.Length && !_eof)
                {
                    return Status.NeedMore;
                }

                if (i < span.Length && span[i] != _delimiter && span[i] is not ('\r' or '\n'))
                {
                    throw new InputFormatException(
                        $"unexpected character {Describe(span[i])} after the closing quote of a field; " +
                        "a quote inside a quoted field must be doubled (\"\")",
                        line,
                        i - lineStart + 1);
                }
            }
            else
            {
                var k = span[i..].IndexOfAny(_unquotedStops);
                if (k < 0)
                {
                    if (!_eof)
                    {
                        return Status.NeedMore;
                    }

                    k = span.Length - i;
                }

                // A quote inside an unquoted field (5" screen) is kept as a literal character.
                value = Take(span.Slice(i, k));
                i += k;
            }

            if (field < fieldLimit)
            {
                if (field == _fields.Length)
                {
                    Array.Resize(ref _fields, _fields.Length * 2);
                }

                _fields[field] = value;
            }

            field++;
            if (i < span.Length && span[i] == _delimiter)
            {
                i++;
                continue;
            }

            break;
        }

        if (i < span.Length)
        {
            if (span[i] == '\r')
            {
                if (i + 1 == span.Length && !_eof)
                {
                    return Status.NeedMore;
                }

                i += i + 1 < span.Length && span[i + 1] == '\n' ? 2 : 1;
            }
            else
            {
                i++;
            }

            line++;
        }

        _start += i;
        Line = line;
        fieldCount = field;
        return Status.Ready;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        ArrayPool<char>.Shared.Return(_scratch);
        _buffer = [];
        _scratch = [];
    }

    private Status NeedMoreInQuote(long quoteLine, long quoteColumn)
    {
        if (_eof)
        {
            throw new InputFormatException(
                "unclosed quote: the quoted field that starts here has no closing quote",
                quoteLine,
                quoteColumn);
        }

        _pendingQuote = (quoteLine, quoteColumn);
        return Status.NeedMore;
    }

    private void Append(ref int scratchLength, ReadOnlySpan<char> segment)
    {
        var length = Math.Max(scratchLength, 0);
        if (length + segment.Length > _scratch.Length)
        {
            var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_scratch.Length * 2, length + segment.Length));
            _scratch.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_scratch);
            _scratch = bigger;
        }

        segment.CopyTo(_scratch.AsSpan(length));
        scratchLength = length + segment.Length;
    }

    private InputFormatException TooLong() =>
        _pendingQuote is { } quote
            ? new InputFormatException(
                $"unclosed quote: the quoted field that starts here runs on for more than {_maxRecordLength} characters without a closing quote",
                quote.Line,
                quote.Column)
            : new InputFormatException(
                $"the record that starts here is longer than the limit of {_maxRecordLength} characters",
                Line,
                1);

    private static string Describe(char c) =>
        char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
