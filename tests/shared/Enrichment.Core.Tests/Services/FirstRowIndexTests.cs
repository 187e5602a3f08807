using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class FirstRowIndexTests
{
    [Test]
    public void FirstOrAdd_AnswersTheFirstRowOfEveryKeyAcrossManyGrowths()
    {
        var index = new FirstRowIndex();
        const int Keys = 100_000;
        for (var i = 0; i < Keys; i++)
        {
            Assert.That(index.FirstOrAdd(Key(i), i), Is.Null, $"key {i} is new");
        }

        for (var i = 0; i < Keys; i++)
        {
            Assert.That(index.FirstOrAdd(Key(i), Keys + i), Is.EqualTo((long)i), $"key {i} was first seen on row {i}");
        }
    }

    [Test]
    public void FirstOrAdd_KeepsKeysThatShareTheirHomeSlotApart()
    {
        // 1 + n * (the multiplicative inverse of the table's Fibonacci constant) multiplies out to
        // 1 * constant + n: the same top bits, so the same home slot; each later key probes onwards.
        // (The inverse is 0xF1DE83E19937733D; the keys below are 1 + n * it, modulo 2^64.)
        var index = new FirstRowIndex();
        ulong[] keys = [1UL, 0xF1DE83E19937733EUL, 0xE3BD07C3326EE67BUL, 0xD59B8BA4CBA659B8UL];
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.That(index.FirstOrAdd(keys[i], i), Is.Null);
        }

        Assert.That(keys.Select(k => index.FirstOrAdd(k, 99)), Is.EqualTo(new long?[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void FirstOrAdd_RemembersTheZeroKeyLikeAnyOther()
    {
        var index = new FirstRowIndex();
        Assert.That(index.FirstOrAdd(0, 7), Is.Null);
        Assert.That(index.FirstOrAdd(0, 8), Is.EqualTo(7L));
        Assert.That(index.FirstOrAdd(1, 9), Is.Null);
    }

    /// <summary>Spread-out distinct keys, as FNV hashes are.</summary>
    private static ulong Key(int i) => ((ulong)i + 1) * 0xD6E8FEB86659FD93UL;
}
