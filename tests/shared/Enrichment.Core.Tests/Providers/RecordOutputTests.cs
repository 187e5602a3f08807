using Enrichment.Core.Output;
using Enrichment.Core.Providers;

namespace Enrichment.Core.Tests.Providers;

public sealed class RecordOutputTests
{
    [Test]
    public void AColumnSetToNull_IsSet_WhileAColumnNeverSetIsNot()
    {
        var output = new RecordOutput();
        output.Set(OutputColumns.EmailNormalized, null);

        Assert.Multiple(() =>
        {
            Assert.That(output.TryGetValue(OutputColumns.EmailNormalized, out var value), Is.True);
            Assert.That(value, Is.Null);
            Assert.That(output.ContainsKey(OutputColumns.EmailValid), Is.False);
            Assert.That(output.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void ProductAndOtherColumns_AreKeptAndOverwrittenByName()
    {
        var output = new RecordOutput();
        output.Set(OutputColumns.PhoneE164, "+14155550100");
        output.Set("match_confidence", "0.9");
        output.Set(OutputColumns.PhoneE164, "+14155550101");
        output.Set("match_confidence", "0.8");

        Assert.Multiple(() =>
        {
            Assert.That(output.TryGetValue(OutputColumns.PhoneE164, out var phone) ? phone : "missing", Is.EqualTo("+14155550101"));
            Assert.That(output.TryGetValue("match_confidence", out var confidence) ? confidence : "missing", Is.EqualTo("0.8"));
            Assert.That(output.ContainsKey("Match_Confidence"), Is.False, "names are compared ordinally");
            Assert.That(output.Values, Is.EquivalentTo(new[] { "+14155550101", "0.8" }));
            Assert.That(output.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public void EveryProductColumn_HasItsOwnValue()
    {
        var columns = typeof(OutputColumns).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();
        var output = new RecordOutput();
        foreach (var column in columns)
        {
            output.Set(column, column + "!");
        }

        Assert.That(columns.Select(c => output.TryGetValue(c, out var v) ? v : null), Is.EqualTo(columns.Select(c => c + "!")));
    }
}
