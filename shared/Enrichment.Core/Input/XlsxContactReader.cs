using System.Runtime.CompilerServices;
using ExcelDataReader;

namespace Enrichment.Core.Input;

/// <summary>
/// Streams one worksheet of an .xlsx workbook (the first visible one, or <see cref="ContactReaderOptions.Sheet"/>)
/// row by row with ExcelDataReader: memory holds one row and the workbook's shared-string table, never
/// the sheet. Like a CSV file, the first non-empty row is the header, empty rows are skipped, and a
/// short row is padded. Every cell comes out as the text the user sees (<see cref="CellText"/>).
/// Errors name the sheet, the row and the column letter, never a cell's content.
/// </summary>
public sealed class XlsxContactReader : IContactReader
{
    private readonly Stream _stream;
    private readonly ContactReaderOptions _options;
    private readonly CellText _text = new();
    private string[] _columns = [];
    private int _started;

    public XlsxContactReader(Stream stream, ContactReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _options = options ?? ContactReaderOptions.Default;
    }

    /// <summary>The header's column names; empty until the enumeration has read the header.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The worksheet being read; known once the enumeration has started.</summary>
    public string? SheetName { get; private set; }

    public async IAsyncEnumerable<InputRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A contact reader reads its stream once.");
        }

        await using var input = await SeekableInput.OpenAsync(_stream, _options.MaxWorkbookBytes, cancellationToken);
        XlsxPackageCheck.Check(input.Stream, _options);
        using var excel = Open(input.Stream);
        SheetName = SelectSheet(excel, _options.Sheet);

        long row = 0;
        string?[]? header = null;
        while (header is null && Next(excel))
        {
            row++;
            header = ReadCells(excel, row, limit: null);
        }

        if (header is null)
        {
            throw new InputFormatException(
                $"sheet '{SheetName}' is empty: expected a header row with column names such as email, phone, first name");
        }

        var columns = HeaderNames(header);
        if (!ColumnMap.Create(columns).HasAnyContactColumn)
        {
            throw new InputFormatException(
                $"sheet '{SheetName}', row {row}: no header row: the first non-empty row has no column named like a contact field; " +
                "expected column names such as email, phone, first name, last name, company");
        }

        _columns = columns;
        long records = 0;
        while (Next(excel))
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            if (ReadCells(excel, row, columns.Length) is { } values)
            {
                yield return new InputRecord(++records, row, values);
            }
        }
    }

    /// <summary>The letters of a 0-based column index, as Excel shows them (0 → A, 26 → AA).</summary>
    public static string ColumnLetters(int index)
    {
        var letters = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }

    /// <summary>
    /// ExcelDataReader's configuration asks for code page 1252 (its fallback for old .xls files) when it
    /// is made, which .NET only has once the code-page provider is registered.
    /// </summary>
    public static void RegisterCodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static IExcelDataReader Open(Stream stream)
    {
        RegisterCodePages();
        try
        {
            return ExcelReaderFactory.CreateOpenXmlReader(stream, new ExcelReaderConfiguration { LeaveOpen = true });
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw Damaged();
        }
    }

    private static string SelectSheet(IExcelDataReader excel, string? wanted)
    {
        var names = new List<string>();
        for (var more = excel.ResultsCount > 0; more; more = NextSheet(excel))
        {
            var name = excel.Name ?? string.Empty;
            names.Add(name);
            var match = wanted is null
                ? string.Equals(excel.VisibleState, "visible", StringComparison.OrdinalIgnoreCase)
                : string.Equals(name.Trim(), wanted.Trim(), StringComparison.OrdinalIgnoreCase);
            if (match)
            {
                return name;
            }
        }

        if (names.Count == 0)
        {
            throw new InputFormatException("the workbook has no sheets");
        }

        // Sheet names are the workbook's structure, not contact data; at most 31 characters each in Excel.
        throw new InputFormatException(wanted is null
            ? "the workbook has no visible sheet: unhide the sheet to read, or name it with sheet="
            : $"the workbook has no sheet named '{Shorten(wanted)}'; its sheets are: {string.Join(", ", names.Take(20).Select(n => $"'{Shorten(n)}'"))}");
    }

    private static bool NextSheet(IExcelDataReader excel)
    {
        try
        {
            return excel.NextResult();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw Damaged();
        }
    }

    private static bool Next(IExcelDataReader excel)
    {
        try
        {
            return excel.Read();
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            throw Damaged();
        }
    }

    /// <summary>
    /// The row's cells as text, or null when every cell is empty. With a <paramref name="limit"/> (the
    /// header's width) the array has that length and a value past it is an error, as in a CSV file.
    /// </summary>
    private string?[]? ReadCells(IExcelDataReader excel, long row, int? limit)
    {
        var count = excel.FieldCount;
        var values = new string?[limit ?? count];
        var empty = true;
        long length = 0;
        for (var i = 0; i < count; i++)
        {
            var text = _text.Of(excel.GetValue(i), excel.GetNumberFormatString(i));
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            if (i >= values.Length)
            {
                throw new InputFormatException(
                    $"sheet '{SheetName}', row {row}, column {ColumnLetters(i)}: a value in a column without a header " +
                    $"(the header ends at column {ColumnLetters(values.Length - 1)}); give the column a name or clear the value");
            }

            length += text.Length;
            if (length > _options.MaxRecordLength)
            {
                throw new InputFormatException(
                    $"sheet '{SheetName}', row {row}: the row is longer than {_options.MaxRecordLength:N0} characters");
            }

            values[i] = text;
            empty = false;
        }

        return empty ? null : values;
    }

    private static string[] HeaderNames(string?[] cells)
    {
        var count = cells.Length;
        while (count > 0 && string.IsNullOrWhiteSpace(cells[count - 1]))
        {
            count--;
        }

        var names = new string[count];
        for (var i = 0; i < count; i++)
        {
            var name = (cells[i] ?? string.Empty).Trim();

            // Duplicate names are kept as they are: values stay addressed by position.
            names[i] = name.Length == 0 ? $"column_{i + 1}" : name;
        }

        return names;
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..40] + "…";

    private static InputFormatException Damaged() =>
        new("the .xlsx workbook is damaged or of a kind that cannot be read: open it in Excel or LibreOffice and save it again");
}
