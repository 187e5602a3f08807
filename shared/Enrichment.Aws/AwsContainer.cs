using Enrichment.Aws.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Aws;

/// <summary>
/// The services of one Lambda container, built on first use from the environment Terraform sets and
/// kept for every invocation the container serves.
/// </summary>
public static class AwsContainer
{
    private static readonly Lazy<IServiceProvider> Provider = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static IServiceProvider Services => Provider.Value;

    private static ServiceProvider Build() =>
        new ServiceCollection().AddEnrichmentAws(Environment.GetEnvironmentVariable).BuildServiceProvider();
}
