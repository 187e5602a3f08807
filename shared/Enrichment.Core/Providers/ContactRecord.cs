using Enrichment.Core.Input;

namespace Enrichment.Core.Providers;

/// <summary>One record flowing through the provider chain: its input and what the providers add.</summary>
public sealed class ContactRecord
{
    private readonly List<string> _errors = [];

    public ContactRecord(long row, ContactFields input)
    {
        Row = row;
        Input = input;
    }

    public long Row { get; }

    public ContactFields Input { get; }

    /// <summary>
    /// Output entries a record is made with room for: the offline chain sets about two dozen, and a
    /// dictionary grown from empty would copy itself three times per record on the way.
    /// </summary>
    private const int ExpectedColumns = 32;

    /// <summary>Enrichment columns by name (see <see cref="Output.OutputColumns"/>).</summary>
    public Dictionary<string, string?> Output { get; } = new(ExpectedColumns, StringComparer.Ordinal);

    public RecordStatus Status { get; private set; } = RecordStatus.Ok;

    /// <summary>Reasons as <c>code: detail</c>, in the order they were found.</summary>
    public IReadOnlyList<string> Errors => _errors;

    public string? Get(string column) => Output.TryGetValue(column, out var value) ? value : null;

    public void Set(string column, string? value) => Output[column] = value;

    /// <summary>Marks the data invalid (unless the record already has an error).</summary>
    public void AddInvalid(string code, string detail)
    {
        _errors.Add($"{code}: {detail}");
        if (Status == RecordStatus.Ok)
        {
            Status = RecordStatus.Invalid;
        }
    }

    /// <summary>Marks a processing failure; it outranks invalid.</summary>
    public void AddError(string code, string detail)
    {
        _errors.Add($"{code}: {detail}");
        Status = RecordStatus.Error;
    }
}
