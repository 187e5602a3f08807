using System.Runtime;

namespace Enrichment.Local.Host;

/// <summary>
/// The runtime's multicore JIT (<see cref="ProfileOptimization"/>): a run of <c>enrich</c> or
/// <c>retry</c> records which methods it compiled, in order, and the next run of the same command
/// compiles them ahead on a background thread, on the core the start leaves idle. The host compiles
/// optimized at once (README, "The local host compiles optimized at once"), so its start is mostly
/// the JIT on one thread. The profile is a cache, not state: it lives in the user's own application
/// data, not the data directory (a bench or a test deletes that between runs), and a profile the
/// runtime cannot use (another build's modules, no such folder) only leaves the compiling to the
/// threads that call the methods, as before.
/// </summary>
internal static class JitProfile
{
    /// <summary>The commands that run a pipeline and exit; the same command compiles the same methods each time.</summary>
    private static readonly string[] Commands = ["enrich", "retry"];

    public static void Start(string[] args)
    {
        if (ProfileNameOf(args) is not { } name || Root() is not { } root)
        {
            return;
        }

        ProfileOptimization.SetProfileRoot(root);
        ProfileOptimization.StartProfile(name);
    }

    /// <summary>The profile of the command line's command; null for the commands that get none.</summary>
    internal static string? ProfileNameOf(string[] args) =>
        args is [var command, ..] && Commands.Contains(command, StringComparer.Ordinal) ? $"{command}.jitprofile" : null;

    private static string? Root()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(data))
        {
            return null;
        }

        try
        {
            return Directory.CreateDirectory(Path.Combine(data, "enrichment", "jit")).FullName;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
