using System.Text;
using Enrichment.Core.Output;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class OutputRowRulesTests
{
    private static readonly string[] Enrichment =
    [
        OutputColumns.RecordStatus, OutputColumns.RecordErrors, OutputColumns.EmailNormalized, OutputColumns.EmailCanonical,
        OutputColumns.PhoneE164, OutputColumns.DuplicateOf, OutputColumns.DuplicatePhoneOf, "company_name_normalized",
    ];

    // Input values, then enrichment values; the last row is of a part written before the last columns existed.
    private static readonly (long Row, string?[] Values, int EnrichmentCount)[] Rows =
    [
        (1, ["=input stays", "ann@x.com", "ok", null, "ann@x.com", "ann@x.com", "+14155550100", null, null, "=Evil Corp"], 8),
        (2, ["b", "ANN@x.com", "invalid", "email_invalid: no", "ann@x.com", "ann@x.com", "+14155550100", null, null, "-Minus"], 8),
        (3, ["c", "zoë@x.com", "error", "provider_failed: x", "zoë@x.com", null, "+442079460018", "7", null, "+1.5"], 8),
        (4, ["d", null, "ok", null, "zoë@x.com", null, null, null, null, null], 5),
        (5, ["e", null, "ok", null, "ZOË@x.com", "zoë@x.com", "+442079460018", null, null, "@home"], 8),
        (6, ["f", null, "ok", null, "日本@例え.jp", "", "+442079460018", null, null, null], 8),
        (7, ["g", null, "ok", null, "日本@例え.jp", null, "", null, null, null], 8),
    ];

    [Test]
    public void ARowOfCells_GetsWhatTheSameRowOfStringsGets()
    {
        var (lines, stringCounts, stringDuplicates, stringIssues) = Run(useCells: false);
        var (cells, cellCounts, cellDuplicates, cellIssues) = Run(useCells: true);

        Assert.Multiple(() =>
        {
            Assert.That(cells, Is.EqualTo(lines));
            Assert.That((cellCounts.Ok, cellCounts.Invalid, cellCounts.Error), Is.EqualTo((stringCounts.Ok, stringCounts.Invalid, stringCounts.Error)));
            Assert.That((cellDuplicates.Duplicates, cellDuplicates.PhoneDuplicates), Is.EqualTo((stringDuplicates.Duplicates, stringDuplicates.PhoneDuplicates)));
            Assert.That(cellIssues.ToList(), Is.EqualTo(stringIssues.ToList()), "the rows' issues, with their reasons");
            Assert.That(stringIssues.ToList(), Has.Count.EqualTo(2));
            Assert.That(lines[1][2 + 5], Is.EqualTo("1"), "the second row is a duplicate of the first");
            Assert.That(lines[0][2 + 7], Is.EqualTo("'=Evil Corp"), "enrichment values are guarded");
            Assert.That(lines[0][0], Is.EqualTo("=input stays"), "input values are not");
        });
    }

    private static (List<string?[]> Rows, StatusCounts Counts, DuplicateTracker Duplicates, RecordIssueList Issues) Run(bool useCells)
    {
        var counts = new StatusCounts();
        var duplicates = new DuplicateTracker();
        var issues = new RecordIssueList();
        var rules = new OutputRowRules(2, Enrichment, counts, duplicates, issues);
        var written = new List<string?[]>();
        foreach (var (row, values, enrichmentCount) in Rows)
        {
            var line = new string?[2 + Enrichment.Length];
            values.AsSpan(0, 2 + enrichmentCount).CopyTo(line);
            if (!useCells)
            {
                rules.Apply(line, row, enrichmentCount);
                written.Add(line);
                continue;
            }

            var cells = new Utf8Row();
            cells.Reset(line.Length);
            for (var i = 0; i < line.Length; i++)
            {
                if (line[i] is { } value)
                {
                    cells.Set(i, Encoding.UTF8.GetBytes(value));
                }
            }

            rules.Apply(cells, row, enrichmentCount);
            written.Add([.. Enumerable.Range(0, cells.Count).Select(i => cells.IsNull(i) ? null : Encoding.UTF8.GetString(cells[i]))]);
        }

        return (written, counts, duplicates, issues);
    }
}
