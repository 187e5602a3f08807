namespace Enrichment.Core.Output;

/// <summary>
/// Defuses spreadsheet formula injection (CSV injection) in the values the product itself writes:
/// a value starting with '=', '@', tab or CR, or with '+' or '-' unless it is a plain number
/// ("-12.5") or an E.164 phone number ("+14155550100"), gets a leading apostrophe, which spreadsheet
/// programs show as text. It is applied by the caller to enrichment values only (see
/// <see cref="EnrichmentValues"/>): input columns are the client's data and are written unchanged.
/// </summary>
public static class FormulaGuard
{
    public static string? Apply(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return value;
        }

        return value[0] switch
        {
            '=' or '@' or '\t' or '\r' => "'" + value,
            '+' or '-' when !IsPlainNumber(value) => "'" + value,
            _ => value,
        };
    }

    /// <summary>An optional sign, digits and at most one decimal point between digits.</summary>
    private static bool IsPlainNumber(string value)
    {
        var digits = 0;
        var point = false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '.' && !point && digits > 0 && i < value.Length - 1)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }
}
