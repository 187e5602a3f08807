using System.Text;
using Enrichment.Local.Objects;

namespace Enrichment.Local.Tests.Objects;

/// <summary>Batch parts kept in one append-only log per job, through the object store.</summary>
public sealed class PartLogTests
{
    private const string Ndjson = "application/x-ndjson";
    private TempDirectory _directory = null!;
    private readonly List<DirectoryObjectStore> _stores = [];

    [SetUp]
    public void Create() => _directory = new TempDirectory();

    [TearDown]
    public void Remove()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _directory.Dispose();
    }

    private static string Part(int index, string id, string job = "j") => $"jobs/{job}/parts/{index:D6}/{id}.jsonl";

    private string LogOf(string job) => System.IO.Path.Combine(_directory.Path, "part-logs", job + ".log");

    private DirectoryObjectStore NewStore()
    {
        var store = new DirectoryObjectStore(_directory.Path, LocalUrlSigner.ForDataDirectory(_directory.Path, TimeProvider.System), new Uri("http://127.0.0.1:8080"));
        _stores.Add(store);
        return store;
    }

    private static async Task<string?> ReadAsync(DirectoryObjectStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key, CancellationToken.None);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    private static Task PutAsync(DirectoryObjectStore store, string key, string text) =>
        store.PutAsync(key, Encoding.UTF8.GetBytes(text), Ndjson, CancellationToken.None);

    [Test]
    public async Task Put_OfAPart_IsReadBack_WithoutAFileOrDirectoryOfItsOwn()
    {
        var store = NewStore();

        await PutAsync(store, Part(0, "0-a"), "{\"a\":1}\n");
        await PutAsync(store, Part(1, "0-b"), "{\"b\":2}\n{\"b\":3}\n");

        Assert.That(await ReadAsync(store, Part(0, "0-a")), Is.EqualTo("{\"a\":1}\n"));
        Assert.That(await ReadAsync(store, Part(1, "0-b")), Is.EqualTo("{\"b\":2}\n{\"b\":3}\n"));
        Assert.That(await store.ExistsAsync(Part(1, "0-b"), CancellationToken.None), Is.True);
        Assert.That(await ReadAsync(store, Part(2, "0-c")), Is.Null);
        Assert.That(Directory.Exists(System.IO.Path.Combine(store.RootDirectory, "jobs", "j", "parts")), Is.False);
        Assert.That(File.Exists(LogOf("j")), Is.True);
    }

    [Test]
    public async Task Parts_AreFoundAgain_ByAStoreOpenedLater()
    {
        var first = NewStore();
        await PutAsync(first, Part(0, "0-a"), "first\n");
        await PutAsync(first, Part(1, "0-b"), "second\n");
        first.Dispose();

        var reopened = NewStore();

        Assert.That(await ReadAsync(reopened, Part(0, "0-a")), Is.EqualTo("first\n"));
        Assert.That(await ReadAsync(reopened, Part(1, "0-b")), Is.EqualTo("second\n"));
    }

    [Test]
    public async Task TornLastAppend_IsCutOff_AndEveryWholePartStays()
    {
        var first = NewStore();
        await PutAsync(first, Part(0, "0-a"), "whole\n");
        await PutAsync(first, Part(1, "0-b"), "cut short by a kill\n");
        first.Dispose();
        var length = new FileInfo(LogOf("j")).Length;
        using (var log = File.OpenHandle(LogOf("j"), FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.SetLength(log, length - 5);
        }

        var reopened = NewStore();
        await PutAsync(reopened, Part(2, "0-c"), "after the restart\n");
        reopened.Dispose();
        var third = NewStore();

        Assert.That(await ReadAsync(third, Part(0, "0-a")), Is.EqualTo("whole\n"));
        Assert.That(await ReadAsync(third, Part(1, "0-b")), Is.Null);
        Assert.That(await ReadAsync(third, Part(2, "0-c")), Is.EqualTo("after the restart\n"));
    }

    [Test]
    public async Task GarbageAfterTheLastPart_IsCutOff()
    {
        var first = NewStore();
        await PutAsync(first, Part(0, "0-a"), "whole\n");
        first.Dispose();
        await File.AppendAllTextAsync(LogOf("j"), "PRT1 not a record at all, as a power cut may leave");

        var reopened = NewStore();
        await PutAsync(reopened, Part(1, "0-b"), "next\n");
        reopened.Dispose();
        var third = NewStore();

        Assert.That(await ReadAsync(third, Part(0, "0-a")), Is.EqualTo("whole\n"));
        Assert.That(await ReadAsync(third, Part(1, "0-b")), Is.EqualTo("next\n"));
    }

    [Test]
    public async Task Delete_OfAPart_StaysDeleted_AfterReopening()
    {
        var first = NewStore();
        await PutAsync(first, Part(0, "0-a"), "gone\n");
        await PutAsync(first, Part(0, "1-b"), "kept\n");

        await first.DeleteAsync(Part(0, "0-a"), CancellationToken.None);
        first.Dispose();
        var reopened = NewStore();

        Assert.That(await reopened.ExistsAsync(Part(0, "0-a"), CancellationToken.None), Is.False);
        Assert.That(await ReadAsync(reopened, Part(0, "1-b")), Is.EqualTo("kept\n"));
    }

    [Test]
    public async Task DeletePrefix_OfAJob_RemovesItsLog_AndLeavesOtherJobsAlone()
    {
        var store = NewStore();
        await PutAsync(store, Part(0, "0-a", job: "j"), "j\n");
        await PutAsync(store, Part(0, "0-a", job: "jk"), "jk\n");
        await PutAsync(store, "jobs/j/output/0/enriched.csv", "email\n");

        await store.DeletePrefixAsync("jobs/j/", CancellationToken.None);

        Assert.That(File.Exists(LogOf("j")), Is.False);
        Assert.That(await store.ExistsAsync(Part(0, "0-a", job: "j"), CancellationToken.None), Is.False);
        Assert.That(await store.ExistsAsync("jobs/j/output/0/enriched.csv", CancellationToken.None), Is.False);
        Assert.That(await ReadAsync(store, Part(0, "0-a", job: "jk")), Is.EqualTo("jk\n"));
    }

    [Test]
    public async Task APartBeingRead_IsReadToItsEnd_WhenItsJobsLogIsDeletedMeanwhile()
    {
        var store = NewStore();
        await PutAsync(store, Part(0, "0-a"), "{\"a\":1}\n");
        await PutAsync(store, Part(1, "0-b"), "{\"b\":2}\n");

        await using var reading = await store.OpenReadAsync(Part(1, "0-b"), CancellationToken.None);
        await store.DeletePrefixAsync("jobs/j/", CancellationToken.None);
        using var reader = new StreamReader(reading!, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();

        Assert.That(text, Is.EqualTo("{\"b\":2}\n"));
        Assert.That(await store.OpenReadAsync(Part(0, "0-a"), CancellationToken.None), Is.Null, "gone for a new read");
        Assert.That(File.Exists(LogOf("j")), Is.False);
    }

    [Test]
    public async Task DeletePrefix_OfOneBatch_RemovesOnlyThatBatchsParts()
    {
        var store = NewStore();
        await PutAsync(store, Part(1, "0-a"), "one\n");
        await PutAsync(store, Part(10, "0-a"), "ten\n");

        await store.DeletePrefixAsync("jobs/j/parts/000001/", CancellationToken.None);

        Assert.That(await store.ExistsAsync(Part(1, "0-a"), CancellationToken.None), Is.False);
        Assert.That(await ReadAsync(store, Part(10, "0-a")), Is.EqualTo("ten\n"));
    }

    [Test]
    public async Task PartFile_WrittenByTheVersionBefore_IsStillRead()
    {
        var store = NewStore();
        var path = store.PathOf(Part(3, "0-old"));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "from a file\n");

        Assert.That(await ReadAsync(store, Part(3, "0-old")), Is.EqualTo("from a file\n"));
        Assert.That(await store.ExistsAsync(Part(3, "0-old"), CancellationToken.None), Is.True);
    }

    [Test]
    public async Task ConcurrentPuts_AreEachReadBackWhole()
    {
        var store = NewStore();
        var keys = Enumerable.Range(0, 200).Select(i => Part(i, "0-x")).ToList();

        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (key, ct) =>
            await store.PutAsync(key, Encoding.UTF8.GetBytes(new string('r', 1000) + key + "\n"), Ndjson, ct));
        store.Dispose();
        var reopened = NewStore();

        foreach (var key in keys)
        {
            Assert.That(await ReadAsync(reopened, key), Is.EqualTo(new string('r', 1000) + key + "\n"));
        }
    }

    [Test]
    public async Task OtherKeys_UnderAJob_StayFiles()
    {
        var store = NewStore();

        await PutAsync(store, "jobs/j/failed/000001.json", "[]");
        await PutAsync(store, "jobs/j/parts/000001.jsonl", "a part of the oldest layout\n");

        Assert.That(File.Exists(store.PathOf("jobs/j/failed/000001.json")), Is.True);
        Assert.That(File.Exists(store.PathOf("jobs/j/parts/000001.jsonl")), Is.True);
        Assert.That(File.Exists(LogOf("j")), Is.False);
    }
}
