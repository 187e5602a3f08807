using Microsoft.Win32.SafeHandles;

namespace Enrichment.Local.Objects;

/// <summary>
/// The object store as files under {data}/objects. Writes go to a temp file in {data}/objects-tmp and
/// are renamed into place, so readers see whole objects or nothing, as on S3. Links are signed by
/// <see cref="LocalUrlSigner"/> and served by the local host (see <see cref="LocalObjectEndpoint"/>).
/// <para>
/// Durable before it returns (<see cref="AtomicFiles"/>): the temp file is fsynced before the rename
/// and the target's directory after it, so a part is on disk before the commit that names it, and a power cut never leaves a
/// committed batch pointing at a file that is gone or empty. A process killed mid-write leaves only
/// a temp file, which <see cref="SweepTemporaryFiles"/> removes when the host starts.
/// </para>
/// <para>
/// Batch parts, the many small objects of a job, are kept apart: appended to one log per job
/// (<see cref="PartLogs"/>, {data}/part-logs), durable the same way (fsynced before the put returns),
/// without a new file, directory and rename each.
/// </para>
/// </summary>
public sealed class DirectoryObjectStore : IObjectStore, IDisposable
{
    private readonly string _root;
    private readonly string _temp;
    private readonly AtomicFiles _files;
    private readonly LocalUrlSigner _signer;
    private readonly Uri _baseUrl;
    private readonly PartLogs _parts;

    public DirectoryObjectStore(string dataDirectory, LocalUrlSigner signer, Uri baseUrl)
    {
        _root = Path.GetFullPath(Path.Combine(dataDirectory, "objects"));
        _temp = Path.GetFullPath(Path.Combine(dataDirectory, "objects-tmp"));
        Directory.CreateDirectory(_root);
        Directory.CreateDirectory(_temp);
        _files = new AtomicFiles(_temp);
        _signer = signer;
        _baseUrl = baseUrl;
        _parts = new PartLogs(Path.GetFullPath(Path.Combine(dataDirectory, "part-logs")));
    }

    public string RootDirectory => _root;

    /// <summary>Fsyncs of whole objects and their directories so far (parts count theirs in <see cref="PartLog"/>).</summary>
    public long Fsyncs => _files.Fsyncs;

    /// <remarks>
    /// Written on the caller's thread (an asynchronous file write is a hand-off to another pool thread
    /// on Linux); a part's fsync is shared with the parts other workers append at the same moment
    /// (<see cref="PartLog"/>), and the put completes only once it is durable. Like the store's other
    /// methods, a refusal is thrown from the call.
    /// </remarks>
    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectKeys.Validate(key);
        if (PartLogs.JobOf(key) is { } job)
        {
            return _parts.PutAsync(job, key, content);
        }

