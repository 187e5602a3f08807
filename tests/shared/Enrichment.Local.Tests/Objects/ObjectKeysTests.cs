using Enrichment.Local.Objects;

namespace Enrichment.Local.Tests.Objects;

public sealed class ObjectKeysTests
{
    [TestCase("jobs/j1/output/0/enriched.csv")]
    [TestCase("uploads/j1/mes contacts.csv")]
    [TestCase("a")]
    public void Valid_PlainRelativeKeys(string key) => Assert.That(ObjectKeys.IsValid(key), Is.True);

    [TestCase("")]
    [TestCase("/etc/passwd")]
    [TestCase("../outside")]
    [TestCase("jobs/../../outside")]
    [TestCase("jobs/./x")]
    [TestCase("jobs//x")]
    [TestCase("jobs\\x")]
    [TestCase("jobs/x/")]
    [TestCase("jobs/x\n")]
    public void Invalid_KeysThatCouldEscapeOrAreAmbiguous(string key) => Assert.That(ObjectKeys.IsValid(key), Is.False);

    [Test]
    public void TrailingSlash_AllowedOnlyForPrefixes() =>
        Assert.That(ObjectKeys.IsValid("jobs/x/", allowTrailingSlash: true), Is.True);

    [Test]
    public void Store_RefusesTraversal()
    {
        using var directory = new TempDirectory();
        var store = new DirectoryObjectStore(directory.Path, LocalUrlSigner.ForDataDirectory(directory.Path, TimeProvider.System), new Uri("http://127.0.0.1:1"));

        Assert.That(async () => await store.PutAsync("../escape.txt", "x"u8.ToArray(), "text/plain", CancellationToken.None), Throws.ArgumentException);
        Assert.That(File.Exists(Path.Combine(directory.Path, "escape.txt")), Is.False);
    }
}
