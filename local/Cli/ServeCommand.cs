using System.CommandLine;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `serve --port 8080`: the API Gateway routes, backed by the local pipeline. Single-user on
/// 127.0.0.1 by default; `--api-keys FILE` makes callers authenticate, and only then may it listen
/// on another address (`--bind`, with `--public-url` naming how clients reach it).
/// </summary>
public static class ServeCommand
{
    public static Command Create(TextWriter output)
    {
        var port = CliOptions.WholeNumber("--port", 8080, 1, 65535, "the port to listen on");
        var bind = CliOptions.Text("--bind", "ip", "the address to listen on (default 127.0.0.1); another than loopback needs --api-keys and --public-url");
        var publicUrl = CliOptions.Text("--public-url", "url", "how clients reach this host (https://host); every link is built from it");
        var apiKeys = CliOptions.Text("--api-keys", "file", "a JSON object of API key to caller name; callers must then send one");
        var bodyMemory = CliOptions.WholeNumber("--max-body-memory-mb", (int)(BridgeSecurity.DefaultBodyBudget / (1024 * 1024)), 10, 65_536, "request bodies held in memory at once, over all callers");
        var maxInline = CliOptions.WholeNumber("--max-inline-bytes", (int)new Core.Configuration.EnrichmentOptions().MaxInlineBodyBytes, 1, 10 * 1024 * 1024, "the largest list POST /jobs takes inline; larger ones go through an upload link");
        var providers = CliOptions.Providers();
        var providerDir = CliOptions.ProviderDirectory();
        var dnsServer = CliOptions.DnsServer();
        var batchSize = CliOptions.BatchSize();
        var workers = CliOptions.Workers();
        var visibility = CliOptions.WholeNumber("--visibility-timeout", 30, 1, 43_200, "seconds a received batch stays hidden before another worker may take it");
        var logLevel = CliOptions.Text("--log-level", "level", "debug, info, warn or error (default info); logs never carry contact data");
        var dataDir = CliOptions.DataDirectory();
        var corsOrigins = CliOptions.CorsOrigins();
        var webhooks = new WebhookServeOptions();
        var command = new Command("serve", "the HTTP API and the web page on this machine, backed by the local pipeline (single-user on 127.0.0.1 unless --api-keys)")
        {
            port, bind, publicUrl, apiKeys, bodyMemory, maxInline, providers, providerDir, dnsServer, batchSize, workers, visibility, logLevel, dataDir, corsOrigins,
        };
        foreach (var option in webhooks.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parsed, cancellationToken) =>
        {
            var (definitions, chain) = ProviderOptions.Read(parsed.GetValue(providerDir), parsed.GetValue(providers));
            var address = ParseBind(parsed.GetValue(bind));
            var publicUri = PublicUrl(parsed.GetValue(publicUrl));
            var listenUrl = new Uri($"http://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{parsed.GetValue(port)}");
            var settings = new LocalSettings
            {
                DataDirectory = Path.GetFullPath(parsed.GetValue(dataDir)!),
                BaseUrl = publicUri ?? listenUrl,
                Workers = parsed.GetValue(workers),
                BatchSize = parsed.GetValue(batchSize),
                VisibilityTimeout = TimeSpan.FromSeconds(parsed.GetValue(visibility)),
                Providers = chain,
                ProviderDefinitions = definitions,
                Dns = ProviderOptions.ReadDns(parsed.GetValue(dnsServer)),
                LogLevel = parsed.GetValue(logLevel) ?? "info",
                MaxInlineBodyBytes = parsed.GetValue(maxInline),
                Webhooks = webhooks.Read(parsed),
            };
            var cors = ParseCors(parsed.GetValue(corsOrigins));
            var listen = new ServeListen(address, parsed.GetValue(port), listenUrl, publicUri, parsed.GetValue(apiKeys), parsed.GetValue(bodyMemory) * 1024L * 1024, cors);
            await RunAsync(settings, listen, output, cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(LocalSettings settings, ServeListen listen, TextWriter output, CancellationToken cancellationToken)
    {
        var (bind, port, listenUrl, publicUrl, keysFile, bodyBudget, cors) = listen;
        ApiKeys? keys = null;
        if (keysFile is not null)
        {
            try
            {
                keys = ApiKeys.Load(Path.GetFullPath(keysFile));
            }
            catch (InvalidDataException ex)
            {
                throw new CliException($"--api-keys: {ex.Message}");
            }
        }

        if (!IPAddress.IsLoopback(bind))
        {
            if (keys is null)
            {
                throw new CliException("--bind to a non-loopback address needs --api-keys: without keys serve is single-user on 127.0.0.1");
            }

            if (publicUrl is null)
            {
                throw new CliException("--bind to a non-loopback address needs --public-url: the address clients use, from which every link is built");
            }
        }

        var security = new BridgeSecurity(new HostGuard(listenUrl, publicUrl), keys, new BodyBudget(bodyBudget));
        await using var pipeline = await LocalPipeline.StartAsync(settings, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddCors();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bind, port, endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http1;
            endpoint.Use(next => connection => ErrorBodyConnection.RunAsync(connection, next));
        }));
        await using var app = builder.Build();
        var bridge = new HttpBridge(pipeline, security, TimeProvider.System, pipeline.Log);
        if (!cors.IsOff)
        {
            // Before the bridge: a preflight carries no API key, and is answered here without reaching the API.
            app.UseCors(cors.Configure);
        }

        app.Run(bridge.HandleAsync);
        await app.StartAsync(cancellationToken);
        var mode = keys is null ? "single-user, no API keys" : $"{keys.Count} API key(s)";
        await output.WriteLineAsync($"listening on {settings.BaseUrl} ({mode}; data in {settings.DataDirectory}); Ctrl+C stops");
        await output.WriteLineAsync($"web page: {settings.BaseUrl}");
        await output.FlushAsync(cancellationToken);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>Where and how serve listens, as its options gave it.</summary>
    private sealed record ServeListen(IPAddress Bind, int Port, Uri ListenUrl, Uri? PublicUrl, string? ApiKeysFile, long BodyBudget, CorsOrigins Cors);

    private static IPAddress ParseBind(string? text) =>
        text is null ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new CliException($"--bind must be an IP address (127.0.0.1, ::1, 0.0.0.0), not '{text}'");

    private static CorsOrigins ParseCors(string? text)
    {
        try
        {
            return CorsOrigins.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliException($"--cors-origins: {ex.Message}");
        }
    }

    private static Uri? PublicUrl(string? text)
    {
        try
        {
            return Core.Configuration.EnvironmentOptions.PublicUrl(text);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliException($"--public-url: {ex.Message}");
        }
    }
}