        Put(key, content.Span);
        return Task.CompletedTask;
    }

    /// <summary>Writes an object from a stream (the local upload route's PUT body), atomically.</summary>
    public async Task PutStreamAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        var temp = _files.NewTempPath();
        try
        {
            await using (var stream = AtomicFiles.OpenTempForWrite(temp))
            {
                await content.CopyToAsync(stream, cancellationToken);
                _files.Sync(stream);
            }

            _files.Publish(temp, target);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        if (PartLogs.JobOf(key) is { } job && _parts.OpenRead(job, key) is { } part)
        {
            return Task.FromResult<Stream?>(part);
        }

        try
        {
            Stream stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
                BufferSize = 64 * 1024,
            });
            return Task.FromResult<Stream?>(stream);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <remarks>
    /// Positional reads on the caller's thread, like the puts: on Linux an asynchronous file read is a
    /// synchronous one handed to another pool thread.
    /// </remarks>
    public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var path = PathOf(key);
        if (destination.IsEmpty)
        {
            return Task.FromResult<int?>(0);
        }

        if (PartLogs.JobOf(key) is { } job && _parts.OpenRead(job, key) is { } part)
        {
            using (part)
            {
                part.Position = offset;
                return Task.FromResult<int?>(part.ReadAtLeast(destination.Span, destination.Length, throwOnEndOfStream: false));
            }
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<int?>(null);
        }
        catch (DirectoryNotFoundException)
        {
            return Task.FromResult<int?>(null);
        }

        using (handle)
        {
            var read = 0;
            while (read < destination.Length)
            {
                var count = RandomAccess.Read(handle, destination.Span[read..], offset + read);
                if (count == 0)
                {
                    break;
                }

                read += count;
            }

            return Task.FromResult<int?>(read);
        }
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        return Task.FromResult((PartLogs.JobOf(key) is { } job && _parts.Exists(job, key)) || File.Exists(path));
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        if (PartLogs.JobOf(key) is { } job)
        {
            _parts.Delete(job, key);
        }

        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // No such object, as S3 answers a delete of a missing key: no error.
        }

        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(prefix, allowTrailingSlash: true);
        _parts.DeletePrefix(prefix);
        // S3 prefixes are plain string prefixes: "jobs/a" also matches "jobs/ab/x". Scan the deepest
        // directory that holds every match and compare keys.
        var lastSlash = prefix.LastIndexOf('/');
        var directory = lastSlash < 0 ? _root : Path.Combine(_root, prefix[..lastSlash]);
        if (!Directory.Exists(directory))
        {
            return Task.CompletedTask;
        }

        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (KeyOf(file).StartsWith(prefix, StringComparison.Ordinal))
            {
                File.Delete(file);
            }
        }

        RemoveEmptyDirectories(directory);
        return Task.CompletedTask;
    }

    public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = PathOf(key);
        var temp = _files.NewTempPath();
        return Task.FromResult<IObjectUpload>(new FileUpload(_files, AtomicFiles.OpenTempForWrite(temp), temp, target));
    }

    public void Dispose() => _parts.Dispose();

    /// <summary>
    /// Deletes the temp files of writes that never finished (the process was killed mid-write); run
    /// at start, before anything writes. Answers how many were removed.
    /// </summary>
    public int SweepTemporaryFiles()
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(_temp))
        {
            File.Delete(file);
            removed++;
        }

        return removed;
    }

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        return Task.FromResult(_signer.CreateUrl(_baseUrl, "get", key, lifetime, downloadFileName));
    }

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken)
    {
        ObjectKeys.Validate(key);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(contentLength);
        return Task.FromResult(_signer.CreateUrl(_baseUrl, "put", key, lifetime, contentLength: contentLength));
    }

    /// <summary>
    /// Stores the object only if none exists under the key yet (an upload link is used once);
    /// false, and nothing changed, when one does. The check and the write are one atomic rename.
    /// </summary>
    public async Task<bool> TryPutNewAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        if (File.Exists(target))
        {
            return false;
        }

        var temp = _files.NewTempPath();
        try
        {
            await using (var stream = AtomicFiles.OpenTempForWrite(temp))
            {
                await content.CopyToAsync(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                _files.Sync(stream);
            }

            return _files.PublishNew(temp, target);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// <see cref="TryPutNewAsync"/> of a whole local file (the body of `enrich`'s upload), copied by
    /// the kernel (File.Copy: copy_file_range, or a copy-on-write clone where the file system has
    /// them) instead of through the process's buffers. The copy is taken now, so the user may change
    /// their file once this returns; a file whose length is not <paramref name="length"/> (it changed
    /// since it was measured) stores nothing and throws <see cref="InvalidDataException"/>.
    /// </summary>
    public bool TryPutNewCopy(string key, string sourcePath, long length)
    {
        var target = PathOf(key);
        if (File.Exists(target))
        {
            return false;
        }

        var temp = _files.NewTempPath();
        try
        {
            File.Copy(sourcePath, temp);
            using (var copy = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0))
            {
                if (copy.Length != length)
                {
                    throw new InvalidDataException("the uploaded file changed while it was copied");
                }

                // The kernel's copy sits in the page cache: on disk before the name is published.
                _files.Sync(copy);
            }

            return _files.PublishNew(temp, target);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes on the caller's thread, like the fsync after it: on Linux an asynchronous file write is
    /// a synchronous one handed to another pool thread, one hand-off per part for nothing.
    /// </summary>
    private void Put(string key, ReadOnlySpan<byte> content)
    {
        var target = PathOf(key);
        var temp = _files.NewTempPath();
        try
        {
            using (var stream = AtomicFiles.OpenTempForWrite(temp, FileOptions.None))
            {
                stream.Write(content);
                _files.Sync(stream);
            }

            _files.Publish(temp, target);
        }
        catch
        {
            // Only a write that never published leaves its temp file (a published one was renamed away).
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The file of a key (validated so it can never point outside the store).</summary>
    public string PathOf(string key)
    {
        ObjectKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException("invalid object key", nameof(key));
        }

        return path;
    }

    private string KeyOf(string file) => Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');

    private void RemoveEmptyDirectories(string directory)
    {
        try
        {
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                RemoveEmptyDirectories(child);
            }

            if (directory != _root && !Directory.EnumerateFileSystemEntries(directory).Any())
            {
                Directory.Delete(directory);
            }
        }
        catch (IOException)
        {
            // A concurrent writer put something there; leaving a directory is harmless.
        }
    }
}
