using System.IO.Compression;
using Enrichment.Core.Providers.Normalization;
using PhoneNumbers;

namespace Enrichment.Core.Tests.Providers.Normalization;

public sealed class PhonePrefixTableTests
{
    [Test]
    public void EveryEnglishPrefixFile_ReadsAsTheLibrarysReaderReadsIt()
    {
        var assembly = typeof(PhoneNumberUtil).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("PhoneNumbers.geocoding.en.", StringComparison.Ordinal) || n.StartsWith("PhoneNumbers.carrier.en.", StringComparison.Ordinal))
            .ToList();
        foreach (var name in names)
        {
            using var raw = assembly.GetManifestResourceStream(name)!;
            using var unzipped = new GZipStream(raw, CompressionMode.Decompress);

            var direct = PhonePrefixTable.TryReadDirectly(unzipped);

            // Compared by hand: NUnit's EquivalentTo is quadratic and a file has up to ~40,000 entries.
            var library = PhonePrefixTable.ReadWithTheLibrary(assembly, name);
            Assert.That(direct, Is.Not.Null, name);
            Assert.That(direct!.Count, Is.EqualTo(library.Count), name);
            Assert.That(library.Where(e => !direct.TryGetValue(e.Key, out var d) || d != e.Value).Select(e => e.Key), Is.Empty, name);
        }

        Assert.That(names, Has.Count.GreaterThan(300));
    }

    [Test]
    public void FileInAnotherFormat_IsLeftToTheLibrarysReader()
    {
        using var stream = new MemoryStream([1, 2, 3, 4, 1, 0, 0, 0, 0]);

        Assert.That(PhonePrefixTable.TryReadDirectly(stream), Is.Null);
    }

    [Test]
    public void Lookup_TakesTheLongestPrefixWithAnEntry()
    {
        var table = PhonePrefixTable.Load("geocoding.", 1)!;

        Assert.That(table.Lookup(1, "6502530000", out var tooLong), Is.EqualTo("Mountain View, CA"));
        Assert.That(tooLong, Is.False);
        Assert.That(PhonePrefixTable.Load("geocoding.", 999), Is.Null);
    }
}
