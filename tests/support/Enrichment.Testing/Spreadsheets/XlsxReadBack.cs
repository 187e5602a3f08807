using Enrichment.Core.Input;
using ExcelDataReader;

namespace Enrichment.Testing.Spreadsheets;

/// <summary>Reads a workbook the product wrote with a second library (ExcelDataReader), cell values as typed.</summary>
public static class XlsxReadBack
{
    /// <summary>Every sheet's name and rows; an empty cell is null.</summary>
    public static List<(string Sheet, List<object?[]> Rows)> Read(byte[] workbook)
    {
        XlsxContactReader.RegisterCodePages();
        using var reader = ExcelReaderFactory.CreateOpenXmlReader(new MemoryStream(workbook));
        var sheets = new List<(string, List<object?[]>)>();
        do
        {
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var cells = new object?[reader.FieldCount];
                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] = reader.GetValue(i);
                }

                rows.Add(cells);
            }

            sheets.Add((reader.Name, rows));
        }
        while (reader.NextResult());
        return sheets;
    }

    /// <summary>The only sheet's rows as text, header first; fails when a cell is not text.</summary>
    public static List<string?[]> SingleSheetText(byte[] workbook)
    {
        var sheet = Read(workbook).Single();
        return sheet.Rows.Select(row => row.Select(cell => cell switch
        {
            null => null,
            string text => text,
            _ => throw new InvalidOperationException($"a {cell.GetType().Name} cell where text was expected"),
        }).ToArray()).ToList();
    }
}
