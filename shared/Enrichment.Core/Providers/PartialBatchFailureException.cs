namespace Enrichment.Core.Providers;

/// <summary>
/// Thrown by a bulk provider that failed part-way through a batch, to tell the chain which records
/// it had already finished (they keep their results; only the others get a provider_failed error).
/// A provider that throws anything else is taken to have finished none.
/// </summary>
public sealed class PartialBatchFailureException : Exception
{
    public PartialBatchFailureException(IReadOnlyCollection<ContactRecord> finished, Exception innerException)
        : base("The provider failed part-way through the batch.", innerException)
    {
        Finished = finished;
    }

    public PartialBatchFailureException()
    {
        Finished = [];
    }

    public PartialBatchFailureException(string message)
        : base(message)
    {
        Finished = [];
    }

    public PartialBatchFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
        Finished = [];
    }

    public IReadOnlyCollection<ContactRecord> Finished { get; }
}
