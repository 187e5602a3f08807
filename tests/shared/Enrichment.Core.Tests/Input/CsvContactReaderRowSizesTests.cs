using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;
using Enrichment.Core.Input;
using Enrichment.Core.Serialization;

namespace Enrichment.Core.Tests.Input;

/// <summary>
/// The split's rows read as JSON (issue 13): each the exact JSON, and size, of the row made of the
/// values <see cref="CsvContactReader.ReadAsync"/> reads.
/// </summary>
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
            sizes.Add(size.JsonBytes);
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

    [TestCase(4)]
    [TestCase(5)]
    public async Task ReadBatchRows_SerializeToTheBytesOfTheRowsReadAsText_AndDecodeToTheirValues(int seed)
    {
        var csv = NastyCsv(300, seed);
        var records = await ReaderKit.ReadAllAsync(InputFormat.Csv, csv, ReaderKit.Tiny);
        var reader = new CsvContactReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)), ReaderKit.Tiny);
        var rows = new List<BatchRow>();
        await foreach (var row in reader.ReadBatchRowsAsync(CancellationToken.None))
        {
            rows.Add(row);
        }

        var expected = records.Select(r => new BatchRow(r.Row, r.Values)).ToList();
        Assert.That(rows.All(r => r.Json is not null), Is.True, "every row carries its JSON");
        Assert.That(
            JsonSerializer.Serialize(rows, EnrichmentJsonContext.Default.ListBatchRow),
            Is.EqualTo(JsonSerializer.Serialize(expected, EnrichmentJsonContext.Default.ListBatchRow)));
        Assert.That(rows.Select(r => r.Row), Is.EqualTo(expected.Select(r => r.Row)));
        Assert.That(rows.Select(r => r.Values), Is.EqualTo(expected.Select(r => r.Values)));
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
