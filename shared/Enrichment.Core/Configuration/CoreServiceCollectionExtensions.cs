using Enrichment.Core.Providers;
using Enrichment.Core.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Core.Configuration;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The services every host shares; an adapter set (AWS or local) adds the ports. Hosts call one
    /// AddEnrichment…() that calls this.
    /// </summary>
    public static IServiceCollection AddEnrichmentCore(this IServiceCollection services, EnrichmentOptions options, string logLevel = "info")
    {
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ILogSink>(provider => new ConsoleLogSink(provider.GetRequiredService<TimeProvider>(), logLevel));
        services.AddSingleton<ProviderFactory>();
        services.AddSingleton<SplitService>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<WorkerService>();
        services.AddSingleton<CompletionService>();
        services.AddSingleton<AggregateService>();
        services.AddSingleton<JobStatusService>();
        services.AddSingleton<JobSummaryService>();
        services.AddSingleton<RetryService>();
        services.AddSingleton<SingleEnrichService>();
        services.AddSingleton<UploadService>();
        return services;
    }
}
