namespace Enrichment.Core.Providers.Http;

/// <summary>
/// The http providers a deployment offers: every <c>*.json</c> of one folder, read and validated
/// when the host starts (a Lambda's init, <c>serve</c>/<c>enrich</c> start-up), so a broken
/// definition stops the deployment instead of failing requests one by one.
/// </summary>
public static class HttpProviderDefinitionDirectory
{
    /// <summary>Where a Lambda's shipped definitions live, relative to its bootstrap.</summary>
    public const string ShippedFolder = "providers";

    /// <summary>Overrides the folder of definitions (tests and hosts that keep them elsewhere).</summary>
    public const string Variable = "ENRICHMENT_PROVIDER_DIR";

    /// <summary>
    /// Every definition of <paramref name="directory"/>, sorted by file name. Errors are for the
    /// operator starting the host (they name the file and the field), never for a request.
    /// </summary>
    public static IReadOnlyList<HttpProviderDefinition> Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new HttpProviderDefinitionException($"the provider definition folder '{directory}' does not exist");
        }

        var definitions = new List<HttpProviderDefinition>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var definition = HttpProviderDefinitionLoader.Load(path);
            var name = definition.Name!;
            if (name is NormalizeProvider.ProviderName or EmailProvider.ProviderName)
            {
                throw new HttpProviderDefinitionException($"Provider definition '{path}' is not valid: name: '{name}' is a built-in provider");
            }

            if (!files.TryAdd(name, path))
            {
                throw new HttpProviderDefinitionException($"Provider definitions '{files[name]}' and '{path}' are both named '{name}'");
            }

            definitions.Add(definition);
        }

        return definitions;
    }

    /// <summary>
    /// A function's definitions: the folder <see cref="Variable"/> names, else <see cref="ShippedFolder"/>
    /// beside the program (absent there: none offered).
    /// </summary>
    public static IReadOnlyList<HttpProviderDefinition> FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(Variable) is { Length: > 0 } configured)
        {
            return Load(configured);
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, ShippedFolder);
        return Directory.Exists(shipped) ? Load(shipped) : [];
    }
}
