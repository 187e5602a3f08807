namespace Enrichment.Local.Objects;

/// <summary>
/// Whole-file writes for <see cref="DirectoryObjectStore"/>: each goes to a temp file that is
/// fsynced before it is renamed into place, and the target's directory is fsynced after the rename
/// (a file's own fsync does not cover its name), so a reader sees a whole object or none and a
/// power cut never leaves a name pointing at a torn or empty file. Every fsync goes through here
/// and is counted, so a test can see that each way of publishing an object pays for both.
/// </summary>
internal sealed class AtomicFiles(string tempDirectory)
{
    private long _fsyncs;

    /// <summary>Fsyncs of files and directories made so far.</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    public string NewTempPath() => Path.Combine(tempDirectory, Guid.NewGuid().ToString("N") + ".part");

    public static FileStream OpenTempForWrite(string temp, FileOptions options = FileOptions.Asynchronous) => new(temp, new FileStreamOptions
    {
        Mode = FileMode.CreateNew,
        Access = FileAccess.Write,
        Options = options,
        BufferSize = 64 * 1024,
    });

    /// <summary>Writes the stream's buffer through and fsyncs the file.</summary>
    public void Sync(FileStream stream)
    {
        stream.Flush(flushToDisk: true);
        Interlocked.Increment(ref _fsyncs);
    }

    /// <summary>Renames the fsynced temp file over the target and makes the new name durable.</summary>
    public void Publish(string temp, string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        File.Move(temp, target, overwrite: true);
        SyncDirectory(directory);
    }

    /// <summary>
    /// <see cref="Publish"/> unless an object is there already: false then, and nothing changed
    /// (the check and the write are one rename that refuses to overwrite).
    /// </summary>
    public bool PublishNew(string temp, string target)
    {
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        try
        {
            File.Move(temp, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            return false;
        }

        SyncDirectory(directory);
        return true;
    }

    private void SyncDirectory(string directory)
    {
        NativeMethods.FlushDirectory(directory);
        Interlocked.Increment(ref _fsyncs);
    }
}
