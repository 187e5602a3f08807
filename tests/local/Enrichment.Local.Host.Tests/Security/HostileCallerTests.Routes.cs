using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.Local.Host.Tests.Hosting;

namespace Enrichment.Local.Host.Tests.Security;

/// <summary>
/// Every route of `serve --api-keys` fed what no client should send: wrong methods, wrong types,
/// empty, truncated or mistyped bodies, options it does not offer, ids that are paths. Each is a
/// real request from a caller with a valid key; each must be a JSON 4xx naming the problem, carry no
/// path of the host or exception text, and leave no job and no object.
/// </summary>
public sealed partial class HostileCallerTests
{
    private const string MissingJob = "0123456789abcdef0123456789abcdef";
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static TestCaseData Hostile(string name, string method, string path, string? contentType, string? body, int status, string reason) =>
        new TestCaseData(method, path, contentType, body, status, reason).SetName($"Route_{name}");

    private static IEnumerable<TestCaseData> HostileRequests() =>
    [
        // Methods and routes that do not exist
        Hostile("DeleteAJob_Is405", "DELETE", $"/jobs/{MissingJob}", null, null, 405, "not allowed"),
        Hostile("PutTheJobList_Is405", "PUT", "/jobs", "text/csv", Csv, 405, "not allowed"),
        Hostile("GetEnrich_Is405", "GET", "/enrich", null, null, 405, "not allowed"),
        Hostile("PatchUploads_Is405", "PATCH", "/jobs/uploads", "application/json", "{}", 405, "not allowed"),
        Hostile("GetRetry_Is405", "GET", $"/jobs/{MissingJob}/retry", null, null, 405, "not allowed"),
        Hostile("PostProviders_Is405", "POST", "/providers", "application/json", "[\"http:/etc/passwd\"]", 405, "not allowed"),
        Hostile("PostHealth_Is405", "POST", "/health", "text/csv", Csv, 405, "not allowed"),
        Hostile("UnknownRoute_Is404", "GET", "/admin/config", null, null, 404, "no route"),
        Hostile("UnknownJobAction_Is404", "POST", $"/jobs/{MissingJob}/cancel", null, null, 404, "no route"),

        // POST /jobs (and its /process alias): the list
        Hostile("Submit_PlainText_Is415", "POST", "/jobs", "text/plain", Csv, 415, "Content-Type"),
        Hostile("Submit_NoContentType_Is415", "POST", "/jobs", null, Csv, 415, "Content-Type"),
        Hostile("Submit_Xml_Is415", "POST", "/jobs", "application/xml", "<contacts/>", 415, "Content-Type"),
        Hostile("Process_PlainText_Is415", "POST", "/process", "text/plain", Csv, 415, "Content-Type"),
        Hostile("Submit_EmptyBody_Is400", "POST", "/jobs", "text/csv", string.Empty, 400, "empty"),
        Hostile("Submit_HeaderOnly_Is400", "POST", "/jobs", "text/csv", "email,first name\n", 400, "no records"),
        Hostile("Submit_UnclosedQuote_Is400", "POST", "/jobs", "text/csv", "email,name\n\"ann@acme.com,Ann\nbob@globex.io,Bob\n", 400, "line"),
        Hostile("Submit_JsonObjectNotArray_Is400", "POST", "/jobs", "application/json", "{\"email\":\"ann@acme.com\"}", 400, "JSON array"),
        Hostile("Submit_JsonArrayOfNumbers_Is400", "POST", "/jobs", "application/json", "[1,2,3]", 400, "not an object"),
        Hostile("Submit_TruncatedJson_Is400", "POST", "/jobs", "application/json", "[{\"email\":\"ann@acme.com\"", 400, "line 1"),
        Hostile("Submit_JsonLinesLineNotAnObject_Is400", "POST", "/jobs", "application/x-ndjson", "{\"email\":\"ann@acme.com\"}\n[1]\n", 400, "line 2"),
        Hostile("Submit_WorkbookThatIsNotAZip_Is400", "POST", "/jobs", Xlsx, "PK this is not a workbook", 400, ".xlsx"),
        Hostile("Submit_UnknownOutputFormat_Is400", "POST", "/jobs?output=exe", "text/csv", Csv, 400, "output format"),
        Hostile("Submit_OutputFormatAsPath_Is400", "POST", "/jobs?output=..%2F..%2Fx", "text/csv", Csv, 400, "output format"),
        Hostile("Submit_SheetOnACsv_Is400", "POST", "/jobs?sheet=Sheet1", "text/csv", Csv, 400, "sheet"),
        Hostile("Submit_ProvidersAsPathOnProcess_Is400", "POST", "/process?providers=http%3A%2Fetc%2Fpasswd", "text/csv", Csv, 400, "offered providers"),

        // POST /enrich: one contact
        Hostile("Enrich_EmptyBody_Is400", "POST", "/enrich", "application/json", string.Empty, 400, "empty"),
        Hostile("Enrich_ArrayNotObject_Is400", "POST", "/enrich", "application/json", "[{\"email\":\"ann@acme.com\"}]", 400, "JSON object"),
        Hostile("Enrich_TruncatedJson_Is400", "POST", "/enrich", "application/json", "{\"email\":\"ann@acme.com\"", 400, "not valid JSON"),
        Hostile("Enrich_CsvBody_Is400", "POST", "/enrich", "text/csv", Csv, 400, "not valid JSON"),
        Hostile("Enrich_NumberBody_Is400", "POST", "/enrich", "application/json", "42", 400, "JSON object"),
        Hostile("Enrich_UnknownProvider_Is400", "POST", "/enrich?providers=geocode", "application/json", "{\"email\":\"ann@acme.com\"}", 400, "offered providers"),

        // POST /jobs/uploads: a reservation
        Hostile("Uploads_FileNameIsAPath_Is400", "POST", "/jobs/uploads", "application/json", "{\"fileName\":\"../../etc/passwd\",\"size\":10}", 400, "format"),
        Hostile("Uploads_FileNameOfAnotherType_Is400", "POST", "/jobs/uploads", "application/json", "{\"fileName\":\"list.exe\",\"size\":10}", 400, "format"),
        Hostile("Uploads_NoFileNameNorFormat_Is400", "POST", "/jobs/uploads", "application/json", "{\"size\":10}", 400, "format"),
        Hostile("Uploads_UnknownFormat_Is400", "POST", "/jobs/uploads", "application/json", "{\"format\":\"exe\",\"size\":10}", 400, "format"),
        Hostile("Uploads_UnknownOutputFormat_Is400", "POST", "/jobs/uploads", "application/json", "{\"fileName\":\"a.csv\",\"size\":10,\"output\":\"exe\"}", 400, "output format"),
        Hostile("Uploads_SheetOnACsv_Is400", "POST", "/jobs/uploads", "application/json", "{\"fileName\":\"a.csv\",\"size\":10,\"sheet\":\"S\"}", 400, "sheet"),
        Hostile("Uploads_ArrayBody_Is400", "POST", "/jobs/uploads", "application/json", "[1]", 400, "upload request"),
        Hostile("Uploads_TruncatedBody_Is400", "POST", "/jobs/uploads", "application/json", "{\"fileName\":\"a.csv\"", 400, "upload request"),
        Hostile("Uploads_SizeQueryNotANumber_Is400", "POST", "/jobs/uploads?fileName=a.csv&size=ten", null, null, 400, "size"),
        Hostile("Uploads_SizeQueryNegative_Is400", "POST", "/jobs/uploads?fileName=a.csv&size=-1", null, null, 400, "size"),

        // Job ids that are paths or junk: like any missing job
        Hostile("Status_IdIsARelativePath_Is404", "GET", "/jobs/..%2Fcontrol.db", null, null, 404, "not found"),
        Hostile("StatusAlias_IdIsAnEncodedPath_Is404", "GET", "/status/..%2F..%2Fdata%2Fcontrol.db", null, null, 404, "not found"),
        Hostile("Retry_IdIsAnEncodedPath_Is404", "POST", "/jobs/..%2Fobjects/retry", null, null, 404, "not found"),
        Hostile("Summary_IdIsAnEncodedPath_Is404", "GET", "/jobs/..%2Fcontrol.db/summary", null, null, 404, "not found"),
        Hostile("Status_MissingJob_Is404", "GET", $"/jobs/{MissingJob}", null, null, 404, "not found"),
        Hostile("Retry_MissingJob_Is404", "POST", $"/jobs/{MissingJob}/retry", null, null, 404, "not found"),
        Hostile("Summary_MissingJob_Is404", "GET", $"/jobs/{MissingJob}/summary", null, null, 404, "not found"),
        Hostile("Status_IdWithSqlQuote_Is404", "GET", "/jobs/x'%20OR%20'1'='1", null, null, 404, "not found"),
    ];

