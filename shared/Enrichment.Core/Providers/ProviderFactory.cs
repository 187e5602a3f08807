using Enrichment.Core.Ports;
using Enrichment.Core.Providers.Http;

namespace Enrichment.Core.Providers;

/// <summary>
/// The providers a deployment offers, by name: the built-in <c>normalize</c> and <c>email</c>, and
/// one http provider per definition the deployment registered at start (see
/// <see cref="HttpProviderDefinitionDirectory"/>). Requests and jobs choose among these names only
/// (<see cref="ProviderSelection"/>); nothing a request sends is ever read as a path, URL or key name.
/// </summary>
public sealed class ProviderFactory
{
    private readonly Dictionary<string, Func<IDataProvider>> factories = new(StringComparer.Ordinal);

    /// <summary>A factory that offers the built-in providers only.</summary>
    public ProviderFactory()
        : this([], null)
    {
    }

    /// <summary>
    /// The built-ins plus one http provider per definition, built now so a definition that cannot be
    /// used fails the host at start. Each http provider is one instance for the factory's lifetime:
    /// chains are built per batch, and the breaker state, the rate limiter and the API key (read on
    /// the first call, from the variable or through <paramref name="secrets"/>) must outlive a batch.
    /// </summary>
    /// <param name="environment">Reads the keys' environment variables and the parameter prefix (tests pass their own).</param>
    public ProviderFactory(IEnumerable<HttpProviderDefinition> definitions, ISecretParameters? secrets = null, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        Register(NormalizeProvider.ProviderName, static () => new NormalizeProvider());
        Register(EmailProvider.ProviderName, static () => new EmailProvider());
        foreach (var definition in definitions)
        {
            var provider = new HttpProvider(definition, HttpProviderClient.Shared, TimeProvider.System, environment, secrets);
            if (factories.ContainsKey(provider.Name))
            {
                throw new HttpProviderDefinitionException($"two providers are named '{provider.Name}'; give each definition its own name");
            }

            Register(provider.Name, () => provider);
        }
    }

    /// <summary>The offered names, sorted.</summary>
    public IReadOnlyList<string> KnownNames => [.. factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Offers one more provider under <paramref name="name"/> (a provider name: letters, digits, '_', '-', '.').</summary>
    public ProviderFactory Register(string name, Func<IDataProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!ProviderSelection.IsName(name))
        {
            throw new ArgumentException($"'{name}' is not a provider name: letters, digits, '_', '-' and '.', starting with a letter.", nameof(name));
        }

        factories[name] = factory;
        return this;
    }

    /// <summary>The names a chain would run, or the reason a request's choice is refused.</summary>
    public ProviderSelection.Choice Choose(IReadOnlyList<string?> names) => ProviderSelection.Choose(names, factories.Keys);

    /// <summary>The chain of the named providers, in the given order; a refused choice is an <see cref="ArgumentException"/> whose message suits a 400.</summary>
    public ProviderChain CreateChain(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var choice = Choose([.. names]);
        if (choice.Names is null)
        {
            throw new ArgumentException(choice.Error, nameof(names));
        }

        return new ProviderChain([.. choice.Names.Select(name => factories[name]())]);
    }
}
