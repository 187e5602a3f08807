using System.Collections.Concurrent;
using Enrichment.Core.Ports;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Normalization;

namespace Enrichment.Core.Providers;

/// <summary>
/// Builds provider chains from configured names ("normalize", "email"). A name may carry an
/// argument after a colon ("http:definitions/clearbit.json"): the part before the colon picks the
/// registered factory, which receives the whole spec. Further providers plug in through
/// <see cref="Register"/> without changes here. Built-in arguments: "normalize:US" sets the region
/// for national phone numbers of records without a known country.
/// </summary>
public sealed class ProviderFactory
{
    private readonly Dictionary<string, Func<ProviderSpec, IDataProvider>> factories = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A factory that knows the built-in providers; http providers read keys from the environment only.</summary>
    public ProviderFactory()
        : this(null)
    {
    }

    /// <summary>
    /// The same, with a store for the http providers' <c>auth.parameter</c> keys (the DI container
    /// takes this constructor when an <see cref="ISecretParameters"/> is registered). Each provider
    /// reads its key on its first call and keeps it as long as this factory lives.
    /// </summary>
    public ProviderFactory(ISecretParameters? secrets)
    {
        Register(NormalizeProvider.ProviderName, static spec => new NormalizeProvider(DefaultRegion(spec)));
        Register(EmailProvider.ProviderName, static _ => new EmailProvider());
        // One instance per definition file for the factory's lifetime: chains are built per batch,
        // and the breaker state and rate limiter must outlive a batch to mean anything.
        var httpProviders = new ConcurrentDictionary<string, Lazy<HttpProvider>>(StringComparer.Ordinal);
        Register(HttpProvider.Kind, spec => httpProviders.GetOrAdd(
            spec.Argument?.Trim() ?? string.Empty,
            _ => new Lazy<HttpProvider>(() => HttpProvider.FromSpec(spec, HttpProviderClient.Shared, TimeProvider.System, secrets))).Value);
    }

    /// <summary>Known kinds, sorted.</summary>
    public IReadOnlyList<string> KnownNames => [.. factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Adds or replaces the factory of one provider kind.</summary>
    public ProviderFactory Register(string kind, Func<ProviderSpec, IDataProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(factory);
        if (kind.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A provider kind cannot contain ':'.", nameof(kind));
        }

        factories[kind] = factory;
        return this;
    }

    public IDataProvider Create(string name)
    {
        var spec = ProviderSpec.Parse(name);
        if (!factories.TryGetValue(spec.Kind, out var factory))
        {
            throw new ArgumentException(
                $"Unknown provider '{name}'. Known providers: {string.Join(", ", KnownNames)}.",
                nameof(name));
        }

        return factory(spec);
    }

    /// <summary>The chain of the named providers, in the given order.</summary>
    public ProviderChain CreateChain(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var providers = new List<IDataProvider>();
        var httpNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var provider = Create(name);
            // Counters and the job's cached answers are kept by provider name: two APIs under one name would mix them.
            if (provider is HttpProvider && !httpNames.Add(provider.Name))
            {
                throw new ArgumentException(
                    $"Provider '{name}': another http provider of the chain is also named '{provider.Name}'; give each definition its own name.",
                    nameof(names));
            }

            providers.Add(provider);
        }

        return new ProviderChain(providers);
    }

    private static string? DefaultRegion(ProviderSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Argument))
        {
            return null;
        }

        var region = spec.Argument.Trim().ToUpperInvariant();
        return CountryCodes.Alpha2Codes.Contains(region)
            ? region
            : throw new ArgumentException($"Provider '{spec.Name}': '{spec.Argument}' is not an ISO 3166-1 alpha-2 country code.", nameof(spec));
    }
}
