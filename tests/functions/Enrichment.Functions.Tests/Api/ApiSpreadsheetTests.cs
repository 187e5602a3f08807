using Enrichment.Core.Input;
using Enrichment.Testing.Events;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Functions.Tests.Api;

/// <summary>The API function taking workbooks as API Gateway hands binary bodies over: base64-encoded.</summary>
public sealed class ApiSpreadsheetTests
{
    private static async Task<byte[]> ContactsAsync() => await File.ReadAllBytesAsync(await SpreadsheetFixtures.ContactsAsync());

    private static ApiRequestBuilder PostWorkbook(byte[] bytes) =>
        ApiRequestBuilder.Post("/jobs").WithBase64Body(bytes, InputFormats.XlsxMediaType);

    [Test]
    public async Task PostJobs_AcceptsABase64XlsxBody_AndTheJobWritesAnXlsx()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(PostWorkbook(await ContactsAsync()).WithQuery("output", "xlsx"));
        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
        var jobId = ApiHarness.Json(response).GetProperty("jobId").GetString()!;
        await api.Pipeline.DeliverAllAsync();
        var output = await api.Pipeline.RunPollerAsync(jobId);

        Assert.That(output.Status, Is.EqualTo("completed"));
        Assert.That(output.OutputKey, Does.EndWith(".xlsx"));
        var rows = XlsxReadBack.SingleSheetText(api.Pipeline.Store.Read(output.OutputKey!));
        Assert.That(rows.Skip(1).Select(r => r[1]), Is.EqualTo(new[] { "4155550100", "+44 20 7946 0958", "14155550123" }));
        Assert.That(rows.Skip(1).Select(r => r[3]), Is.EqualTo(new[] { "03/15/2024", "2023-12-01", null }));
    }

    [Test]
    public async Task PostJobs_ReadsTheSheetNamedInTheQuery()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(PostWorkbook(await ContactsAsync()).WithQuery("sheet", "Leads"));
        Assert.That(response.StatusCode, Is.EqualTo(202), response.Body);
        var jobId = ApiHarness.Json(response).GetProperty("jobId").GetString()!;
        await api.Pipeline.DeliverAllAsync();
        var output = await api.Pipeline.RunPollerAsync(jobId);

        Assert.That(output.Records, Is.EqualTo(1));
        Assert.That(api.Pipeline.Store.ReadText(output.OutputKey!), Does.StartWith("Work Email,Company,").And.Contain("\r\ndee@example.com,Example Ltd,ok,"));
    }

    [TestCase(null, "not an .xlsx workbook")]
    [TestCase("Totals", "sheet 'Totals', row 1: no header row")]
    [TestCase("Customers", "the workbook has no sheet named 'Customers'; its sheets are: 'Contacts', 'Leads', 'Totals'")]
    public async Task PostJobs_RejectsABadWorkbookWith400AndLeavesNoJob(string? sheet, string expected)
    {
        var api = new ApiHarness();
        var body = sheet is null ? "email\nann@acme.com\n"u8.ToArray() : await ContactsAsync();
        var request = PostWorkbook(body);
        if (sheet is not null)
        {
            request.WithQuery("sheet", sheet);
        }

        var response = await api.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Does.StartWith(expected));
        Assert.That(api.Pipeline.Table.Jobs, Is.Empty);
    }

    [Test]
    public async Task PostJobs_RefusesASheetForACsvBody()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs").WithQuery("sheet", "Leads").WithBody("email\nann@acme.com\n", "text/csv"));

        Assert.That(response.StatusCode, Is.EqualTo(400));
        Assert.That(ApiHarness.Error(response), Is.EqualTo("sheet applies to .xlsx workbooks only"));
    }

    [Test]
    public async Task PostUploads_ForAWorkbook_AnswersItsContentTypeAndKeepsTheSheet()
    {
        var api = new ApiHarness();

        var response = await api.SendAsync(ApiRequestBuilder.Post("/jobs/uploads").WithBody("{\"fileName\":\"Q3 leads.xlsx\",\"sheet\":\"Leads\",\"output\":\"xlsx\",\"size\":20480}", "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(201), response.Body);
        var body = ApiHarness.Json(response);
        Assert.That(body.GetProperty("contentType").GetString(), Is.EqualTo(InputFormats.XlsxMediaType));
        var job = api.Pipeline.Table.Jobs.Single();
        Assert.That((job.InputFormat, job.InputSheet, job.OutputFormat), Is.EqualTo(("Xlsx", "Leads", "xlsx")));
    }
}