    [TestCaseSource(nameof(HostileRequests))]
    public async Task Route_HostileRequest_IsAJson4xxAndNothingIsMade(string method, string path, string? contentType, string? body, int status, string reason)
    {
        var before = World();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
        }

        var response = await _alice.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(status), await response.Content.ReadAsStringAsync());
        var error = await ErrorOf(response);
        Assert.Multiple(() =>
        {
            Assert.That(error, Does.Contain(reason));
            AssertDisclosesNothing(error);
            Assert.That(World(), Is.EqualTo(before), "no job and no object appeared");
        });
    }

    /// <summary>Signed object links are capabilities: a forged, stripped or re-aimed one is refused and reads or writes nothing.</summary>
    private static IEnumerable<TestCaseData> ForgedObjectLinks() =>
    [
        new TestCaseData("GET", "/objects/jobs/{job}/output/0/enriched.csv", 403).SetName("Objects_DownloadWithoutSignature_Is403"),
        new TestCaseData("GET", "/objects/jobs/{job}/output/0/enriched.csv?op=get&expires=9999999999&sig=forged", 403).SetName("Objects_DownloadWithForgedSignature_Is403"),
        new TestCaseData("GET", "/objects/jobs/{job}/output/0/enriched.csv?op=get&expires=1&sig=forged", 403).SetName("Objects_DownloadExpiredLink_Is403"),
        new TestCaseData("GET", "/objects/uploads/{job}/list.csv?op=get&expires=9999999999&sig=x", 403).SetName("Objects_ReadAnUploadBack_Is403"),
        new TestCaseData("PUT", "/objects/jobs/{job}/output/0/enriched.csv?op=put&expires=9999999999&length=5&sig=x", 403).SetName("Objects_OverwriteAnOutput_Is403"),
        new TestCaseData("PUT", "/objects/uploads/{job}/list.csv", 403).SetName("Objects_UploadWithoutSignature_Is403"),
        new TestCaseData("DELETE", "/objects/jobs/{job}/output/0/enriched.csv", 405).SetName("Objects_Delete_Is405"),
        new TestCaseData("GET", "/objects/jobs/{job}/..%2F..%2Fcontrol.db?op=get&expires=9999999999&sig=x", 400).SetName("Objects_EncodedTraversal_Is400"),
    ];

    [TestCaseSource(nameof(ForgedObjectLinks))]
    public async Task Objects_AForgedLink_IsRefusedAndChangesNothing(string method, string path, int status)
    {
        var jobId = await FinishedJobOfAsync(_alice);
        var output = OutputBytes();
        var before = World();
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{job}", jobId, StringComparison.Ordinal));
        if (method == "PUT")
        {
            request.Content = new ByteArrayContent("x,y\n1"u8.ToArray());
        }

        // The link is all there is: no key is sent, as a browser following a download link sends none.
        var response = await _anonymous.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(status), body);
            Assert.That(body, Does.Not.Contain("ann@acme.com"), "no contact data");
            AssertDisclosesNothing(body);
            Assert.That(World(), Is.EqualTo(before));
            Assert.That(OutputBytes(), Is.EqualTo(output), "the job's output is unchanged");
        });
    }

    /// <summary>Every output file's bytes, in key order: what a forged PUT would have changed.</summary>
    private string OutputBytes()
    {
        var objects = Path.Combine(DataDirectory, "objects");
        return string.Join('\n', Directory.EnumerateFiles(objects, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(file => file + ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))));
    }

    private void AssertDisclosesNothing(string error)
    {
        Assert.That(error, Does.Not.Contain(_temp.Path).And.Not.Contain(Path.GetTempPath()).And.Not.Contain(Environment.CurrentDirectory));
        Assert.That(error, Does.Not.Contain("Exception").And.Not.Contain("   at ").And.Not.Contain("(Parameter").And.Not.Contain("root:"));
    }

    // ---- Two callers: a job reserved for an upload is Alice's alone too ----

    private static IEnumerable<TestCaseData> ReservedJobRoutes() =>
    [
        new TestCaseData("GET", "/jobs/{id}").SetName("Owner_OtherCaller_StatusOfAReservedUpload_Is404"),
        new TestCaseData("GET", "/status/{id}").SetName("Owner_OtherCaller_StatusAliasOfAReservedUpload_Is404"),
        new TestCaseData("POST", "/jobs/{id}/retry").SetName("Owner_OtherCaller_RetryOfAReservedUpload_Is404"),
        new TestCaseData("GET", "/jobs/{id}/summary").SetName("Owner_OtherCaller_SummaryOfAReservedUpload_Is404"),
    ];

    [TestCaseSource(nameof(ReservedJobRoutes))]
    public async Task Owner_AnotherCallersReservedUpload_Is404AndStaysWaitingForItsFile(string method, string path)
    {
        var (jobId, _) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var before = World();

        var response = await _bob.SendAsync(Request(method, path.Replace("{id}", jobId, StringComparison.Ordinal)));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await ErrorOf(response), Is.EqualTo($"job {jobId} not found"), "the same words as for a job that does not exist");
        Assert.That(World(), Is.EqualTo(before));
        var own = await JobPolling.ReadJsonAsync(await _alice.GetAsync($"/jobs/{jobId}"));
        Assert.That(own.GetProperty("status").GetString(), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task Owner_AnUploadLinkAimedAtAnotherJob_IsRefusedAndStoresNothing()
    {
        var (aliceJob, _) = await ReserveUploadAsync(Encoding.UTF8.GetByteCount(Csv));
        var reserve = await _bob.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"list.csv\",\"size\":{Encoding.UTF8.GetByteCount(Csv)}}}", Encoding.UTF8, "application/json"));
        var bobs = await JobPolling.ReadJsonAsync(reserve);
        var bobJob = bobs.GetProperty("jobId").GetString()!;
        var aimed = new Uri(bobs.GetProperty("uploadUrl").GetString()!.Replace(bobJob, aliceJob, StringComparison.Ordinal));
        var before = World();

        var put = await _anonymous.PutAsync(aimed, new StringContent(Csv, Encoding.UTF8, "text/csv"));

        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(World(), Is.EqualTo(before), "nothing stored under Alice's upload");
        Assert.That((await JobPolling.ReadJsonAsync(await _alice.GetAsync($"/jobs/{aliceJob}"))).GetProperty("status").GetString(), Is.EqualTo("accepted"));
    }

    [Test]
    public async Task Retry_OfAJobWithNothingToRetry_Is409AndChangesNothing()
    {
        var jobId = await FinishedJobOfAsync(_alice);
        var before = World();

        var response = await _alice.PostAsync($"/jobs/{jobId}/retry", null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await ErrorOf(response), Does.Contain("nothing").Or.Contain("no failed"));
        Assert.That(World(), Is.EqualTo(before));
    }

    [Test]
    public async Task OpenApiDocument_AnswersWithoutAKey_AndIsTheApisOwn()
    {
        var response = await _anonymous.GetAsync("/openapi.json");
        var post = await _anonymous.PostAsync("/openapi.json", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "it describes the API and holds no data");
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo(Functions.Api.OpenApiDescription.Json));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed), "an open path: a wrong method is a 405, not a 401");
    }
}
