using Enrichment.Core.Services;
using Enrichment.Local.Host.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Cli;

/// <summary>`serve --port 8080`: the API Gateway routes on 127.0.0.1, backed by the local pipeline.</summary>
public static class ServeCommand
{
    public static async Task RunAsync(CliArguments args, TextWriter output, CancellationToken cancellationToken)
    {
        var port = args.IntOption("port", 8080, 1, 65535);
        var settings = new LocalSettings
        {
            DataDirectory = Path.GetFullPath(args.Option("data-dir") ?? ".enrichment"),
            BaseUrl = new Uri($"http://127.0.0.1:{port}"),
            Workers = args.IntOption("workers", Math.Max(2, Environment.ProcessorCount), 1, 64),
            BatchSize = args.IntOption("batch-size", 100, 1, 10_000),
            VisibilityTimeout = TimeSpan.FromSeconds(args.IntOption("visibility-timeout", 30, 1, 43_200)),
            Providers = Core.Configuration.EnvironmentOptions.List(args.Option("providers")),
            LogLevel = args.Option("log-level") ?? "info",
            MaxInlineBodyBytes = args.IntOption("max-inline-bytes", (int)new Core.Configuration.EnrichmentOptions().MaxInlineBodyBytes, 1, 10 * 1024 * 1024),
        };
        args.RejectUnknown();

        await using var pipeline = await LocalPipeline.StartAsync(settings, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(settings.BaseUrl.ToString());
        await using var app = builder.Build();
        var bridge = new HttpBridge(pipeline, TimeProvider.System, new ConsoleLogSink(TimeProvider.System, settings.LogLevel));
        app.Run(bridge.HandleAsync);
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"listening on {settings.BaseUrl} (data in {settings.DataDirectory}); Ctrl+C stops");
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
}
