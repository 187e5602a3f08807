using System.Net;
using System.Text.Json.Nodes;
using Enrichment.Core.Input;
using Enrichment.Local.StateMachine;
using Enrichment.Testing.Events;
using Enrichment.Testing.Spreadsheets;

namespace Enrichment.Aws.Tests.Pipeline;

/// <summary>
/// A workbook job on the AWS adapters against moto: the upload lands in S3 through its pre-signed PUT,
/// the split function reads it back from S3 (a stream that cannot seek, so it goes through a temporary
/// file), and the aggregate writes the .xlsx output through S3's multipart upload.
/// </summary>
public sealed class AwsSpreadsheetTests
{
    [Test]
    [CancelAfter(600_000)]
    public async Task Pipeline_WorkbookUpload_RoundTripsToAnXlsxDownload()
    {
        const int count = 300;
        await using var pipeline = await AwsPipeline.CreateAsync(visibilityTimeoutSeconds: 30, batchSize: 50);
        var workbook = await File.ReadAllBytesAsync(await SpreadsheetFixtures.FromCsvAsync("aws-leads", SpreadsheetFixtures.NumberedContactsCsv(count)));

        var reserve = await pipeline.SendAsync(
            ApiRequestBuilder.Post("/jobs/uploads").WithBody($"{{\"fileName\":\"leads.xlsx\",\"output\":\"xlsx\",\"size\":{workbook.Length}}}", "application/json"));
        Assert.That(reserve.StatusCode, Is.EqualTo(201), reserve.Body);
        var upload = JsonNode.Parse(reserve.Body!)!;
        var jobId = upload["jobId"]!.GetValue<string>();
        var put = await pipeline.UploadAsync(upload["uploadUrl"]!.GetValue<string>(), workbook, upload["contentType"]!.GetValue<string>());
        Assert.That(put, Is.EqualTo(HttpStatusCode.OK));

        var splitResult = await pipeline.Split.HandleAsync(
            S3EventBuilder.ObjectCreated(pipeline.BucketName, $"uploads/{jobId}/leads.xlsx"),
            pipeline.Context("split"),
            CancellationToken.None);
        await pipeline.DriveAsync(jobId, TimeSpan.FromMinutes(5));
        var (_, execution) = await pipeline.RunPollerAsync(jobId, attempt: 0, TimeSpan.FromMinutes(2));
        var status = await pipeline.StatusAsync(jobId);

        Assert.That(splitResult.Jobs.Single().Status, Is.EqualTo("processing"));
        Assert.That(execution.Status, Is.EqualTo(AslExecutionStatus.Succeeded), execution.Error + " " + execution.Cause);
        Assert.That(status["status"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That(status["records"]!["total"]!.GetValue<long>(), Is.EqualTo(count));
        var (download, contentType) = await pipeline.DownloadAsync(status["downloadUrl"]!.GetValue<string>());
        Assert.That(contentType, Is.EqualTo(InputFormats.XlsxMediaType));
        var rows = XlsxReadBack.SingleSheetText(download);
        Assert.That(rows, Has.Count.EqualTo(count + 1));
        Assert.That(rows[0].Take(5), Is.EqualTo(new[] { "email", "first name", "phone", "country", "record_status" }));
        for (var i = 1; i <= count; i++)
        {
            Assert.That(rows[i].Take(4), Is.EqualTo(new[] { $"person{i}@example.com", $"Person{i}", (4155550000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture), "US" }), $"row {i}");
        }
    }
}
