using System.Text;
using Enrichment.Core.Batching;
using Enrichment.Core.Output;
using Enrichment.Core.Services;
using Enrichment.Core.Tests.Batching;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Services;

public sealed class EncodedPartWriterTests
{
    private static readonly string[] Input = ["name", "email"];

    // Two parts: duplicates across them, values that need quotes or the guard (in the duplicate cells
    // too), non-ASCII, a missing status, a row from a part written before the last columns existed, one
    // with more values than columns, and a row longer than the writer's buffer.
    private static readonly PartRecord[][] Parts =
    [
        [
            new(1, ["=input stays", "ann@x.com"], ["ok", null, "ann@x.com", "ann@x.com", "+14155550100", null, null, "=Evil, Corp"]),
            new(2, ["b,comma", "ANN@x.com"], ["invalid", "email_invalid: \"no\"", "ann@x.com", "ann@x.com", "+14155550100", "", "", "-Minus"]),
            new(3, ["c", "zoë@x.com"], ["error", "provider_failed: x", "zoë@x.com", null, "+442079460018", "=7", "a,\"b\"", "+1.5"]),
            new(4, ["d", null], ["ok", null, "zoë@x.com", null, "+442079460018"]),
            new(5, ["multi\r\nline", null], ["ok", null, "ann@x.com", null, "+442079460018", "\"", "-", "line1\r\nline2"]),
        ],
        [
            new(6, ["e", null], ["ok", null, "ZOË@x.com", "zoë@x.com", "+442079460018", "9", "=x", "@home"]),
            new(7, ["f", "日本"], [null, null, "日本@例え.jp", "", "+442079460018", null, null, null]),
            new(8, [new string('x', 70_000), "\"" + new string('"', 40_000)], ["ok", null, "long@x.com", null, null, null, null, "y"]),
            new(9, ["h", null], ["ok", null, "ann@x.com", null, "", null, null, null, "beyond the columns"]),
            new(10, ["i", null], ["invalid", string.Empty, "日本@例え.jp", null, "+14155550100", null]),
            new(11, ["j", null], ["invalid", "=reason", "ann@x.com"]),
        ],
    ];

    [TestCase(false)]
    [TestCase(true)]
    [CancelAfter(30_000)]
    public async Task EncodedParts_WriteTheBytesOfTheirRowsCheckedAndWrittenAsCells(bool phoneFirst, CancellationToken cancellationToken)
    {
        string[] enrichment = phoneFirst
            ? [OutputColumns.RecordStatus, OutputColumns.RecordErrors, OutputColumns.EmailNormalized, OutputColumns.EmailCanonical, OutputColumns.PhoneE164, OutputColumns.DuplicatePhoneOf, OutputColumns.DuplicateOf, "company_name_normalized"]
            : [OutputColumns.RecordStatus, OutputColumns.RecordErrors, OutputColumns.EmailNormalized, OutputColumns.EmailCanonical, OutputColumns.PhoneE164, OutputColumns.DuplicateOf, OutputColumns.DuplicatePhoneOf, "company_name_normalized"];
        var parts = phoneFirst ? Parts.Select(p => p.Select(SwapDuplicateCells).ToArray()).ToArray() : Parts;
        var store = new InMemoryObjectStore();
        for (var i = 0; i < parts.Length; i++)
        {
            await PartFiles.WriteAsync(store, $"part-{i}", parts[i], cancellationToken);
        }

        var cells = await WriteAsync(store, enrichment, encoded: false, cancellationToken);
        var encoded = await WriteAsync(store, enrichment, encoded: true, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(encoded.Csv, Is.EqualTo(cells.Csv));
            Assert.That((encoded.Counts.Total, encoded.Counts.Ok, encoded.Counts.Invalid, encoded.Counts.Error), Is.EqualTo((cells.Counts.Total, cells.Counts.Ok, cells.Counts.Invalid, cells.Counts.Error)));
            Assert.That((encoded.Duplicates.Duplicates, encoded.Duplicates.PhoneDuplicates), Is.EqualTo((cells.Duplicates.Duplicates, cells.Duplicates.PhoneDuplicates)));
            Assert.That(encoded.Issues.ToList(), Is.EqualTo(cells.Issues.ToList()));
            Assert.That(cells.Duplicates.Duplicates, Is.EqualTo(phoneFirst ? 4 : 5), "rows 2, 5, 6 and 9 repeat an earlier email, across the parts too, and row 10 too when its part has duplicate_of");
            Assert.That(cells.Duplicates.PhoneDuplicates, Is.EqualTo(phoneFirst ? 5 : 4), "rows 2, 5, 6 and 7 repeat an earlier phone (row 4's part lacks duplicate_phone_of), and row 10 too when its part has it");
            Assert.That(encoded.Csv, Does.Contain("\r\ne,,ok,,ZOË@x.com,zoë@x.com,+442079460018," + (phoneFirst ? "3,3" : "3,3") + ",'@home\r\n"), "a duplicate's cells hold the earlier row, whatever the part held");
            Assert.That(encoded.Csv, Does.Contain("\r\nc,zoë@x.com,error,provider_failed: x,zoë@x.com,,+442079460018," + (phoneFirst ? "\"a,\"\"b\"\"\",'=7" : "'=7,\"a,\"\"b\"\"\"") + ",+1.5\r\n"), "a first appearance's cells are guarded and quoted as any");
        });
    }

    private static PartRecord SwapDuplicateCells(PartRecord record)
    {
        var enrichment = record.Enrichment.ToArray();
        if (enrichment.Length > 6)
        {
            (enrichment[5], enrichment[6]) = (enrichment[6], enrichment[5]);
        }

        return record with { Enrichment = enrichment };
    }

    /// <summary>The parts through the rules and CSV writer: as cells (each row checked, then encoded by the writer), or encoded on the parsing side.</summary>
    private static async Task<(string Csv, StatusCounts Counts, DuplicateTracker Duplicates, RecordIssueList Issues)> WriteAsync(
        InMemoryObjectStore store, string[] enrichment, bool encoded, CancellationToken cancellationToken)
    {
        var counts = new StatusCounts();
        var duplicates = new DuplicateTracker();
        var issues = new RecordIssueList();
        var rules = new OutputRowRules(Input.Length, enrichment, counts, duplicates, issues);
        var cells = Input.Length + enrichment.Length;
        using var stream = new MemoryStream();
        await using (var writer = new CsvRecordWriter(stream, leaveOpen: true, bufferSize: 1024))
        {
            await writer.WriteHeaderAsync([.. Input, .. enrichment], cancellationToken);
            var partWriter = new EncodedPartWriter(writer, rules, enrichment.Length);
            var part = new ParsedPart();
            for (var i = 0; i < Parts.Length; i++)
            {
                using (var buffer = await PartBuffer.ReadAsync(store, $"part-{i}", "a part", cancellationToken))
                {
                    if (encoded)
                    {
                        part.FillEncoded(i, buffer, cells, Input.Length, rules);
                    }
                    else
                    {
                        part.Fill(i, buffer, cells, Input.Length);
                    }
                }

                if (encoded)
                {
                    await partWriter.WriteAsync(part, cancellationToken);
                    continue;
                }

                for (var r = 0; r < part.Count; r++)
                {
                    var (row, number, enrichmentCount) = part[r];
                    rules.Apply(row, number, enrichmentCount);
                    await writer.WriteRowAsync(row, cancellationToken);
                }
            }
        }

        return (Encoding.UTF8.GetString(stream.ToArray()), counts, duplicates, issues);
    }
}
