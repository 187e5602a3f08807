using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;
using Enrichment.Core.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Enrichment.Core.Configuration;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The services every host shares; an adapter set (AWS or local) adds the ports. Hosts call one
    /// AddEnrichment…() that calls this. <paramref name="logger"/> is the one logger of the process (JSON
    /// in Lambda, text locally), which the host also runs its invocations' request scopes on.
    /// <paramref name="providerDefinitions"/> are the http providers
    /// the deployment offers besides the built-ins (already loaded: a broken one has failed the start);
    /// <paramref name="mxSettings"/> the mx provider's resolver when the host read it itself (null: from
    /// ENRICHMENT_DNS_SERVER).
    /// </summary>
    public static IServiceCollection AddEnrichmentCore(
        this IServiceCollection services,
        EnrichmentOptions options,
        ILogger logger,
        IReadOnlyList<HttpProviderDefinition>? providerDefinitions = null,
        MxSettings? mxSettings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var definitions = providerDefinitions ?? [];
        string[] offered = [.. ProviderFactory.BuiltInNames, .. definitions.Select(static d => d.Name!)];
        if (ProviderSelection.Choose([.. options.DefaultProviders], offered) is { Names: null } refused)
        {
            // The deployment's own default chain must be one of its offers: refuse to start otherwise.
            throw new InvalidOperationException($"the default provider chain cannot run: {refused.Error}");
        }

        services.AddSingleton(options);
        services.AddSingleton(logger);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new ProviderFactory(definitions, provider.GetService<ISecretParameters>(), mxSettings: mxSettings));
        // One per container: the services begin their tallies in it and the counting ports (CountRequests) count into it.
        services.TryAddSingleton<IUsageTallyAccessor, UsageTallyAccessor>();
        services.AddSingleton<SplitService>();
        services.AddSingleton<SplitFailureService>();
        services.AddSingleton<BatchProcessor>();
        services.AddSingleton<WorkerService>();
        services.AddSingleton<CompletionService>();
        services.AddSingleton<AggregateService>();
        services.AddSingleton<JobStatusService>();
        services.AddSingleton<JobSummaryService>();
        services.AddSingleton<RetryService>();
        services.AddSingleton<SingleEnrichService>();
        services.AddSingleton<UploadService>();
        services.AddSingleton(provider => new Webhooks.WebhookSender(options.Webhooks, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<WebhookService>();
        return services;
    }
}
