using System.Net;
using Enrichment.Core.Services;
using Enrichment.Local.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `serve --port 8080`: the API Gateway routes, backed by the local pipeline. Single-user on
/// 127.0.0.1 by default; `--api-keys FILE` makes callers authenticate, and only then may it listen
/// on another address (`--bind`, with `--public-url` naming how clients reach it).
/// </summary>
public static class ServeCommand
{
    public static async Task RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var port = args.IntOption("port", 8080, 1, 65535);
        var (definitions, chain) = ProviderOptions.Read(args);
        var bind = ParseBind(args.Option("bind"));
        var listenUrl = new Uri($"http://{(bind.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bind}]" : bind.ToString())}:{port}");
        var publicUrl = PublicUrl(args.Option("public-url"));
        var keysFile = args.Option("api-keys");
        var bodyBudget = args.IntOption("max-body-memory-mb", (int)(BridgeSecurity.DefaultBodyBudget / (1024 * 1024)), 10, 65_536) * 1024L * 1024;
        var settings = new LocalSettings
        {
            DataDirectory = Path.GetFullPath(args.Option("data-dir") ?? ".enrichment"),
            BaseUrl = publicUrl ?? listenUrl,
            Workers = args.IntOption("workers", Math.Max(2, Environment.ProcessorCount), 1, 64),
            BatchSize = args.IntOption("batch-size", 100, 1, 10_000),
            VisibilityTimeout = TimeSpan.FromSeconds(args.IntOption("visibility-timeout", 30, 1, 43_200)),
            Providers = chain,
            ProviderDefinitions = definitions,
            Dns = ProviderOptions.ReadDns(args),
            LogLevel = args.Option("log-level") ?? "info",
            MaxInlineBodyBytes = args.IntOption("max-inline-bytes", (int)new Core.Configuration.EnrichmentOptions().MaxInlineBodyBytes, 1, 10 * 1024 * 1024),
        };
        args.RejectUnknown();

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
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(bind, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listen.Use(next => connection => ErrorBodyConnection.RunAsync(connection, next));
        }));
        await using var app = builder.Build();
        var bridge = new HttpBridge(pipeline, security, TimeProvider.System, new ConsoleLogSink(TimeProvider.System, settings.LogLevel));
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

    private static IPAddress ParseBind(string? text) =>
        text is null ? IPAddress.Loopback
        : IPAddress.TryParse(text, out var address) ? address
        : throw new CliException($"--bind must be an IP address (127.0.0.1, ::1, 0.0.0.0), not '{text}'");

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
