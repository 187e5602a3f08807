using Enrichment.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>Everything a function needs on AWS: the shared services and the AWS adapters of every port.</summary>
    public static IServiceCollection AddEnrichmentAws(this IServiceCollection services, Func<string, string?> environment)
    {
        services.AddEnrichmentCore(EnvironmentOptions.Read(environment), environment("LOG_LEVEL") ?? "info");
        services.AddEnrichmentAwsAdapters(AwsSettings.FromEnvironment(environment));
        return services;
    }
}
