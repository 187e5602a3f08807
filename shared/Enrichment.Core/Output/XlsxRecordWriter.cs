using SpreadCheetah;
using SpreadCheetah.Worksheets;

namespace Enrichment.Core.Output;

/// <summary>
/// An .xlsx workbook written as a stream with SpreadCheetah: rows go straight into the zip through a
/// small buffer, every cell an inline string (no shared-string table growing with the data), so
/// memory stays flat for a million rows and the target may be any stream, including a multipart
/// upload that cannot seek. Every value is text, never a number or a date, so leading zeros and long
/// digit strings survive; the header row is frozen. Past Excel's 1,048,576 rows a sheet, the rows go
/// on in a further sheet under the same header. A zip cannot be flushed into a readable file half-way:
/// <see cref="StreamRecordWriter.FlushAsync"/> ends the workbook, so it is called once, after the last row (as the
/// aggregate does); disposing ends it too if that has not happened.
/// </summary>
public sealed class XlsxRecordWriter : StreamRecordWriter
{
    /// <summary>Excel's rows per sheet, header included.</summary>
    public const int MaxRowsPerSheet = 1_048_576;

    /// <summary>Excel's longest cell text; a longer value is cut to it (Excel refuses the file otherwise).</summary>
    public const int MaxCellLength = 32_767;

    public const string SheetName = "enriched";

    private readonly int _maxRowsPerSheet;
    private Spreadsheet? _spreadsheet;
    private DataCell[] _cells = [];
    private IReadOnlyList<string> _header = [];
    private int _rowsInSheet;
    private int _sheets;
    private bool _finished;

    public XlsxRecordWriter(Stream stream, bool leaveOpen = false)
        : this(stream, leaveOpen, MaxRowsPerSheet)
    {
    }

    /// <param name="maxRowsPerSheet">Rows per sheet, header included; smaller than Excel's only for tests of the overflow.</param>
    internal XlsxRecordWriter(Stream stream, bool leaveOpen, int maxRowsPerSheet)
        : base(stream, leaveOpen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRowsPerSheet, 2);
        _maxRowsPerSheet = maxRowsPerSheet;
    }

    public override async ValueTask WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_spreadsheet is not null)
        {
            throw new InvalidOperationException("The header is written once.");
        }

        _header = [.. columns];
        _cells = new DataCell[columns.Count];
        _spreadsheet = await Spreadsheet.CreateNewAsync(Stream, cancellationToken: cancellationToken);
        await StartSheetAsync(cancellationToken);
    }

    public override async ValueTask WriteRowAsync(IReadOnlyList<string?> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_spreadsheet is null || _finished)
        {
            throw new InvalidOperationException(_finished ? "The workbook is finished." : "Write the header first.");
        }

        if (values.Count > _cells.Length)
        {
            throw new ArgumentException($"The row has {values.Count} values for {_cells.Length} columns.", nameof(values));
        }

        if (_rowsInSheet == _maxRowsPerSheet)
        {
            await StartSheetAsync(cancellationToken);
        }

        for (var i = 0; i < _cells.Length; i++)
        {
            _cells[i] = Cell(i < values.Count ? values[i] : null);
        }

        await _spreadsheet.AddRowAsync(_cells, cancellationToken);
        _rowsInSheet++;
    }

    /// <summary>An unfinished workbook: flushing ends it (see the class summary).</summary>
    protected override bool HasPending => _spreadsheet is not null && !_finished;

    protected override ValueTask WritePendingAsync(CancellationToken cancellationToken) => FinishAsync(cancellationToken);

    protected override ValueTask ReleaseAsync() => _spreadsheet?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        if (_spreadsheet is null || _finished)
        {
            return;
        }

        _finished = true;
        await _spreadsheet.FinishAsync(cancellationToken);
    }

    private async ValueTask StartSheetAsync(CancellationToken cancellationToken)
    {
        _sheets++;
        var name = _sheets == 1 ? SheetName : $"{SheetName} {_sheets}";
        await _spreadsheet!.StartWorksheetAsync(name, new WorksheetOptions { FrozenRows = 1 }, cancellationToken);
        for (var i = 0; i < _cells.Length; i++)
        {
            _cells[i] = Cell(_header[i]);
        }

        await _spreadsheet.AddRowAsync(_cells, cancellationToken);
        _rowsInSheet = 1;
    }

    private static DataCell Cell(string? value) =>
        string.IsNullOrEmpty(value) ? default : new DataCell(value.Length > MaxCellLength ? value[..MaxCellLength] : value);
}
