using System.Collections.Concurrent;
using Enrichment.Core.Ports;

namespace Enrichment.Testing.InMemory;

/// <summary>An object store in memory for unit tests; links are fake but carry key and lifetime for assertions.</summary>
public sealed class InMemoryObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _missedReads = new();

    public IReadOnlyCollection<string> Keys => [.. _objects.Keys.Order(StringComparer.Ordinal)];

    public byte[] Read(string key) => _objects[key];

    public string ReadText(string key) => System.Text.Encoding.UTF8.GetString(_objects[key]);

    public void Write(string key, byte[] content) => _objects[key] = content;

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        _objects[key] = content.ToArray();
        return Task.CompletedTask;
    }

    /// <summary>Keys read (opened) that were not there: on S3 each answers 403 to a role without ListBucket on the bucket.</summary>
    public IReadOnlyCollection<string> MissedReads => [.. _missedReads];

    public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        if (_objects.TryGetValue(key, out var bytes))
        {
            return Task.FromResult<Stream?>(new MemoryStream(bytes, writable: false));
        }

        _missedReads.Enqueue(key);
        return Task.FromResult<Stream?>(null);
    }

    public Task<int?> ReadRangeAsync(string key, long offset, Memory<byte> destination, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (destination.IsEmpty)
        {
            return Task.FromResult<int?>(0);
        }

        if (!_objects.TryGetValue(key, out var bytes))
        {
            _missedReads.Enqueue(key);
            return Task.FromResult<int?>(null);
        }

        var available = offset >= bytes.Length ? [] : bytes.AsSpan((int)offset);
        var count = Math.Min(available.Length, destination.Length);
        available[..count].CopyTo(destination.Span);
        return Task.FromResult<int?>(count);
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(_objects.ContainsKey(key));

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _objects.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)))
        {
            _objects.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IObjectUpload> StartUploadAsync(string key, string contentType, CancellationToken cancellationToken) =>
        Task.FromResult<IObjectUpload>(new Upload(this, key));

    public Task<Uri> GetDownloadUrlAsync(string key, TimeSpan lifetime, string? downloadFileName, CancellationToken cancellationToken) =>
        Task.FromResult(new Uri($"memory://get/{key}?lifetime={(int)lifetime.TotalSeconds}&name={downloadFileName}"));

    public Task<Uri> GetUploadUrlAsync(string key, TimeSpan lifetime, string contentType, long contentLength, CancellationToken cancellationToken) =>
        Task.FromResult(new Uri($"memory://put/{key}?lifetime={(int)lifetime.TotalSeconds}&length={contentLength}"));

    private sealed class Upload(InMemoryObjectStore store, string key) : IObjectUpload
    {
        private readonly MemoryStream _buffer = new();

        public Stream Stream => _buffer;

        public Task CompleteAsync(CancellationToken cancellationToken)
        {
            store._objects[key] = _buffer.ToArray();
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync()
        {
            _buffer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
