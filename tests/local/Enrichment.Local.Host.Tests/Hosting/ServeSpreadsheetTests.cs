using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>`serve` over real HTTP with workbooks LibreOffice made: POST /jobs with the xlsx body, and uploads + PUT.</summary>
[NonParallelizable]
public sealed class ServeSpreadsheetTests
{
    private TempDirectory _temp = null!;
    private HostProcess _host = null!;
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _temp = new TempDirectory();
        var port = HostProcess.FreePort();
        _host = HostProcess.Start("serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", _temp.File("data"));
        await _host.WaitUntilListeningAsync(TimeSpan.FromMinutes(2));
        _http = ServeHttp.Client(port, TimeSpan.FromSeconds(60));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    private static ByteArrayContent Workbook(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(InputFormats.XlsxMediaType);
        return content;
    }

    private async Task<byte[]> DownloadAsync(System.Text.Json.JsonElement status)
    {
        using var plain = new HttpClient();
        var download = await plain.GetAsync(new Uri(status.GetProperty("downloadUrl").GetString()!));
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return await download.Content.ReadAsByteArrayAsync();
    }

    [Test]
    public async Task Serve_PostJobsWithAnXlsxBody_AnswersAnXlsxDownload()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var accepted = await _http.PostAsync("/jobs?output=xlsx", Workbook(bytes));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await accepted.Content.ReadAsStringAsync());
        var status = await JobPolling.WaitForFinishAsync(_http, (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!);

        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        var rows = XlsxReadBack.SingleSheetText(await DownloadAsync(status));
        Assert.That(rows, Has.Count.EqualTo(4));
        Assert.That(rows[1].Take(6), Is.EqualTo(new[] { "ann@acme.com", "4155550100", "Ann", "03/15/2024", "1,234.50", "02134" }));
    }

    [Test]
    public async Task Serve_PostJobsWithABrokenWorkbook_Answers400InJson()
    {
        var bytes = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

        var notZip = await _http.PostAsync("/jobs", Workbook(Encoding.UTF8.GetBytes("email\nann@acme.com\n")));
        var cutShort = await _http.PostAsync("/jobs", Workbook(bytes[..(bytes.Length / 2)]));
        var noSheet = await _http.PostAsync("/jobs?sheet=Customers", Workbook(bytes));

        Assert.That(notZip.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JobPolling.ReadJsonAsync(notZip)).GetProperty("error").GetString(), Does.StartWith("not an .xlsx workbook"));
        Assert.That(cutShort.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JobPolling.ReadJsonAsync(cutShort)).GetProperty("error").GetString(), Does.StartWith("the .xlsx file is damaged"));
        Assert.That(noSheet.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await JobPolling.ReadJsonAsync(noSheet)).GetProperty("error").GetString(), Does.StartWith("the workbook has no sheet named 'Customers'"));
    }

    [Test]
    public async Task Serve_TakesAWorkbookThroughAnUploadLinkWithANamedSheet()
    {
        var path = await SpreadsheetFixtures.FromCsvAsync("serve-upload", SpreadsheetFixtures.NumberedContactsCsv(250));
        var workbook = await File.ReadAllBytesAsync(path);
        var reserve = await _http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"Leads.xlsx\",\"sheet\":\"serve-upload\",\"output\":\"csv\",\"size\":{workbook.Length}}}", Encoding.UTF8, "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(HttpStatusCode.Created), await reserve.Content.ReadAsStringAsync());
        var body = await JobPolling.ReadJsonAsync(reserve);
        Assert.That(body.GetProperty("contentType").GetString(), Is.EqualTo(InputFormats.XlsxMediaType));

        var put = await _http.PutAsync(new Uri(body.GetProperty("uploadUrl").GetString()!), Workbook(workbook));
        var status = await JobPolling.WaitForFinishAsync(_http, body.GetProperty("statusUrl").GetString()!);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(status.GetProperty("records").GetProperty("total").GetInt64(), Is.EqualTo(250));
        var csv = Encoding.UTF8.GetString(await DownloadAsync(status)).Split("\r\n");
        Assert.That(csv[1], Does.StartWith("person1@example.com,Person1,4155550001,US,ok,"), "the phone LibreOffice stored as a number kept its digits");
        Assert.That(csv[1], Does.Contain("+14155550001"));
    }

    [Test]
    public async Task Serve_AnUploadedWorkbookWithAnUnknownSheetFailsTheJobWithTheReason()
    {
        var workbook = await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());
        var reserve = await _http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"list.xlsx\",\"sheet\":\"Customers\",\"size\":{workbook.Length}}}", Encoding.UTF8, "application/json"));
        var body = await JobPolling.ReadJsonAsync(reserve);

        var put = await _http.PutAsync(new Uri(body.GetProperty("uploadUrl").GetString()!), Workbook(workbook));
        var status = await JobPolling.WaitForFinishAsync(_http, body.GetProperty("statusUrl").GetString()!);

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(status.GetProperty("error").GetString(), Is.EqualTo("the workbook has no sheet named 'Customers'; its sheets are: 'Contacts', 'Leads', 'Totals'"));
    }
}
