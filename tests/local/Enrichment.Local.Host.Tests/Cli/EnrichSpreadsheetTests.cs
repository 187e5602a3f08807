using Enrichment.Core.Input;
using Enrichment.Local.Host.Cli;
using Enrichment.Local.Host.Hosting;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Local.Host.Tests.Cli;

/// <summary>`enrich` with workbooks LibreOffice made: in, out, a named sheet, and the errors.</summary>
[NonParallelizable]
public sealed class EnrichSpreadsheetTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    private static EnrichCommand.Options Options(TempDirectory temp, string input, string output, string? sheet = null) =>
        new(input, temp.File(output), new LocalSettings { DataDirectory = temp.File("data"), Workers = 2, BatchSize = 2 }, Quiet: true, sheet);

    private static async Task<string> CopyContactsAsync(TempDirectory temp)
    {
        var input = temp.File("contacts.xlsx");
        File.Copy(await SpreadsheetFixtures.ContactsAsync(), input);
        return input;
    }

    private static string? Cell(string?[] header, string?[] row, string column) => row[Array.IndexOf(header, column)];

    [Test]
    public async Task Enrich_ReadsAWorkbookAndWritesAnXlsxOfTextCells()
    {
        using var temp = new TempDirectory();
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);

        var result = await command.RunAsync(Options(temp, await CopyContactsAsync(temp), "out.xlsx"), CancellationToken.None);

        Assert.That(result.Status.Status, Is.EqualTo("completed"));
        var rows = XlsxReadBack.SingleSheetText(await File.ReadAllBytesAsync(temp.File("out.xlsx")));
        var header = rows[0];
        Assert.That(header.Take(9), Is.EqualTo(new[] { "email", "phone", "first name", "joined", "amount", "zip", "seats", "score", "note" }));
        Assert.That(header, Does.Contain("record_status").And.Contain("phone_e164"));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "ann@acme.com", "bob@example.org", "cy@example.net" }));
        var ann = rows[1];
        Assert.Multiple(() =>
        {
            Assert.That(Cell(header, ann, "phone"), Is.EqualTo("4155550100"));
            Assert.That(Cell(header, ann, "phone_e164"), Is.EqualTo("+14155550100"), "the phone stored as a number was enriched from its digits");
            Assert.That(Cell(header, ann, "joined"), Is.EqualTo("03/15/2024"));
            Assert.That(Cell(header, ann, "amount"), Is.EqualTo("1,234.50"));
            Assert.That(Cell(header, ann, "zip"), Is.EqualTo("02134"));
            Assert.That(Cell(header, ann, "record_status"), Is.EqualTo("ok"));
        });
    }

    [Test]
    public async Task Enrich_ReadsTheSheetNamedBySheetOption()
    {
        using var temp = new TempDirectory();
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);

        var result = await command.RunAsync(Options(temp, await CopyContactsAsync(temp), "out.csv", sheet: "Leads"), CancellationToken.None);

        Assert.That(result.Status.Records.Total, Is.EqualTo(1));
        var (columns, rows) = await OutputFiles.ReadAsync(temp.File("out.csv"), InputFormat.Csv);
        Assert.That(columns.Take(2), Is.EqualTo(new[] { "Work Email", "Company" }));
        Assert.That(rows.Single().Take(2), Is.EqualTo(new[] { "dee@example.com", "Example Ltd" }));
    }

    [Test]
    public async Task Enrich_ASheetWithoutHeaderFailsWithOneLineNamingIt()
    {
        using var temp = new TempDirectory();
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);

        var error = Assert.ThrowsAsync<CliException>(async () =>
            await command.RunAsync(Options(temp, await CopyContactsAsync(temp), "out.csv", sheet: "Totals"), CancellationToken.None));

        Assert.That(error!.Message, Does.StartWith("the job failed: sheet 'Totals', row 1: no header row"));
        Assert.That(error.Message, Does.Not.Contain("\n"));
        Assert.That(File.Exists(temp.File("out.csv")), Is.False);
    }

    [Test]
    public void Enrich_RefusesSheetForACsvBeforeStarting()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("list.csv"), "email\na@acme.com\n");
        var command = new EnrichCommand(new StringWriter(), TimeProvider.System);

        var error = Assert.ThrowsAsync<CliException>(() => command.RunAsync(Options(temp, temp.File("list.csv"), "out.csv", sheet: "Leads"), CancellationToken.None));

        Assert.That(error!.Message, Is.EqualTo("--sheet applies to .xlsx workbooks only"));
        Assert.That(Directory.Exists(temp.File("data")), Is.False, "nothing was started");
    }

    [Test]
    public async Task Cli_AFileThatIsNoWorkbookExitsNonZeroWithOneReadableLine()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.File("list.xlsx"), "email\na@acme.com\n");

        var host = await HostProcess.RunAsync(Limit, "enrich", temp.File("list.xlsx"), "--out", temp.File("out.xlsx"), "--data-dir", temp.File("data"), "--quiet");

        Assert.That(host.ExitCode, Is.Not.Zero);
        Assert.That(host.StandardError.Trim(), Is.EqualTo("error: the job failed: not an .xlsx workbook: the file is not a zip archive; save the sheet as .xlsx or CSV"));
    }

    [Test]
    public async Task Cli_AnUnknownSheetExitsNonZeroNamingTheSheetsThereAre()
    {
        using var temp = new TempDirectory();

        var host = await HostProcess.RunAsync(Limit, "enrich", await CopyContactsAsync(temp), "--sheet", "Customers", "--out", temp.File("out.csv"), "--data-dir", temp.File("data"), "--quiet");

        Assert.That(host.ExitCode, Is.Not.Zero);
        Assert.That(host.StandardError.Trim(), Is.EqualTo("error: the job failed: the workbook has no sheet named 'Customers'; its sheets are: 'Contacts', 'Leads', 'Totals'"));
    }
}
