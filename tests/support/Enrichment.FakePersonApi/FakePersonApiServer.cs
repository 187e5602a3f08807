using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.FakePersonApi;

/// <summary>
/// The fake person-data API on 127.0.0.1. <c>POST /v1/person</c> takes one JSON object with an
/// <c>email</c>; <c>POST /v1/people/bulk</c> takes <c>{"records": [{"id": "...", "email": "..."}]}</c>
/// and answers <c>{"results": [...]}</c> for the matched ids only. A person looks like
/// <c>{"email", "employment": {"title", "company"}, "match": {"confidence"}}</c>; an unmatched single
/// request is a 404.
/// </summary>
public sealed class FakePersonApiServer : IAsyncDisposable
{
    public const string SinglePath = "/v1/person";
    public const string BulkPath = "/v1/people/bulk";

    private readonly WebApplication _app;

    private FakePersonApiServer(WebApplication app, FakePersonApiState state, Uri baseUrl)
    {
        _app = app;
        State = state;
        BaseUrl = baseUrl;
    }

    public FakePersonApiState State { get; }

    /// <summary>e.g. <c>http://127.0.0.1:41234</c>, without a trailing slash.</summary>
    public Uri BaseUrl { get; }

    public Uri SingleUrl => new(BaseUrl, SinglePath);

    public Uri BulkUrl => new(BaseUrl, BulkPath);

    /// <summary>Starts the API on 127.0.0.1 (port 0 picks a free one).</summary>
    public static async Task<FakePersonApiServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var state = new FakePersonApiState();
        app.MapPost(SinglePath, context => HandleAsync(context, state, bulk: false));
        app.MapPost(BulkPath, context => HandleAsync(context, state, bulk: true));
        app.MapGet("/health", static context => context.Response.WriteAsync("ok", context.RequestAborted));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakePersonApiServer(app, state, new Uri(address));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM) or <paramref name="cancellationToken"/> fires.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task HandleAsync(HttpContext context, FakePersonApiState state, bool bulk)
    {
        var fault = state.NextFault();
        JsonDocument? body = null;
        try
        {
            try
            {
                body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                state.Record(new FakeRequest(context.Request.Path, TimeProvider.System.GetUtcNow(), 0, fault));
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "body is not JSON");
                return;
            }

            var records = bulk ? BulkRecords(body.RootElement) : [(Id: (string?)null, Record: body.RootElement)];
            state.Record(new FakeRequest(context.Request.Path, TimeProvider.System.GetUtcNow(), records.Count, fault, [.. records.Select(r => EmailOf(r.Record) ?? string.Empty)]));
            if (!await ApplyFaultAsync(context, state, fault))
            {
                return;
            }

            if (state.RequiredApiKey is { } key && context.Request.Headers[state.ApiKeyHeader].ToString() != key)
            {
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid api key");
                return;
            }

            if (bulk && records.Count == 0 && body.RootElement.ValueKind != JsonValueKind.Object)
            {
                await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "expected {\"records\": [...]}");
                return;
            }

            await WriteAnswerAsync(context, records, bulk);
        }
        finally
        {
            body?.Dispose();
        }
    }

    /// <summary>Returns whether the request should still be answered normally.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext context, FakePersonApiState state, FakeFault fault)
    {
        switch (fault)
        {
            case FakeFault.Latency:
                await Task.Delay(state.Latency, context.RequestAborted);
                return true;
            case FakeFault.TooManyRequests:
                context.Response.Headers.RetryAfter = state.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteErrorAsync(context, StatusCodes.Status429TooManyRequests, "slow down");
                return false;
            case FakeFault.ServerError:
                await WriteErrorAsync(context, StatusCodes.Status503ServiceUnavailable, "unavailable");
                return false;
            case FakeFault.Timeout:
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(60), context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, which is what this fault is for.
                }

                return false;
            case FakeFault.MalformedJson:
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"results\": [{\"id\": ", context.RequestAborted);
                return false;
            case FakeFault.Unauthorized:
                await WriteErrorAsync(context, StatusCodes.Status401Unauthorized, "invalid api key");
                return false;
            default:
                return true;
        }
    }

    private static List<(string? Id, JsonElement Record)> BulkRecords(JsonElement root)
    {
        var records = new List<(string? Id, JsonElement Record)>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("records", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var idElement) ? idElement.ToString() : null;
                records.Add((id, item));
            }
        }

        return records;
    }

    private static async Task WriteAnswerAsync(HttpContext context, List<(string? Id, JsonElement Record)> records, bool bulk)
    {
        if (!bulk)
        {
            var person = FakePeople.Find(EmailOf(records[0].Record));
            if (person is null)
            {
                await WriteErrorAsync(context, StatusCodes.Status404NotFound, "no match");
                return;
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (bulk)
            {
                writer.WriteStartObject();
                writer.WriteStartArray("results");
            }

            foreach (var (id, record) in records)
            {
                var email = EmailOf(record);
                if (FakePeople.Find(email) is { } person)
                {
                    writer.WriteStartObject();
                    if (id is not null)
                    {
                        writer.WriteString("id", id);
                    }

                    writer.WriteString("email", email);
                    writer.WriteStartObject("employment");
                    writer.WriteString("title", person.Title);
                    writer.WriteString("company", person.Company);
                    writer.WriteEndObject();
                    writer.WriteStartObject("match");
                    writer.WriteNumber("confidence", person.Confidence);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
            }

            if (bulk)
            {
                writer.WriteEndArray();
                writer.WriteEndObject();
            }
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }

    private static string? EmailOf(JsonElement record) =>
        record.ValueKind == JsonValueKind.Object && record.TryGetProperty("email", out var email) && email.ValueKind == JsonValueKind.String
            ? email.GetString()
            : null;

    private static async Task WriteErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"error\":\"{message}\"}}", context.RequestAborted);
    }
}
