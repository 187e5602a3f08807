namespace Enrichment.Core.Input;

/// <summary>
/// A seekable view of an input stream. A zip (an .xlsx workbook) is read from its central directory at
/// the end, so a stream that cannot seek (an S3 object, an HTTP body) is first copied to a temporary
/// file, never into memory: a workbook can be hundreds of megabytes. On Lambda the file lands in /tmp.
/// </summary>
internal sealed class SeekableInput : IAsyncDisposable
{
    private const int CopyBufferSize = 81920;

    private readonly bool _owned;

    private SeekableInput(Stream stream, bool owned)
    {
        Stream = stream;
        _owned = owned;
    }

    public Stream Stream { get; }

    /// <summary>The stream itself when it can seek, else a copy of the rest of it in a temporary file that is deleted on dispose.</summary>
    /// <exception cref="InputFormatException">The input is longer than <paramref name="maxBytes"/>.</exception>
    public static async Task<SeekableInput> OpenAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source.CanSeek)
        {
            if (source.Length - source.Position > maxBytes)
            {
                throw TooLarge(maxBytes);
            }

            return new SeekableInput(source, owned: false);
        }

        var path = Path.Combine(Path.GetTempPath(), $"enrichment-{Guid.NewGuid():N}.xlsx");
        var fileOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Contact data: readable by this user only, and gone when the reader is done.
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var file = new FileStream(path, fileOptions);
        try
        {
            var buffer = new byte[CopyBufferSize];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (file.Length + read > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Position = 0;
            return new SeekableInput(file, owned: true);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _owned ? Stream.DisposeAsync() : ValueTask.CompletedTask;

    private static InputFormatException TooLarge(long maxBytes) =>
        new($"the workbook is larger than {XlsxPackageCheck.Size(maxBytes)}: save the sheet as CSV, which has no size limit");
}
