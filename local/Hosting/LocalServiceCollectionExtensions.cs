using Enrichment.Core.Configuration;
using Enrichment.Lambda.Logging;
using Enrichment.Local.Answers;
using Enrichment.Local.ControlTable;
using Enrichment.Local.Objects;
using Enrichment.Local.Queue;
using Enrichment.Local.Secrets;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Local.Host.Hosting;

public static class LocalServiceCollectionExtensions
{
    /// <summary>The shared services on the embedded adapters: everything under one data directory.</summary>
    public static IServiceCollection AddEnrichmentLocal(this IServiceCollection services, LocalSettings settings)
    {
        Directory.CreateDirectory(settings.DataDirectory);
        var options = new EnrichmentOptions
        {
            BatchSize = settings.BatchSize,
            MaxReceiveCount = settings.MaxReceiveCount,
            MaxInlineBodyBytes = settings.MaxInlineBodyBytes,
            DefaultProviders = settings.Providers ?? new EnrichmentOptions().DefaultProviders,
            PublicBaseUrl = settings.BaseUrl,
            Webhooks = settings.Webhooks,
            Version = typeof(LocalServiceCollectionExtensions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0",
            DeadLetterQueueArn = LocalQueue.ArnOf(LocalQueueSet.DeadLetterQueueName),
            ValidateInHalves = true,
        };
        // Readable text on standard error: standard output carries the CLI's own output.
        var logger = new StructuredLogger(LogFormat.Text, LogLevels.Parse(settings.LogLevel), Console.Error, Console.Error, TimeProvider.System);
        services.AddEnrichmentCore(options, logger, settings.ProviderDefinitions, settings.Dns);
        services.AddSingleton(settings);
        services.AddSingleton(provider => new SqliteControlTable(settings.DataDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IControlTable>(provider => provider.GetRequiredService<SqliteControlTable>());
        services.AddSingleton(provider => new SqliteProviderAnswerCache(settings.DataDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IProviderAnswerCache>(provider => provider.GetRequiredService<SqliteProviderAnswerCache>());
        // Provider API keys locally: {data directory}/secrets.json, a JSON object of parameter name to value.
        services.AddSingleton<ISecretParameters>(new FileSecretParameters(Path.Combine(settings.DataDirectory, FileSecretParameters.DefaultFileName)));
        services.AddSingleton(provider => new LocalQueueSet(settings.DataDirectory, provider.GetRequiredService<TimeProvider>(), settings.MaxReceiveCount, settings.VisibilityTimeout));
        services.AddSingleton(provider => provider.GetRequiredService<LocalQueueSet>().BatchQueue);
        services.AddSingleton(provider => LocalUrlSigner.ForDataDirectory(settings.DataDirectory, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new DirectoryObjectStore(settings.DataDirectory, provider.GetRequiredService<LocalUrlSigner>(), settings.BaseUrl));
        services.AddSingleton<IObjectStore>(provider => provider.GetRequiredService<DirectoryObjectStore>());
        services.AddSingleton<LocalObjectEndpoint>();
        return services;
    }
}
