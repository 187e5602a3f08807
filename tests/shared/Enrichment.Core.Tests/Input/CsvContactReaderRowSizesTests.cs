using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Input;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Input;

/// <summary>The validation pass's sizes (issue 13): each the exact JSON of the row the split would send.</summary>
public sealed class CsvContactReaderRowSizesTests
{
    private static string NastyCsv(int rows, int seed)
    {
        string[] pieces = ["é", "中文", "😀", "\"", "\\", "<b>", "&", "'", "\n", "\r\n", "\t", "\u0001", "+", "plain ascii ", "Ω", "\u2028", ",", ";"];
        var random = new Random(seed);
        var csv = new StringBuilder("email,first name,phone,notes\r\n");
        for (var row = 0; row < rows; row++)
        {
            // Some rows short (padded with nulls), some fields empty, some quoted with every kind of escape.
            var fields = 1 + random.Next(4);
            for (var field = 0; field < fields; field++)
            {
                var value = new StringBuilder();
                var length = random.Next(0, 40);
                for (var i = 0; i < length; i++)
                {
                    value.Append(pieces[random.Next(pieces.Length)]);
                }

                csv.Append(field > 0 ? "," : "").Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
            }

            if (fields < 4 && random.Next(5) == 0)
            {
                csv.Append(",plain");
            }

            csv.Append(random.Next(2) == 0 ? "\n" : "\r\n");
        }

        return csv.ToString();
    }

    private static async Task<List<long>> SizesAsync(string csv, ContactReaderOptions options)
    {
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), options);
        var sizes = new List<long>();
        await foreach (var size in reader.ReadRowSizesAsync(CancellationToken.None))
        {
            sizes.Add(size);
        }

        return sizes;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task ReadRowSizes_AreTheSerializedSizesOfTheRowsReadAsText(int seed)
    {
        var csv = NastyCsv(400, seed);
        var records = await ReaderKit.ReadAllAsync(InputFormat.Csv, csv, ReaderKit.Tiny);

        var sizes = await SizesAsync(csv, ReaderKit.Tiny);

        var expected = records.Select(r => (long)JsonSerializer.SerializeToUtf8Bytes(new BatchRow(r.Row, r.Values), EnrichmentJsonContext.Default.BatchRow).Length);
        Assert.That(sizes, Is.EqualTo(expected));
    }

    [Test]
    public async Task ReadRowSizes_RefusesWhatReadRefuses_AtTheSamePlace()
    {
        const string csv = "email,phone\na@b.co,1\n\"unclosed,2\n";
        var expected = await ReaderKit.FailAsync(InputFormat.Csv, csv);

        var failure = Assert.ThrowsAsync<InputFormatException>(() => SizesAsync(csv, ContactReaderOptions.Default));

        Assert.That((failure!.Message, failure.Line, failure.Column), Is.EqualTo((expected.Message, expected.Line, expected.Column)));
    }
}
