namespace Enrichment.Local.StateMachine;

/// <summary>One Catch entry of a Task state; a null <see cref="ResultPath"/> with <see cref="DiscardResult"/> drops the error output.</summary>
public sealed record AslCatcher(IReadOnlyList<string> ErrorEquals, JsonPath? ResultPath, bool DiscardResult, string Next);
