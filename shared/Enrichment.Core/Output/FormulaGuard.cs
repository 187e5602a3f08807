using System.Numerics;

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
    public static string? Apply(string? value) => string.IsNullOrEmpty(value) || !Needs(value.AsSpan()) ? value : "'" + value;

    /// <summary>
    /// Whether a value needs the apostrophe, as UTF-16 or as UTF-8 (the rule reads only ASCII, which
    /// both encode alike, and any other character ends a plain number in both).
    /// </summary>
    public static bool Needs<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (value.IsEmpty)
        {
            return false;
        }

        var first = int.CreateTruncating(value[0]);
        return first switch
        {
            '=' or '@' or '\t' or '\r' => true,
            '+' or '-' => !IsPlainNumber(value),
            _ => false,
        };
    }

    /// <summary>An optional sign, digits and at most one decimal point between digits.</summary>
    private static bool IsPlainNumber<T>(ReadOnlySpan<T> value)
        where T : unmanaged, IBinaryInteger<T>
    {
        var digits = 0;
        var point = false;
        for (var i = 1; i < value.Length; i++)
        {
            var c = int.CreateTruncating(value[i]);
            if (c is >= '0' and <= '9')
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
