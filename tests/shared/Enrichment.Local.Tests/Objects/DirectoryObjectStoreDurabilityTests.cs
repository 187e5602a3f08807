using Enrichment.Local.Objects;

namespace Enrichment.Local.Tests.Objects;

/// <summary>What a kill mid-write leaves behind, and what the next start does with it.</summary>
public sealed class DirectoryObjectStoreDurabilityTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void Create() => _directory = new TempDirectory();

    [TearDown]
    public void Remove() => _directory.Dispose();

    private DirectoryObjectStore NewStore() =>
        new(_directory.Path, LocalUrlSigner.ForDataDirectory(_directory.Path, TimeProvider.System), new Uri("http://127.0.0.1:8080"));

    private string TempDirectoryOfStore => System.IO.Path.Combine(_directory.Path, "objects-tmp");

    [Test]
    public async Task SweepTemporaryFiles_RemovesWritesAKillCutShort_AndLeavesObjectsAlone()
    {
        var store = NewStore();
        await store.PutAsync("jobs/j/parts/000000/0-a.jsonl", "{}\n"u8.ToArray(), "application/x-ndjson", CancellationToken.None);
        // An output upload that was never completed or aborted (the process died), and a single put's temp file.
        await using var upload = await store.StartUploadAsync("jobs/j/output/0/enriched.csv", "text/csv", CancellationToken.None);
        await upload.Stream.WriteAsync("email\r\n"u8.ToArray());
        await upload.Stream.FlushAsync();
        await File.WriteAllTextAsync(System.IO.Path.Combine(TempDirectoryOfStore, "0123.part"), "half");

        var restarted = NewStore();
        var removed = restarted.SweepTemporaryFiles();

        Assert.That(removed, Is.EqualTo(2));
        Assert.That(Directory.EnumerateFiles(TempDirectoryOfStore), Is.Empty);
        Assert.That(await restarted.ExistsAsync("jobs/j/parts/000000/0-a.jsonl", CancellationToken.None), Is.True);
        Assert.That(await restarted.ExistsAsync("jobs/j/output/0/enriched.csv", CancellationToken.None), Is.False);
    }

    [Test]
    public async Task Put_LeavesNoTemporaryFileBehind()
    {
        var store = NewStore();

        await store.PutAsync("a/b.json", "{}"u8.ToArray(), "application/json", CancellationToken.None);
        await using (var upload = await store.StartUploadAsync("a/c.csv", "text/csv", CancellationToken.None))
        {
            await upload.Stream.WriteAsync("x"u8.ToArray());
            await upload.CompleteAsync(CancellationToken.None);
        }

        Assert.That(Directory.EnumerateFiles(TempDirectoryOfStore), Is.Empty);
        Assert.That(await File.ReadAllTextAsync(store.PathOf("a/c.csv")), Is.EqualTo("x"));
    }
}
