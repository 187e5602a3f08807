using System.Runtime.InteropServices;

namespace Enrichment.Local.Host.Cli;

/// <summary>
/// A second name for a file (link(2)), which .NET has no API for. <c>enrich --out</c> names the
/// store's output file this way instead of copying it (issue 13: the copy of 333 MB at 1,000,000
/// rows was 0.7 s of kernel time, the last step before the command returned).
/// </summary>
/// <remarks>
/// Safe because the object store never writes a file in place: every put is a new temp file renamed
/// over the old name, and expiry removes the store's name only. So nothing the store does later
/// changes the linked file; only a write to the --out file itself would reach the store's copy.
/// </remarks>
internal static class HardLink
{
    /// <summary>Links <paramref name="link"/> to <paramref name="existing"/>; false where the OS or the file system cannot (another mount, Windows).</summary>
    public static bool TryCreate(string existing, string link)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Link(Encoding.UTF8.GetBytes(existing + "\0"), Encoding.UTF8.GetBytes(link + "\0")) == 0;
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Link(byte[] existing, byte[] link);
}
