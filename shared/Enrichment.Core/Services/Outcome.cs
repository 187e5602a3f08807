namespace Enrichment.Core.Services;

/// <summary>
/// A service's answer: a value, or the <see cref="Services.Refusal"/> that says why there is none.
/// A caller's mistake is an outcome, not an exception, so every host (the API, the S3-triggered
/// split, the CLI) decides in its own terms what a refusal means; exceptions stay for faults.
/// </summary>
public sealed class Outcome<T>
{
    private readonly T _value;

    internal Outcome(T value, Refusal? refusal)
    {
        _value = value;
        Refusal = refusal;
    }

    /// <summary>Null when the service did what was asked.</summary>
    public Refusal? Refusal { get; }

    /// <summary>The answer; reading it from a refused outcome is a bug in the caller.</summary>
    public T Value => Refusal is null ? _value : throw new InvalidOperationException($"the outcome is refused ({Refusal.GetType().Name}): check Refusal first");

    public static implicit operator Outcome<T>(T value) => new(value, null);

    public static implicit operator Outcome<T>(Refusal refusal) => new(default!, refusal ?? throw new ArgumentNullException(nameof(refusal)));
}

/// <summary>Builds outcomes where C# cannot convert implicitly (a value of an interface type).</summary>
public static class Outcome
{
    public static Outcome<T> Of<T>(T value) => new(value, null);
}
