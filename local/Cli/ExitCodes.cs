namespace Enrichment.Local.Host.Cli;

/// <summary>The CLI's exit codes, as the README documents them; scripts branch on these.</summary>
public static class ExitCodes
{
    /// <summary>Done; for enrich and retry also when records ended invalid or error (the summary says so).</summary>
    public const int Ok = 0;

    /// <summary>The work itself failed: the job failed, the API refused it, a file could not be written.</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: unknown command or option, bad value, missing or unreadable input.</summary>
    public const int Usage = 2;

    /// <summary>Stopped by Ctrl+C or SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}
