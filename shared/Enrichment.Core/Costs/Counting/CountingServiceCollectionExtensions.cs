using Enrichment.Core.Ports;
using Microsoft.Extensions.DependencyInjection;

namespace Enrichment.Core.Costs.Counting;

public static class CountingServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered control table, queue, object store and answer cache in their counting
    /// decorators, so the requests every service makes are counted at the ports (call it after the
    /// adapters are registered). A port registered by type rather than by factory or instance is refused.
    /// </summary>
    public static IServiceCollection CountRequests(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Decorate<IControlTable>(services, static inner => inner as CountingControlTable ?? new CountingControlTable(inner));
        Decorate<IBatchQueue>(services, static inner => inner as CountingBatchQueue ?? new CountingBatchQueue(inner));
        Decorate<IObjectStore>(services, static inner => inner as CountingObjectStore ?? new CountingObjectStore(inner));
        Decorate<IProviderAnswerCache>(services, static inner => inner as CountingAnswerCache ?? new CountingAnswerCache(inner));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(T) && !services[i].IsKeyedService)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return;
        }

        var descriptor = services[index];
        Func<IServiceProvider, object> create = descriptor.ImplementationInstance is { } instance ? _ => instance
            : descriptor.ImplementationFactory is { } factory ? factory
            : throw new InvalidOperationException($"{typeof(T).Name} must be registered by factory or instance to be counted");
        services[index] = ServiceDescriptor.Describe(typeof(T), provider => wrap((T)create(provider)), descriptor.Lifetime);
    }
}
