using System.Text;
using System.Text.Json;
using Enrichment.Core.Batching;

namespace Enrichment.Core.Tests.Batching;

public sealed class RepeatedStringsTests
{
    private static List<string> ReadAll(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        var values = new List<string>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                values.Add(RepeatedStrings.Read(ref reader));
            }
        }

        return values;
    }

    [Test]
    public void Read_GivesWhatGetStringGives_ForEveryKindOfValue()
    {
        string[] values = ["", "United Kingdom", "Zoë", "中文 😀", "a\"b", "line\nbreak", "<b>&amp;</b>", new string('x', 32), new string('y', 33), "\u2028", "United Kingdom"];
        var json = JsonSerializer.Serialize(values);

        Assert.That(ReadAll(json), Is.EqualTo(values));
    }

    [Test]
    public void Read_OfARepeatedShortValue_IsOneString()
    {
        var values = ReadAll("""["Acme Ltd","ann@x.com","Acme Ltd","bob@y.com","Acme Ltd"]""");

        Assert.That(values, Is.EqualTo(new[] { "Acme Ltd", "ann@x.com", "Acme Ltd", "bob@y.com", "Acme Ltd" }));
        Assert.That(ReferenceEquals(values[0], values[2]) && ReferenceEquals(values[2], values[4]), Is.True);
    }

    [Test]
    public void Read_OfManyDistinctValues_KeepsEachItsOwnText()
    {
        // More values than the table has slots: collisions must replace, never mix up.
        var values = Enumerable.Range(0, 5000).Select(i => $"v{i % 3000}").ToArray();

        Assert.That(ReadAll(JsonSerializer.Serialize(values)), Is.EqualTo(values));
    }

    [Test]
    public void Read_OfValuesThatDifferOnlyInTheirLastByte_KeepsEachItsOwnText_AtEveryLength()
    {
        // Lengths 1 to 32 cover whole eight-byte words and every tail; each value read twice.
        var values = Enumerable.Range(1, 32)
            .SelectMany(length => new[] { new string('a', length - 1) + "b", new string('a', length - 1) + "c" })
            .SelectMany(value => new[] { value, value })
            .ToArray();

        Assert.That(ReadAll(JsonSerializer.Serialize(values)), Is.EqualTo(values));
    }
}
