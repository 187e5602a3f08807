using Enrichment.Core.Providers;
using Enrichment.Core.Providers.Http;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// `--provider-dir DIR` registers the http providers this host offers (every *.json there, by its
/// name); `--providers a,b` is the default chain, chosen among the offered names. Both are checked
/// here, at start, so a broken definition or an unknown name is one error line and no host.
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

        string[] offered = [NormalizeProvider.ProviderName, EmailProvider.ProviderName, .. definitions.Select(static d => d.Name!)];
        var choice = ProviderSelection.Choose(chain, offered);
        return choice.Names is null
            ? throw new CliException($"--providers: {choice.Error} (register http providers with --provider-dir)")
            : (definitions, choice.Names);
    }
}
