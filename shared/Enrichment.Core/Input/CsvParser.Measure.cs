namespace Enrichment.Core.Input;

/// <summary>
/// The parser's measuring mode, for the split's validation pass (issue 13): each field's JSON size
/// as a batch row's value instead of a string of it. The parse, and so every refusal with its line
/// and column, is the same in both modes; only what is kept of a field differs.
/// </summary>
internal sealed partial class CsvParser
{
    private RowSizer? _sizer;
    private int[] _fieldBytes = new int[16];
    private int _takenBytes;

    /// <summary>
    /// From now on, fields are measured (<see cref="FieldBytes"/>) and <see cref="Fields"/> holds empty strings.
    /// </summary>
    public void MeasureWith(RowSizer sizer) => _sizer = sizer;

    /// <summary>JSON sizes of the last parsed record's fields, in measuring mode.</summary>
    public int[] FieldBytes => _fieldBytes;

    /// <summary>A field's value: a string of it, or in measuring mode its size and an empty string.</summary>
    private string Take(ReadOnlySpan<char> chars)
    {
        if (_sizer is null)
        {
            return chars.IsEmpty ? string.Empty : new string(chars);
        }

        _takenBytes = _sizer.Measure(chars);
        return string.Empty;
    }

    private void KeepBytes(int field)
    {
        if (field == _fieldBytes.Length)
        {
            Array.Resize(ref _fieldBytes, _fieldBytes.Length * 2);
        }

        _fieldBytes[field] = _takenBytes;
    }
}
