namespace Enrichment.Core.Services;

/// <summary>
/// One row of a <see cref="ParsedPart"/> encoded as CSV on the parsing thread: its input row, what
/// the rules need of it (<see cref="OutputRowFacts"/>), where its line ends in the part's
/// <see cref="ParsedPart.Lines"/>, where its duplicate cells' own bytes lie in them (what the part
/// holds there, guarded and quoted, written unless the writing thread finds the row a duplicate; start
/// -1 for a cell the row lacks), and where its reasons' bytes lie in <see cref="ParsedPart.ReasonsOf"/>.
/// </summary>
internal readonly record struct EncodedCsvLine(
    long Row,
    OutputRowFacts Facts,
    int End,
    (int Start, int End) DuplicateOf,
    (int Start, int End) DuplicatePhoneOf,
    (int Start, int Length) Reasons);
