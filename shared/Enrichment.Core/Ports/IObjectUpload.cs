namespace Enrichment.Core.Ports;

/// <summary>A streamed write in progress. Disposing it without completing aborts it.</summary>
public interface IObjectUpload : IAsyncDisposable
{
    /// <summary>Write-only stream; writes may block while a full part is uploaded.</summary>
    Stream Stream { get; }

    Task CompleteAsync(CancellationToken cancellationToken);
}
