using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Enrichment.Core.Costs.Counting;

public static class CountingServiceCollectionExtensions
{
    /// <summary>
    /// Wraps the registered control table, queue, object store and answer cache in their counting
    /// decorators, so the requests every service makes are counted at the ports (call it after the
    /// adapters are registered). A port registered by type rather than by factory or instance is refused.
    /// The decorators count into the container's <see cref="IUsageTallyAccessor"/>, where the services begin their tallies.
    /// </summary>
    public static IServiceCollection CountRequests(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton<IUsageTallyAccessor, UsageTallyAccessor>();
        Decorate<IControlTable>(services, static (inner, usage) => inner as CountingControlTable ?? new CountingControlTable(inner, usage));
        Decorate<IBatchQueue>(services, static (inner, usage) => inner as CountingBatchQueue ?? new CountingBatchQueue(inner, usage));
        Decorate<IObjectStore>(services, static (inner, usage) => inner as CountingObjectStore ?? new CountingObjectStore(inner, usage));
        Decorate<IProviderAnswerCache>(services, static (inner, usage) => inner as CountingAnswerCache ?? new CountingAnswerCache(inner, usage));
        return services;
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, IUsageTallyAccessor, T> wrap)
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
        services[index] = ServiceDescriptor.Describe(typeof(T), provider => wrap((T)create(provider), provider.GetRequiredService<IUsageTallyAccessor>()), descriptor.Lifetime);
    }
}
