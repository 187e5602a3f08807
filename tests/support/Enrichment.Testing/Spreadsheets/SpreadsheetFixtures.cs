using System.Globalization;
using System.Text;

namespace Enrichment.Testing.Spreadsheets;

/// <summary>
/// Workbooks made by LibreOffice at test time (see <see cref="Soffice"/>), once per test process:
/// <c>contacts.xlsx</c> from the flat OpenDocument source beside this file (sheets Contacts, Leads,
/// Totals; dates, formatted numbers, phone numbers stored as numbers, text with leading zeros,
/// formulas, empty cells and rows), and lists converted from CSV text.
/// </summary>
public static class SpreadsheetFixtures
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), $"enrichment-xlsx-{Guid.NewGuid():N}");
    private static readonly Lazy<Task<string>> Contacts = new(MakeContactsAsync);

    static SpreadsheetFixtures()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        };
    }

    /// <summary>The path of contacts.xlsx (see the class summary).</summary>
    public static Task<string> ContactsAsync() => Contacts.Value;

    /// <summary>An .xlsx LibreOffice made from CSV text (LibreOffice types numbers and dates as it imports them).</summary>
    public static async Task<string> FromCsvAsync(string name, string csv)
    {
        var source = Path.Combine(Directory, "csv", name + ".csv");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await File.WriteAllTextAsync(source, csv, new UTF8Encoding(false));
        return (await Soffice.ConvertAsync([source], "xlsx", Path.Combine(Directory, "from-csv")))[0];
    }

    /// <summary>A CSV list of <paramref name="count"/> contacts whose phone column LibreOffice stores as numbers.</summary>
    public static string NumberedContactsCsv(int count)
    {
        var csv = new StringBuilder("email,first name,phone,country\n");
        for (var i = 1; i <= count; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@example.com,Person{i},{4155550000 + (i % 10_000)},US\n");
        }

        return csv.ToString();
    }

    private static async Task<string> MakeContactsAsync()
    {
        var source = Path.Combine(Directory, "source", "contacts.fods");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        await using (var resource = typeof(SpreadsheetFixtures).Assembly.GetManifestResourceStream("Enrichment.Testing.Spreadsheets.contacts.fods")
            ?? throw new InvalidOperationException("contacts.fods is not embedded"))
        await using (var file = File.Create(source))
        {
            await resource.CopyToAsync(file);
        }

        return (await Soffice.ConvertAsync([source], "xlsx", Path.Combine(Directory, "fixtures")))[0];
    }
}
