using Enrichment.Core.Providers.Email;

namespace Enrichment.Local.Host.Cli;

/// <summary>The known name closest to a mistyped one, when it is close enough to be what was meant.</summary>
public static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known)
        {
            // A third of the name may be wrong (--ouput, --worker, --datadir); beyond that a guess misleads.
            var allowed = Math.Max(1, name.TrimStart('-').Length / 3);
            var distance = EditDistance.Bounded(typed.ToLowerInvariant(), name, allowed);
            if (distance <= allowed && distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }
}
