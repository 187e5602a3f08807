using ExcelNumberFormat;

namespace Enrichment.Core.Input;

/// <summary>
/// A spreadsheet cell as its user sees it: numbers and dates through the cell's number format
/// (ExcelNumberFormat implements Excel's format codes), so a date reads "03/15/2024" and 1234.5 in
/// "#,##0.00" reads "1,234.50". The General format is Excel's: whole numbers below 10^15 keep every
/// digit (a phone 4155550100 stays 4155550100, not 4.16E+09) and others show 15 significant digits,
/// which drops binary float noise (0.1+0.2 reads 0.3). Formats are parsed once per reader.
/// </summary>
internal sealed class CellText
{
    private const int MaxCachedFormats = 1024;

    private readonly Dictionary<string, NumberFormat?> _formats = new(StringComparer.Ordinal);

    /// <summary>The displayed text of a cell value read by ExcelDataReader, or null for an empty cell.</summary>
    public string? Of(object? value, string? formatCode) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "TRUE" : "FALSE",
        double number => Number(number, formatCode),
        DateTime or TimeSpan => Formatted(value, formatCode) ?? Convert.ToString(value, CultureInfo.InvariantCulture),
        IConvertible convertible => Number(convertible.ToDouble(CultureInfo.InvariantCulture), formatCode),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Excel's General format without float noise.</summary>
    public static string General(double number)
    {
        if (number == 0)
        {
            return "0";
        }

        if (double.IsFinite(number) && Math.Abs(number) < 1e15 && number == Math.Floor(number))
        {
            return number.ToString("0", CultureInfo.InvariantCulture);
        }

        return number.ToString("G15", CultureInfo.InvariantCulture);
    }

    private string Number(double number, string? formatCode) =>
        IsGeneral(formatCode) ? General(number) : Formatted(number, formatCode) ?? General(number);

    private string? Formatted(object value, string? formatCode)
    {
        if (formatCode is null || Parse(formatCode) is not { } format)
        {
            return null;
        }

        try
        {
            return format.Format(value, CultureInfo.InvariantCulture);
        }
#pragma warning disable CA1031 // A format the library cannot apply falls back to General, not to a failed list.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private NumberFormat? Parse(string formatCode)
    {
        if (_formats.TryGetValue(formatCode, out var cached))
        {
            return cached;
        }

        var format = new NumberFormat(formatCode);
        var usable = format.IsValid ? format : null;
        if (_formats.Count < MaxCachedFormats)
        {
            _formats[formatCode] = usable;
        }

        return usable;
    }

    // "@" is the Text format: a number typed into a Text cell is still shown as General.
    private static bool IsGeneral(string? formatCode) =>
        formatCode is null or "" or "@" || formatCode.Equals("General", StringComparison.OrdinalIgnoreCase);
}
