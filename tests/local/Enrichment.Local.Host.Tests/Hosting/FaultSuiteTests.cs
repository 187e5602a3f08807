using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Enrichment.Core.Input;
using Enrichment.FakePersonApi;
using Enrichment.Local.Host.Hosting.Faults;
using Enrichment.Local.Host.Samples;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>
/// The fault suite: `serve` SIGKILLs itself at an exact point of one stage (<see cref="KillPoint"/>), a second
/// `serve` starts on the same data directory, and the job must end with every input row exactly once, in
/// input order, in its output. 3,000 rows in batches of 10: 300 batches, which the split sends in three
/// sends of 100.
/// </summary>
[NonParallelizable]
public sealed class FaultSuiteTests
{
    private const int Contacts = 3_000;
    private const string ApiKey = "fault-key-7f3a";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [TestCase("keep-input:1")]
    [TestCase("send:1")]
    [TestCase("send:2")]
    [TestCase("send:3")]
    public async Task InlineSplit_Killed_EndsWholeAfterRestart_WhenTheClientRetriesWithItsKey(string point)
    {
        await using var world = await FaultWorld.StartAsync(point);
        var body = await File.ReadAllBytesAsync(world.Input);

        Assert.CatchAsync<HttpRequestException>(() => world.PostInlineAsync(body, "fault-key-1"), "the host died under the request");
        await world.RestartAsync();
        var replay = await world.PostInlineAsync(body, "fault-key-1");

        Assert.That(replay.StatusCode, Is.AnyOf(HttpStatusCode.OK, HttpStatusCode.Accepted), await replay.Content.ReadAsStringAsync());
        var statusUrl = (await JobPolling.ReadJsonAsync(replay)).GetProperty("statusUrl").GetString()!;
        await world.AssertWholeAsync(statusUrl);
    }

    [TestCase("send:1")]
    [TestCase("send:2")]
    [TestCase("send:3")]
    public async Task UploadedSplit_Killed_EndsWholeAfterRestart(string point)
    {
        await using var world = await FaultWorld.StartAsync(point);
        var statusUrl = await world.UploadAsync();

        await world.RestartAsync();

        await world.AssertWholeAsync(statusUrl);
    }

    [TestCase("part:1")]
    [TestCase("part:150")]
    [TestCase("part:300")]
    public async Task Processing_KilledBetweenAPartAndItsCommit_EndsWholeAfterRestart(string point)
    {
        await using var world = await FaultWorld.StartAsync(point);
        var statusUrl = await world.UploadAsync();

        await world.RestartAsync();

        await world.AssertWholeAsync(statusUrl);
    }

    [TestCase("output-start:1")]
    [TestCase("output-complete:1")]
    [TestCase("summary:1")]
    public async Task Aggregate_Killed_EndsWholeAfterRestart(string point)
    {
        await using var world = await FaultWorld.StartAsync(point);
        var statusUrl = await world.UploadAsync();

        await world.RestartAsync();

        await world.AssertWholeAsync(statusUrl);
        Assert.That(Directory.EnumerateFileSystemEntries(Path.Combine(world.DataDirectory, "objects-tmp")), Is.Empty, "no temp file of the killed write is left");
    }

    /// <summary>
    /// A paid provider down for the first run's first calls leaves error rows; the retry is killed before
    /// its send, or once its first part is written (the first run writes 300), and the restarted host ends it.
    /// </summary>
    [TestCase("retry-send:1")]
    [TestCase("part:301")]
    public async Task Retry_Killed_EndsWholeAfterRestart(string point)
    {
        await using var api = await FakePersonApiServer.StartAsync();
        api.State.RequiredApiKey = ApiKey;
        api.State.Latency = TimeSpan.Zero;
        api.State.EnqueueFaults(FakeFault.ServerError, 4);
        await using var world = await FaultWorld.StartAsync(point, api.BaseUrl);
        var accepted = await world.PostInlineAsync(await File.ReadAllBytesAsync(world.Input), "fault-key-2", "?providers=normalize,email,fakeperson");
        var statusUrl = (await JobPolling.ReadJsonAsync(accepted)).GetProperty("statusUrl").GetString()!;
        var first = await JobPolling.WaitForFinishAsync(world.Http, statusUrl, Limit);
        Assert.That(first.GetProperty("status").GetString(), Is.EqualTo("completed_with_errors"), first.ToString());

        try
        {
            await world.Http.PostAsync(new Uri(statusUrl + "/retry", UriKind.RelativeOrAbsolute), null);
        }
        catch (HttpRequestException)
        {
            // Killed before it answered (before the retry's send).
        }

        await world.RestartAsync();

        await world.AssertWholeAsync(statusUrl);
    }

