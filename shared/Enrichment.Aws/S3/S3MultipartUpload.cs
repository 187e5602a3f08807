using Amazon.S3.Model;

namespace Enrichment.Aws.S3;

/// <summary>
/// A streamed S3 write. Bytes collect in one part-sized buffer; each full buffer becomes an
/// UploadPart (the multipart upload starts with the first full part), so memory stays at one part
/// whatever the object's size. Completing a write that never filled a part sends one PutObject
/// (which also covers the empty object). Disposing without completing aborts the multipart upload.
/// </summary>
internal sealed class S3MultipartUpload : IObjectUpload
{
    private readonly S3ObjectStore _store;
    private readonly string _key;
    private readonly string _contentType;
    private readonly byte[] _buffer;
    private readonly List<UploadPartResponse> _parts = [];
    private readonly PartStream _stream;
    private int _filled;
    private string? _uploadId;
    private bool _completed;
    private bool _disposed;

    public S3MultipartUpload(S3ObjectStore store, string key, string contentType)
    {
        _store = store;
        _key = key;
        _contentType = contentType;
        _buffer = new byte[store.PartSize];
        _stream = new PartStream(this);
    }

    public Stream Stream => _stream;

    /// <summary>The multipart upload id once the first part went out (tests use it to check aborts).</summary>
    internal string? UploadId => _uploadId;

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The upload was completed already.");
        }

        if (_uploadId is null)
        {
            using var content = new MemoryStream(_buffer, 0, _filled, writable: false);
            var put = new PutObjectRequest
            {
                BucketName = _store.BucketName,
                Key = _key,
                InputStream = content,
                AutoCloseStream = false,
                ContentType = _contentType,
            };
            _store.ApplyEncryption(put);
            await _store.Client.PutObjectAsync(put, cancellationToken);
        }
        else
        {
            if (_filled > 0)
            {
                await UploadPartAsync(cancellationToken);
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = _store.BucketName, Key = _key, UploadId = _uploadId };
            complete.AddPartETags(_parts);
            await _store.Client.CompleteMultipartUploadAsync(complete, cancellationToken);
        }

        _completed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_completed && _uploadId is not null)
        {
            // Not completed: drop the parts so nothing becomes visible or is billed.
            await _store.Client.AbortMultipartUploadAsync(
                new AbortMultipartUploadRequest { BucketName = _store.BucketName, Key = _key, UploadId = _uploadId },
                CancellationToken.None);
        }
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed)
        {
            throw new InvalidOperationException("The upload was completed already.");
        }

        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _buffer.Length - _filled);
            data.Span[..take].CopyTo(_buffer.AsSpan(_filled));
            _filled += take;
            data = data[take..];
            // Upload only when more bytes follow a full buffer: the last part may stay for CompleteAsync,
            // and an object of exactly one part then goes out as a single PutObject.
            if (_filled == _buffer.Length && !data.IsEmpty)
            {
                await UploadPartAsync(cancellationToken);
            }
        }
    }

    private async Task UploadPartAsync(CancellationToken cancellationToken)
    {
        if (_uploadId is null)
        {
            var initiate = new InitiateMultipartUploadRequest { BucketName = _store.BucketName, Key = _key, ContentType = _contentType };
            _store.ApplyEncryption(initiate);
            _uploadId = (await _store.Client.InitiateMultipartUploadAsync(initiate, cancellationToken)).UploadId;
        }

        using var content = new MemoryStream(_buffer, 0, _filled, writable: false);
        var response = await _store.Client.UploadPartAsync(
            new UploadPartRequest
            {
                BucketName = _store.BucketName,
                Key = _key,
                UploadId = _uploadId,
                PartNumber = _parts.Count + 1,
                InputStream = content,
                PartSize = _filled,
            },
            cancellationToken);
        _parts.Add(response);
        _filled = 0;
    }

    /// <summary>The write-only face of the upload.</summary>
    private sealed class PartStream(S3MultipartUpload upload) : Stream
    {
        private long _position;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            // Synchronous writers (e.g. a StreamWriter's sync Flush) block while a part uploads.
            var copy = buffer.ToArray();
            WriteAsync(copy, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await upload.WriteAsync(buffer, cancellationToken);
            _position += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
