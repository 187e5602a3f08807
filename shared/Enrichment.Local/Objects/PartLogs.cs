namespace Enrichment.Local.Objects;

/// <summary>
/// The store's part logs, one per job under {data}/part-logs, opened when a job's part is first
/// touched. Only a batch part's key (<c>jobs/{job}/parts/{index}/{part}.jsonl</c>, as
/// <c>JobKeys.Part</c> makes it) written with a plain put goes to a log; a part file written by a
/// version before (one file per part under objects/) is still found by the store.
/// </summary>
internal sealed class PartLogs(string directory) : IDisposable
{
    private const string Extension = ".log";
    private readonly Dictionary<string, PartLog> _open = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>The job of a batch part's key; null for any other key.</summary>
    public static string? JobOf(string key)
    {
        var segments = key.Split('/');
        return segments is ["jobs", var job, "parts", _, var name] && name.EndsWith(".jsonl", StringComparison.Ordinal)
            ? job
            : null;
    }

    public Task PutAsync(string job, string key, ReadOnlyMemory<byte> content) => Log(job, create: true)!.PutAsync(key, content);

    public Stream? OpenRead(string job, string key) =>
        Log(job, create: false) is { } log && log.TryFind(key, out var offset, out var length) ? log.OpenPart(offset, length) : null;

    public bool Exists(string job, string key) => Log(job, create: false) is { } log && log.TryFind(key, out _, out _);

    public void Delete(string job, string key) => Log(job, create: false)?.Delete(key);

    /// <summary>
    /// Deletes the parts under an S3-style prefix: a job's whole log when the prefix covers all its
    /// parts (the job's expiry), its matching parts otherwise.
    /// </summary>
    public void DeletePrefix(string prefix)
    {
        foreach (var job in JobsOnDisk())
        {
            var parts = $"jobs/{job}/parts/";
            if (parts.StartsWith(prefix, StringComparison.Ordinal))
            {
                Remove(job);
            }
            else if (prefix.StartsWith(parts, StringComparison.Ordinal) && Log(job, create: false) is { } log)
            {
                foreach (var key in log.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    log.Delete(key);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var log in _open.Values)
            {
                log.Dispose();
            }

            _open.Clear();
        }
    }

    private string PathOf(string job) => Path.Combine(directory, job + Extension);

    private IEnumerable<string> JobsOnDisk() => Directory.Exists(directory)
        ? [.. Directory.EnumerateFiles(directory, "*" + Extension).Select(f => Path.GetFileNameWithoutExtension(f))]
        : [];

    private PartLog? Log(string job, bool create)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_open.TryGetValue(job, out var log))
            {
                return log;
            }

            var path = PathOf(job);
            if (!create && !File.Exists(path))
            {
                return null;
            }

            Directory.CreateDirectory(directory);
            log = PartLog.Open(path);
            _open[job] = log;
            return log;
        }
    }

    private void Remove(string job)
    {
        lock (_lock)
        {
            if (_open.Remove(job, out var log))
            {
                log.Dispose();
            }

            File.Delete(PathOf(job));
        }
    }
}
