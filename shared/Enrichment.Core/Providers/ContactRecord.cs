namespace Enrichment.Core.Providers;

/// <summary>One record flowing through the provider chain: its input and what the providers add.</summary>
public sealed class ContactRecord
{
    /// <summary>Made on the first reason: most records have none.</summary>
    private List<string>? _errors;

    public ContactRecord(long row, ContactFields input)
    {
        Row = row;
        Input = input;
    }

    public long Row { get; private set; }

    public ContactFields Input { get; }

    /// <summary>Enrichment columns by name (see <see cref="Output.OutputColumns"/>).</summary>
    public RecordOutput Output { get; } = new();

    public RecordStatus Status { get; private set; } = RecordStatus.Ok;

    /// <summary>Reasons as <c>code: detail</c>, in the order they were found.</summary>
    public IReadOnlyList<string> Errors => (IReadOnlyList<string>?)_errors ?? [];

    /// <summary>Makes this record row <paramref name="row"/> again (the caller then fills its <see cref="Input"/>).</summary>
    internal void Reuse(long row) => Row = row;

    /// <summary>Drops every value, as a new record with empty input is: a pooled record keeps no strings alive.</summary>
    internal void Clear()
    {
        Row = 0;
        Input.Assign(null, null, null, null, null, null, null, null, null, null);
        Output.Clear();
        Status = RecordStatus.Ok;

        // The list is kept for the next row with a reason (16% of the 1M-row list's rows have one).
        _errors?.Clear();
    }

    public string? Get(string column) => Output.TryGetValue(column, out var value) ? value : null;

    public void Set(string column, string? value) => Output.Set(column, value);

    /// <summary>Marks the data invalid (unless the record already has an error).</summary>
    public void AddInvalid(string code, string detail)
    {
        (_errors ??= []).Add($"{code}: {detail}");
        if (Status == RecordStatus.Ok)
        {
            Status = RecordStatus.Invalid;
        }
    }

    /// <summary>Marks a processing failure; it outranks invalid.</summary>
    public void AddError(string code, string detail)
    {
        (_errors ??= []).Add($"{code}: {detail}");
        Status = RecordStatus.Error;
    }
}
