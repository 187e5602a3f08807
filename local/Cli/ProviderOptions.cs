using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `--provider-dir DIR` registers the http providers this host offers (every *.json there, by its
/// name); `--providers a,b` is the default chain, chosen among the offered names. Both are checked
/// here, at start, so a broken definition or an unknown name is one error line and no host.
/// `--dns-server IP[:PORT]` is the mx provider's resolver (else ENRICHMENT_DNS_SERVER, else the
/// machine's own resolvers).
/// </summary>
public static class ProviderOptions
{
    public static (IReadOnlyList<HttpProviderDefinition> Definitions, IReadOnlyList<string>? DefaultChain) Read(string? providerDirectory, string? providers)
    {
        IReadOnlyList<HttpProviderDefinition> definitions = [];
        if (providerDirectory is { } directory)
        {
            try
            {
                definitions = HttpProviderDefinitionDirectory.Load(directory);
            }
            catch (HttpProviderDefinitionException ex)
            {
                throw new CliException($"--provider-dir: {ex.Message}");
            }
        }

        var chain = ProviderSelection.ParseList(providers);
        if (chain is null)
        {
            return (definitions, null);
        }

        string[] offered = [.. ProviderFactory.BuiltInNames, .. definitions.Select(static d => d.Name!)];
        var choice = ProviderSelection.Choose(chain, offered);
        return choice.Names is null
            ? throw new CliException($"--providers: {choice.Error} (register http providers with --provider-dir)")
            : (definitions, choice.Names);
    }

    /// <summary>The mx provider's resolver: --dns-server, else ENRICHMENT_DNS_SERVER, else none (the machine's resolvers).</summary>
    public static MxSettings ReadDns(string? dnsServer, Func<string, string?>? environment = null)
    {
        var (name, text) = dnsServer is not null
            ? ("--dns-server", dnsServer)
            : (MxSettings.ServerVariable, (environment ?? Environment.GetEnvironmentVariable)(MxSettings.ServerVariable));
        if (string.IsNullOrWhiteSpace(text))
        {
            return new MxSettings();
        }

        try
        {
            return new MxSettings { Server = MxSettings.ParseServer(text) };
        }
        catch (ArgumentException)
        {
            throw new CliException($"{name}: must be an IP address with an optional port (127.0.0.1:5353)");
        }
    }
}
