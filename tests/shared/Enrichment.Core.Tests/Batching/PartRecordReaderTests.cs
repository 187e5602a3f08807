using System.Text;
using Enrichment.Core.Batching;
using Enrichment.Core.Output;
using Enrichment.Testing.InMemory;

namespace Enrichment.Core.Tests.Batching;

/// <summary>The second part format (<see cref="PartFields"/>) as the aggregate reads it, and the JSON parts written before it.</summary>
public sealed class PartRecordReaderTests
{
    /// <summary>Lengths around the one-byte and two-byte length boundaries (62 and 4,094 bytes), ASCII and multi-byte.</summary>
    private static readonly string?[] Edges =
    [
        null, string.Empty, "Zoë", "日本 😀", "a\r\nb\u0001\"\\",
        new('x', 61), new('x', 62), new('x', 63), new('x', 64), new('x', 65),
        new string('é', 31), new string('é', 31) + "a", new string('é', 32), "😀" + new string('x', 59), "😀" + new string('x', 60),
        new('y', 4093), new('y', 4094), new('y', 4095), new('y', 4096),
    ];

    private static readonly PartRecord[] Records =
    [
        new(1, Edges, ["ok", null, string.Empty, "+14155550100"]),
        new(0, [], []),
        new(long.MaxValue, [null, null], [string.Empty]),
        new(63, [.. Edges.Reverse()], [.. Edges]),
    ];

    [Test]
    public async Task EveryRecord_ReadsBackWhole_AsStringsAndAsCells()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", Records, CancellationToken.None);

