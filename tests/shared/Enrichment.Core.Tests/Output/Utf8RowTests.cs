using System.Text;
using Enrichment.Core.Output;

namespace Enrichment.Core.Tests.Output;

public sealed class Utf8RowTests
{
    [Test]
    public void Cells_HoldTheirBytes_NullUntilSet_AndAPrefixGoesFirst()
    {
        var row = new Utf8Row();
        row.Reset(3);
        row.Set(0, "Zoë"u8);
        row.Set(2, "=1+1"u8);
        row.Prefix(2, (byte)'\'');

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(row[0]), Is.EqualTo("Zoë"));
            Assert.That(row.IsNull(1), Is.True);
            Assert.That(Encoding.UTF8.GetString(row[2]), Is.EqualTo("'=1+1"));
        });
    }

    [Test]
    public void Reset_EmptiesEveryCell_AndCellsGrowPastTheFirstBuffer()
    {
        var row = new Utf8Row();
        row.Reset(2);
        row.Set(0, "x"u8);
        var large = Encoding.UTF8.GetBytes(new string('a', 10_000));

        row.Reset(100);
        row.Set(99, large);
        row.Set(98, "b"u8);

        Assert.Multiple(() =>
        {
            Assert.That(row.Count, Is.EqualTo(100));
            Assert.That(row.IsNull(0), Is.True);
            Assert.That(row[99].ToArray(), Is.EqualTo(large));
            Assert.That(Encoding.UTF8.GetString(row[98]), Is.EqualTo("b"));
            Assert.That(() => row.Set(100, "c"u8), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }
}
