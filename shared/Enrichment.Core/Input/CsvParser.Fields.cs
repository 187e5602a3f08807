using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Enrichment.Core.Input;

/// <summary>
/// The parser's fields mode, for the worker's read of its batch's byte range (issue 13,
/// <see cref="CsvRangeReader"/>): each record's values written as a part's fields
/// (<see cref="PartFields"/>: the value count, then each value's UTF-8 after its length) into one
/// reused buffer, instead of made strings. The parse is the same as in the other modes; only what is
/// kept of a field differs.
/// </summary>
internal sealed partial class CsvParser
{
    private ArrayBufferWriter<byte>? _partFields;
    private int _partColumns;
    private int _partValues;

    /// <summary>
    /// From now on, each record is written into <paramref name="fields"/> as a part's fields, padded
    /// to <paramref name="columns"/> values by <see cref="EndFields"/>; <see cref="Fields"/> holds empty strings.
    /// </summary>
    public void WriteFieldsTo(ArrayBufferWriter<byte> fields, int columns)
    {
        _partFields = fields;
        _partColumns = columns;
    }

    /// <summary>
    /// Ends the last parsed record's fields, its missing values null up to the columns (as a short
    /// record is padded); valid until the next record is parsed. A record with more values than the
    /// columns has none: the caller refuses it first.
    /// </summary>
    public ReadOnlySpan<byte> EndFields()
    {
        var fields = _partFields ?? throw new InvalidOperationException("The parser is not in fields mode.");
        if (_partValues > _partColumns)
        {
            throw new InvalidOperationException("A record with more values than the columns has no part fields.");
        }

        for (; _partValues < _partColumns; _partValues++)
        {
            fields.Advance(PartFields.WriteNull(fields.GetSpan(1)));
        }

        return fields.WrittenSpan;
    }

    /// <summary>Starts the record's fields again from nothing (a parse that needed more text restarts it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeginFields()
    {
        if (_partFields is { } fields)
        {
            // A padded record has as many values as the columns, so its count is known from the start.
            fields.ResetWrittenCount();
            fields.Advance(PartFields.WriteNumber(fields.GetSpan(PartFields.MaxNumberBytes), (ulong)_partColumns));
            _partValues = 0;
        }
    }

    private void TakeField(ArrayBufferWriter<byte> fields, ReadOnlySpan<char> chars)
    {
        _partValues++;

        // At most three bytes a UTF-16 unit; the length goes in front once the bytes are counted.
        var most = chars.Length * 3;
        var room = PartFields.LengthRoom(most);
        var destination = fields.GetSpan(room + most);

        // The text was decoded from valid UTF-8, so it holds no lone surrogate to replace; the
        // replacement is the JSON writer's, as PartFields.WriteField keeps it.
        Utf8.FromUtf16(chars, destination[room..], out _, out var written, replaceInvalidSequences: true);
        fields.Advance(PartFields.EndField(destination, room, written));
    }
}
