namespace Enrichment.Core.Output;

/// <summary>
/// Turns a <see cref="ContactRecord"/> into its enrichment values in column order, as written after
/// the input columns: record_status as ok/invalid/error, record_errors joined with "; " (null when
/// there are none), every other column from the record's output; each value passed through
/// <see cref="FormulaGuard"/>.
/// </summary>
public static class EnrichmentValues
{
    public const string ErrorSeparator = "; ";

    public static string StatusName(RecordStatus status) => status switch
    {
        RecordStatus.Ok => "ok",
        RecordStatus.Invalid => "invalid",
        RecordStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown record status."),
    };

    public static string? JoinErrors(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => null,
            1 => errors[0],
            _ => string.Join(ErrorSeparator, errors),
        };
    }

    /// <summary>Writes the values of <paramref name="columns"/> into <paramref name="destination"/>.</summary>
    public static void Fill(ContactRecord record, IReadOnlyList<string> columns, Span<string?> destination)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(columns);
        if (destination.Length < columns.Count)
        {
            throw new ArgumentException("The destination is shorter than the column list.", nameof(destination));
        }

        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var value = column switch
            {
                OutputColumns.RecordStatus => StatusName(record.Status),
                OutputColumns.RecordErrors => JoinErrors(record.Errors),
                _ => record.Get(column),
            };
            destination[i] = FormulaGuard.Apply(value);
        }
    }

    public static string?[] ToArray(ContactRecord record, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var values = new string?[columns.Count];
        Fill(record, columns, values);
        return values;
    }
}
