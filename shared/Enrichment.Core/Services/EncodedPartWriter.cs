namespace Enrichment.Core.Services;

/// <summary>
/// The aggregate's writing thread for CSV: a part's rows, encoded on the parsing thread
/// (<see cref="ParsedPart.FillEncoded"/>), checked by the rules in input order and copied to the
/// writer many rows at a time, the earlier rows of a duplicate spliced in for the duplicate cells'
/// bytes (the only cells that depend on the rows before, across the whole job).
/// </summary>
internal sealed class EncodedPartWriter(CsvRecordWriter writer, OutputRowRules rules, int enrichmentColumns)
{
    // A long's digits, where a duplicate's earlier row is formatted; reused.
    private readonly byte[] _digits = new byte[20];

    // The duplicate cells come in the chain's column order, the same for every row.
    private readonly bool _phoneFirst = rules.DuplicateCells(enrichmentColumns) is var (duplicateOf, duplicatePhoneOf) && duplicatePhoneOf < duplicateOf;

    public async ValueTask WriteAsync(ParsedPart part, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(part);
        var lines = part.Lines;
        var copied = 0;
        for (var i = 0; i < part.Count; i++)
        {
            var line = part.Line(i);
            var (earlier, earlierPhone) = rules.Observe(line.Facts, line.Row, part.ReasonsOf(line));
            if (earlier is null && earlierPhone is null)
            {
                continue;
            }

            if (_phoneFirst)
            {
                copied = await SpliceAsync(lines, copied, line.DuplicatePhoneOf, earlierPhone, cancellationToken);
                copied = await SpliceAsync(lines, copied, line.DuplicateOf, earlier, cancellationToken);
            }
            else
            {
                copied = await SpliceAsync(lines, copied, line.DuplicateOf, earlier, cancellationToken);
                copied = await SpliceAsync(lines, copied, line.DuplicatePhoneOf, earlierPhone, cancellationToken);
            }
        }

        await writer.WriteEncodedAsync(lines[copied..], cancellationToken);
    }

    /// <summary>The lines up to the cell, then the earlier row in its place (as <see cref="DuplicateColumns"/> writes it); where the copying goes on from.</summary>
    private async ValueTask<int> SpliceAsync(ReadOnlyMemory<byte> lines, int copied, (int Start, int End) cell, long? earlier, CancellationToken cancellationToken)
    {
        if (earlier is not { } row || cell.Start < 0)
        {
            return copied;
        }

        await writer.WriteEncodedAsync(lines[copied..cell.Start], cancellationToken);
        row.TryFormat(_digits, out var written, default, CultureInfo.InvariantCulture);
        await writer.WriteEncodedAsync(_digits.AsMemory(0, written), cancellationToken);
        return cell.End;
    }
}