    /// <summary>One data directory, a host that will kill itself at the point, and the client's side.</summary>
    private sealed class FaultWorld : IAsyncDisposable
    {
        private readonly TempDirectory _temp = new();
        private readonly string[] _serve;
        private HostProcess _host;

        private readonly Dictionary<string, string?> _environment = [];

        private FaultWorld(string point, Uri? providerApi)
        {
            var port = HostProcess.FreePort();
            _serve = ["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", DataDirectory, "--batch-size", "10", "--workers", providerApi is null ? "2" : "1", "--visibility-timeout", "2"];
            if (providerApi is not null)
            {
                // One worker: the fake's four faults fall on two calls' both attempts, so the first run has error rows.
                var definitions = _temp.File("providers");
                Directory.CreateDirectory(definitions);
                File.WriteAllText(Path.Combine(definitions, "fakeperson.json"), FakePersonDefinition.Json(providerApi));
                _serve = [.. _serve, "--provider-dir", definitions];
                _environment["FAKE_PERSON_API_KEY"] = ApiKey;
            }

            Http = ServeHttp.Client(port, TimeSpan.FromSeconds(60));
            _host = HostProcess.Start(new Dictionary<string, string?>(_environment) { [KillPoint.Variable] = point }, _serve);
        }

        public HttpClient Http { get; }

        public string Input => _temp.File("contacts.csv");

        public string DataDirectory => _temp.File("data");

        public static async Task<FaultWorld> StartAsync(string point, Uri? providerApi = null)
        {
            var world = new FaultWorld(point, providerApi);
            await using (var writer = new StreamWriter(world.Input))
            {
                await new ContactGenerator(seed: 5).WriteCsvAsync(writer, Contacts, CancellationToken.None);
            }

            await world._host.WaitUntilListeningAsync(Limit);
            return world;
        }

        public Task<HttpResponseMessage> PostInlineAsync(byte[] body, string idempotencyKey, string query = "")
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/jobs" + query) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            return Http.SendAsync(request);
        }

        /// <summary>Reserves an upload and PUTs the list; the host may die while or after it answers.</summary>
        public async Task<string> UploadAsync()
        {
            var reserve = await JobPolling.ReadJsonAsync(await Http.PostAsync("/jobs/uploads", new StringContent($"{{\"fileName\":\"contacts.csv\",\"size\":{new FileInfo(Input).Length}}}", Encoding.UTF8, "application/json")));
            var content = new StreamContent(File.OpenRead(Input));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            try
            {
                await Http.PutAsync(new Uri(reserve.GetProperty("uploadUrl").GetString()!), content);
            }
            catch (HttpRequestException)
            {
                // Killed before it answered: the list is on disk (the kill points come after it is stored).
            }

            return reserve.GetProperty("statusUrl").GetString()!;
        }

        /// <summary>Awaits the kill (exit code 137: SIGKILL), then starts a host with no kill point on the same data.</summary>
        public async Task RestartAsync()
        {
            var exit = await _host.WaitForExitAsync(Limit);
            Assert.That(exit, Is.EqualTo(137), $"the host was SIGKILLed at its kill point: {_host.StandardError}");
            await _host.DisposeAsync();
            _host = HostProcess.Start(_environment, _serve);
            await _host.WaitUntilListeningAsync(Limit);
        }

        public async Task AssertWholeAsync(string statusUrl)
        {
            var status = await JobPolling.WaitForFinishAsync(Http, statusUrl, Limit);
            Assert.That(status.GetProperty("status").GetString(), Is.EqualTo("completed"), status.ToString());
            Assert.That(status.GetProperty("records").GetProperty("processed").GetInt64(), Is.EqualTo(Contacts), "each record counted once");
            var output = _temp.File("enriched.csv");
            using (var plain = new HttpClient())
            await using (var file = File.Create(output))
            {
                await (await plain.GetStreamAsync(new Uri(status.GetProperty("downloadUrl").GetString()!))).CopyToAsync(file);
            }

            var (columns, rows) = await OutputFiles.ReadAsync(output, InputFormat.Csv);
            var ids = rows.Select(r => OutputFiles.Column(columns, r, "Contact ID")).ToList();
            Assert.That(ids, Is.EqualTo(Enumerable.Range(1, Contacts).Select(i => i.ToString(CultureInfo.InvariantCulture))), "every record once, in input order");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _host.DisposeAsync();
            _temp.Dispose();
        }
    }
}