        Assert.That(store.Read("part").AsSpan().StartsWith("\u0001EPART2\n"u8), Is.True);
        Assert.That(await ReadAllAsync(store, "part"), Is.EqualTo(Records.Select(Text)));
        Assert.That(await CellsAsync(store, "part"), Is.EqualTo(Records.Select(r => Cells(r, Edges.Length))));
    }

    [TestCase(0, 1)]
    [TestCase(61, 1)]
    [TestCase(62, 1)]
    [TestCase(63, 2)]
    [TestCase(64, 2)]
    [TestCase(4094, 2)]
    [TestCase(4095, 3)]
    public void AValuesLength_TakesOneByteUpTo62Bytes_AndSixBitsMorePerByte(int length, int lengthBytes)
    {
        var value = new string('z', length);
        var field = new byte[PartFields.MaxFieldBytes(value)];

        var written = PartFields.WriteField(field, value);
        var at = 0;

        Assert.That(written, Is.EqualTo(lengthBytes + length));
        Assert.That(field.AsSpan(0, lengthBytes).ToArray(), Has.All.LessThan((byte)0x80), "the format's own bytes are ASCII");
        Assert.That(PartFields.TryReadField(field.AsSpan(0, written), ref at, out var read, out var isNull), Is.True);
        Assert.That((Encoding.UTF8.GetString(read), isNull, at), Is.EqualTo((value, false, written)));
    }

    [Test]
    public async Task APartCutShort_AnywhereAfterItsHeader_IsRefused()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "whole", Records.Take(3).ToArray(), CancellationToken.None);
        var whole = store.Read("whole");

        for (var length = PartFields.Header.Length; length < whole.Length; length++)
        {
            store.Write("cut", whole[..length]);
            Assert.That(() => ReadAllAsync(store, "cut"), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 is not a whole part"), $"cut to {length} bytes");
        }
    }

    [Test]
    public async Task APartWithAValueThatIsNotUtf8_IsRefused()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", [new PartRecord(1, ["Zoë"], ["ok"])], CancellationToken.None);
        var bytes = store.Read("part").ToArray();
        bytes[Array.IndexOf(bytes, (byte)'Z')] = 0xFF;
        store.Write("part", bytes);

        Assert.That(() => ReadAllAsync(store, "part"), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 is not a whole part"));
    }

    [Test]
    public async Task APartWhoseEndCountsOtherRecords_IsRefused()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "two", Records.Take(2).ToArray(), CancellationToken.None);
        await PartFiles.WriteAsync(store, "one", Records.Take(1).ToArray(), CancellationToken.None);
        var one = store.Read("one");
        var two = store.Read("two");

        // The first record of "two" with the end of "one": a record lost between them would read so.
        store.Write("part", [.. two[..one[..^PartFields.EndBytes].Length], .. two[^PartFields.EndBytes..]]);

        Assert.That(() => ReadAllAsync(store, "part"), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 does not have the records its end counts"));
    }

    [Test]
    public async Task APartWhoseRecordIsDamaged_IsRefused_AsStringsAndAsCells()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "part", [new PartRecord(1, ["a"], ["ok"]), new PartRecord(2, ["b"], ["ok"])], CancellationToken.None);
        var bytes = store.Read("part").ToArray();
        bytes[Array.LastIndexOf(bytes, PartFields.RecordTag)] = (byte)'x';
        store.Write("part", bytes);
        using var strings = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        using var cells = await PartBuffer.ReadAsync(store, "part", "part of batch 3", CancellationToken.None);
        var line = new string?[2];
        var row = new Utf8Row();
        row.Reset(2);

        Assert.That(strings.ReadInto(line.AsSpan(0, 1), line.AsSpan(1), out _, out _), Is.True);
        Assert.That(cells.ReadInto(row, 1, out _, out _), Is.True);
        Assert.That(() => strings.ReadInto(line.AsSpan(0, 1), line.AsSpan(1), out _, out _), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 has a damaged record"));
        Assert.That(() => cells.ReadInto(row, 1, out _, out _), Throws.InstanceOf<InvalidDataException>().With.Message.EqualTo("part of batch 3 has a damaged record"));
    }

    [Test]
    public async Task AJsonPartOfTheVersionBefore_ReadsTheSameRecordsAndCells()
    {
        var store = new InMemoryObjectStore();
        await PartFiles.WriteAsync(store, "new", Records, CancellationToken.None);
        store.Write("old", PreviousParts.Bytes(Records));

        Assert.That(store.Read("old")[0], Is.EqualTo((byte)'{'));
        Assert.That(await ReadAllAsync(store, "old"), Is.EqualTo(await ReadAllAsync(store, "new")));
        Assert.That(await CellsAsync(store, "old"), Is.EqualTo(await CellsAsync(store, "new")));
    }

    [Test]
    public async Task AJsonPartOfTheVersionBefore_CutShort_IsStillRefused()
    {
        var store = new InMemoryObjectStore();
        var old = PreviousParts.Bytes(Records.Take(1));
        store.Write("cut", old[..^10]);

        Assert.That(() => ReadAllAsync(store, "cut"), Throws.InstanceOf<System.Text.Json.JsonException>());
    }

    private static async Task<List<string>> ReadAllAsync(InMemoryObjectStore store, string key)
    {
        var records = new List<string>();
        await foreach (var record in PartFile.ReadAsync(store, key, "part of batch 3", CancellationToken.None))
        {
            records.Add(Text(record));
        }

        return records;
    }

    private static async Task<List<string>> CellsAsync(InMemoryObjectStore store, string key)
    {
        using var part = await PartBuffer.ReadAsync(store, key, "part of batch 3", CancellationToken.None);
        var cells = new Utf8Row();
        var read = new List<string>();
        cells.Reset(Edges.Length * 2);
        while (part.ReadInto(cells, Edges.Length, out var row, out var count))
        {
            read.Add($"{row}:{count}:" + string.Join("|", Enumerable.Range(0, cells.Count).Select(c => cells.IsNull(c) ? "null" : Convert.ToHexString(cells[c]))));
            cells.Reset(Edges.Length * 2);
        }

        return read;
    }

    private static string Text(PartRecord record) =>
        $"{record.Row}:" + string.Join("|", record.Values.Select(v => v is null ? "null" : $"'{v}'")) + ":" + string.Join("|", record.Enrichment.Select(v => v is null ? "null" : $"'{v}'"));

    private static string Cells(PartRecord record, int valueCells)
    {
        var cells = record.Values.Concat(new string?[valueCells]).Take(valueCells).Concat(record.Enrichment.Concat(new string?[valueCells]).Take(valueCells));
        return $"{record.Row}:{record.Enrichment.Length}:" + string.Join("|", cells.Select(v => v is null ? "null" : Convert.ToHexString(Encoding.UTF8.GetBytes(v))));
    }
}
