using System.Diagnostics;

namespace Enrichment.Local.Host.Hosting.Faults;

/// <summary>
/// For the fault suite: <c>ENRICHMENT_FAULT_KILL_AT=&lt;point&gt;:&lt;n&gt;</c> makes the host SIGKILL itself the
/// n-th time it reaches that point, so a test can cut a stage at an exact place and restart the host on
/// the same data directory. Unset (always, outside tests) it does nothing and costs one comparison.
/// </summary>
public sealed class KillPoint
{
    public const string Variable = "ENRICHMENT_FAULT_KILL_AT";

    private readonly string _point;
    private readonly int _at;
    private int _reached;

    private KillPoint(string point, int at)
    {
        _point = point;
        _at = at;
    }

    /// <summary>The points the decorators know; a misspelt one is refused at start rather than never reached.</summary>
    public static IReadOnlyList<string> Points { get; } =
        ["keep-input", "send", "retry-send", "part", "output-start", "output-complete", "summary"];

    /// <summary>Null unless the variable names a point.</summary>
    public static KillPoint? FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var colon = value.LastIndexOf(':');
        var name = colon < 0 ? value : value[..colon];
        if (!Points.Contains(name) || !int.TryParse(colon < 0 ? "1" : value[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var at) || at < 1)
        {
            throw new InvalidOperationException($"{Variable} must be <point>:<n> with a point among {string.Join(", ", Points)}");
        }

        return new KillPoint(name, at);
    }

    public void Reach(string name)
    {
        if (name == _point && Interlocked.Increment(ref _reached) == _at)
        {
            // SIGKILL, as the OOM killer or a pulled plug would: no finally block, no flush, no disposal runs.
            Process.GetCurrentProcess().Kill();
        }
    }
}
