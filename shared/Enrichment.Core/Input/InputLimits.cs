namespace Enrichment.Core.Input;

/// <summary>
/// The shape a list may have, whoever sends it. Columns travel with every record and the column
/// names with the job (a DynamoDB item of at most 400 KB), so both are bounded, and each refusal
/// names the limit.
/// </summary>
public static class InputLimits
{
    public const int MaxColumns = 1_000;

    public const int MaxHeaderLength = 64 * 1024;

    public static string TooManyColumns(int count) =>
        $"the list has more than {MaxColumns:N0} columns ({count:N0} so far): at most {MaxColumns:N0} columns are accepted";

    public static string HeaderTooLong() =>
        $"the header (the column names together) is longer than {MaxHeaderLength / 1024} KiB, the limit";

    /// <summary>
    /// Refuses UTF-16 that the readers would take for UTF-8 (NUL-laden garbage): the first two bytes
    /// are a UTF-16 byte order mark, or a NUL beside an ASCII character. A UTF-16 CSV with a BOM is
    /// decoded by the CSV reader; every other UTF-16 list is refused with this message.
    /// </summary>
    public static string? Utf16Problem(ReadOnlySpan<byte> head, InputFormat format)
    {
        if (head.Length < 2)
        {
            return null;
        }

        var bom = (head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF);
        var bare = (head[0] == 0) != (head[1] == 0);
        if (bom && format == InputFormat.Csv)
        {
            return null;
        }

        return bom || bare
            ? $"the file is UTF-16 text{(bom ? string.Empty : " without a byte order mark")}: save it as UTF-8 and send it again"
            : null;
    }
}
