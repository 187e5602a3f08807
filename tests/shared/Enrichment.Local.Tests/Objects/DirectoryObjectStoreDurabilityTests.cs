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

    [Test]
    public async Task EveryWayOfPublishingAnObject_FsyncsTheFileAndThenItsDirectory()
    {
        var store = NewStore();
        var source = System.IO.Path.Combine(_directory.Path, "list.csv");
        await File.WriteAllTextAsync(source, "email\r\na@example.com\r\n");
        var publishes = new (string Name, Func<Task> Publish)[]
        {
            ("PutAsync", () => store.PutAsync("a/put.json", "{}"u8.ToArray(), "application/json", CancellationToken.None)),
            ("PutStreamAsync", () => store.PutStreamAsync("a/stream.csv", new MemoryStream("x"u8.ToArray()), CancellationToken.None)),
            ("TryPutNewAsync", () => store.TryPutNewAsync("a/new.csv", new MemoryStream("x"u8.ToArray()), CancellationToken.None)),
            ("TryPutNewCopy", () => Task.FromResult(store.TryPutNewCopy("a/copy.csv", source, new FileInfo(source).Length))),
            ("StartUploadAsync", async () =>
            {
                await using var upload = await store.StartUploadAsync("a/upload.csv", "text/csv", CancellationToken.None);
                await upload.Stream.WriteAsync("x"u8.ToArray());
                await upload.CompleteAsync(CancellationToken.None);
            }),
        };

        foreach (var (name, publish) in publishes)
        {
            var before = store.Fsyncs;
            await publish();
            Assert.That(store.Fsyncs - before, Is.EqualTo(2), name);
        }
    }

    [Test]
    public async Task TryPutNew_OverAnExistingObject_ChangesNothingAndSyncsNothing()
    {
        var store = NewStore();
        await store.PutAsync("a/b.csv", "first"u8.ToArray(), "text/csv", CancellationToken.None);
        var before = store.Fsyncs;

        var stored = await store.TryPutNewAsync("a/b.csv", new MemoryStream("second"u8.ToArray()), CancellationToken.None);

        Assert.That(stored, Is.False);
        Assert.That(store.Fsyncs, Is.EqualTo(before));
        Assert.That(await File.ReadAllTextAsync(store.PathOf("a/b.csv")), Is.EqualTo("first"));
        Assert.That(Directory.EnumerateFiles(TempDirectoryOfStore), Is.Empty);
    }

    [Test]
    public async Task Put_OfABatchPart_GoesToThePartLogAndNotThroughWholeFileSyncs()
    {
        var store = NewStore();
        var before = store.Fsyncs;

        await store.PutAsync("jobs/j/parts/000000/0-a.jsonl", "{}\n"u8.ToArray(), "application/x-ndjson", CancellationToken.None);

        Assert.That(store.Fsyncs, Is.EqualTo(before));
        Assert.That(File.Exists(store.PathOf("jobs/j/parts/000000/0-a.jsonl")), Is.False);
        Assert.That(await store.ExistsAsync("jobs/j/parts/000000/0-a.jsonl", CancellationToken.None), Is.True);
    }
}
