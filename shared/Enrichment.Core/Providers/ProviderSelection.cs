namespace Enrichment.Core.Providers;

/// <summary>
/// What a request may choose: a short list of the names the deployment offers, each at most once.
/// A request never names a file, a URL or a secret, so the answer to a bad choice only ever lists
/// the offered names and echoes a requested name only when it has the shape of a name.
/// </summary>
public static class ProviderSelection
{
    /// <summary>Longest chain a request may ask for: more would only repeat work per record.</summary>
    public const int MaxProviders = 16;

    /// <summary>Longest provider name (the same bound as a definition's <c>name</c>).</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// The comma-separated list of a query parameter, entries trimmed but empty ones kept (so
    /// <c>normalize,,email</c> is refused rather than silently read as two names); null when the
    /// parameter is absent or blank, which means the deployment's default chain.
    /// </summary>
    public static IReadOnlyList<string>? ParseList(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : text.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>
    /// The chosen names in their offered spelling, or the reason the choice is refused (a message
    /// fit for the caller: it lists the offered names and never quotes anything but a well-formed name).
    /// </summary>
    public static Choice Choose(IReadOnlyList<string?> requested, IReadOnlyCollection<string> offered)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(offered);
        var offer = $"offered providers: {string.Join(", ", offered.Order(StringComparer.Ordinal))}";
        if (requested.Count == 0)
        {
            return Choice.Refused($"name at least one provider; {offer}");
        }

        if (requested.Count > MaxProviders)
        {
            return Choice.Refused($"at most {MaxProviders} providers may be named, not {requested.Count}; {offer}");
        }

        var chosen = new List<string>(requested.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < requested.Count; i++)
        {
            var name = requested[i]?.Trim();
            var position = $"provider {i + 1}";
            if (string.IsNullOrEmpty(name))
            {
                return Choice.Refused($"{position} is empty; {offer}");
            }

            if (!IsName(name))
            {
                return Choice.Refused($"{position} is not a provider name (names are letters, digits, '_', '-' and '.', at most {MaxNameLength}); {offer}");
            }

            var match = offered.FirstOrDefault(o => string.Equals(o, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                return Choice.Refused($"unknown provider '{name}'; {offer}");
            }

            if (!seen.Add(match))
            {
                return Choice.Refused($"provider '{match}' is named twice; name each provider once");
            }

            chosen.Add(match);
        }

        // mx refines the verdict email writes: after email it would be overwritten by the offline one.
        var mx = chosen.IndexOf(Mx.MxProvider.ProviderName);
        if (mx >= 0 && mx < chosen.IndexOf(EmailProvider.ProviderName))
        {
            return Choice.Refused($"provider '{Mx.MxProvider.ProviderName}' refines the verdict of '{EmailProvider.ProviderName}' and must come after it (normalize,email,mx)");
        }

        return new Choice(chosen, null);
    }

    /// <summary>The shape of a provider name: what may be echoed back and stored.</summary>
    public static bool IsName(string name) =>
        name.Length is > 0 and <= MaxNameLength
        && char.IsAsciiLetter(name[0])
        && name.All(static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    /// <summary>Either the names (in their offered spelling, in the requested order) or the refusal.</summary>
    public sealed record Choice(IReadOnlyList<string>? Names, string? Error)
    {
        public static Choice Refused(string error) => new(null, error);
    }
}
