namespace Enrichment.Core.Input;

/// <summary>
/// The parser's JSON mode, for the split (issue 13): each record's fields written as a batch row's
/// JSON (<see cref="RowJsonWriter"/>) instead of made strings. The parse, and so every refusal with
/// its line and column, is the same in both modes; only what is kept of a field differs.
/// </summary>
internal sealed partial class CsvParser
{
    private RowJsonWriter? _json;

    /// <summary>
    /// From now on, each record is written into <paramref name="json"/> as row <see cref="NextRow"/>,
    /// and <see cref="Fields"/> holds empty strings.
    /// </summary>
    public void WriteJsonTo(RowJsonWriter json) => _json = json;

    /// <summary>The row number the next record will have, for its JSON.</summary>
    public long NextRow { get; set; }

    /// <summary>A field's value: a string of it, or in JSON mode an empty string, the value written.</summary>
    private string Take(ReadOnlySpan<char> chars)
    {
        if (_json is null)
        {
            return chars.IsEmpty ? string.Empty : new string(chars);
        }

        _json.Value(chars);
        return string.Empty;
    }
}
