using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;

namespace Enrichment.Core.Providers;

/// <summary>
/// The providers a deployment offers, by name: the built-in <c>normalize</c>, <c>email</c> and
/// <c>mx</c> (DNS, opt-in), and
/// one http provider per definition the deployment registered at start (see
/// <see cref="HttpProviderDefinitionDirectory"/>). Requests and jobs choose among these names only
/// (<see cref="ProviderSelection"/>); nothing a request sends is ever read as a path, URL or key name.
/// </summary>
public sealed class ProviderFactory
{
    /// <summary>The providers every deployment offers, whatever http providers it registers.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = [NormalizeProvider.ProviderName, EmailProvider.ProviderName, MxProvider.ProviderName];

    /// <summary>
    /// The built-ins that ask no network and keep no state beyond a chain: fresh instances answer the
    /// same wherever they run (unlike mx, whose resolver and breaker span batches, or an http provider).
    /// </summary>
    private static readonly (string Name, Func<IDataProvider> Create)[] OfflineProviders =
    [
        (NormalizeProvider.ProviderName, static () => new NormalizeProvider()),
        (EmailProvider.ProviderName, static () => new EmailProvider()),
    ];

    private readonly Dictionary<string, Func<IDataProvider>> _factories = new(StringComparer.Ordinal);

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
    /// <param name="environment">Reads the keys' environment variables, the parameter prefix and, unless <paramref name="mxSettings"/> is given, the mx provider's resolver (tests pass their own).</param>
    /// <param name="mxSettings">The mx provider's settings when the host has them from elsewhere (the CLI's --dns-server).</param>
    public ProviderFactory(IEnumerable<HttpProviderDefinition> definitions, ISecretParameters? secrets = null, Func<string, string?>? environment = null, MxSettings? mxSettings = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var (name, create) in OfflineProviders)
        {
            Register(name, create);
        }

        // The resolver address is the deployment's (read now, so a bad one fails the host at start);
        // one resolver for the factory's lifetime, so its breaker and in-flight bound span batches.
        var mx = mxSettings ?? MxSettings.FromEnvironment(environment ?? Environment.GetEnvironmentVariable);
        var mxProvider = new Lazy<MxProvider>(() => new MxProvider(new MxResolver(mx, TimeProvider.System)));
        Register(MxProvider.ProviderName, () => mxProvider.Value);
        foreach (var definition in definitions)
        {
            var provider = new HttpProvider(definition, HttpProviderClient.Shared, TimeProvider.System, environment, secrets);
            if (_factories.ContainsKey(provider.Name))
            {
                throw new HttpProviderDefinitionException($"two providers are named '{provider.Name}'; give each definition its own name");
            }

            Register(provider.Name, () => provider);
        }
    }

    /// <summary>The offered names, sorted.</summary>
    public IReadOnlyList<string> KnownNames => [.. _factories.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Offers one more provider under <paramref name="name"/> (a provider name: letters, digits, '_', '-', '.').</summary>
    public ProviderFactory Register(string name, Func<IDataProvider> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!ProviderSelection.IsName(name))
        {
            throw new ArgumentException($"'{name}' is not a provider name: letters, digits, '_', '-' and '.', starting with a letter.", nameof(name));
        }

        _factories[name] = factory;
        return this;
    }

    /// <summary>
    /// Fresh instances of the named providers that ask no network and share nothing with a job
    /// (normalize, email), in the given order, the others left out; null when none is named. For
    /// work beside a job (the CLI's warm-up), never for the job itself.
    /// </summary>
    public static ProviderChain? OfflineChain(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        List<IDataProvider> providers = [];
        foreach (var name in names)
        {
            foreach (var (offline, create) in OfflineProviders)
            {
                if (string.Equals(name, offline, StringComparison.Ordinal))
                {
                    providers.Add(create());
                }
            }
        }

        return providers.Count == 0 ? null : new ProviderChain(providers);
    }

    /// <summary>The names a chain would run, or the reason a request's choice is refused.</summary>
    public ProviderSelection.Choice Choose(IReadOnlyList<string?> names) => ProviderSelection.Choose(names, _factories.Keys);

    /// <summary>The chain of the named providers, in the given order; a refused choice is an <see cref="ArgumentException"/> (a request's choice goes through <see cref="Choose"/> first).</summary>
    public ProviderChain CreateChain(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var choice = Choose([.. names]);
        if (choice.Names is null)
        {
            throw new ArgumentException(choice.Error, nameof(names));
        }

        return new ProviderChain([.. choice.Names.Select(name => _factories[name]())]);
    }
}
