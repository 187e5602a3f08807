using Enrichment.Core.Providers.Email;

namespace Enrichment.Core.Tests.Providers.Email;

public sealed class EditDistanceTests
{
    [TestCase("gmail.com", "gmail.com", 0)]
    [TestCase("gmial.com", "gmail.com", 1)]
    [TestCase("gmai.com", "gmail.com", 1)]
    [TestCase("gmaill.com", "gmail.com", 1)]
    [TestCase("gnail.com", "gmail.com", 1)]
    [TestCase("hotmai.co", "hotmail.com", 2)]
    [TestCase("ca", "abc", 3)]
    public void Bounded_CountsInsertDeleteSubstituteAndSwap(string a, string b, int expected)
    {
        Assert.That(EditDistance.Bounded(a, b, 5), Is.EqualTo(expected));
    }

    [TestCase("acme.com", "gmail.com")]
    [TestCase("a", "abcdef")]
    public void Bounded_StopsPastTheBound(string a, string b)
    {
        Assert.That(EditDistance.Bounded(a, b, 1), Is.EqualTo(2));
    }

    [Test]
    public void Bounded_AgreesWithTheFullTable_ForEveryBound()
    {
        // The band computes only cells near the diagonal; a full table is the reference. Short
        // words over a small alphabet make swaps, repeats and near misses common.
        var random = new Random(13);
        for (var n = 0; n < 3000; n++)
        {
            var a = Word(random);
            var b = random.Next(3) == 0 ? Mutate(random, a) : Word(random);
            var full = Full(a, b);
            for (var max = 0; max <= 4; max++)
            {
                Assert.That(EditDistance.Bounded(a, b, max), Is.EqualTo(Math.Min(full, max + 1)), $"{a} / {b}, bound {max}");
            }
        }
    }

    private static string Word(Random random) => new([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => "abc.m"[random.Next(5)])]);

    private static string Mutate(Random random, string word)
    {
        var chars = word.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(chars.Count + 1);
            switch (random.Next(3))
            {
                case 0:
                    chars.Insert(at, 'x');
                    break;
                case 1 when at < chars.Count:
                    chars.RemoveAt(at);
                    break;
                case 2 when at + 1 < chars.Count:
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                    break;
            }
        }

        return new string([.. chars]);
    }

    /// <summary>The optimal-string-alignment distance over the whole table, unbounded.</summary>
    private static int Full(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
