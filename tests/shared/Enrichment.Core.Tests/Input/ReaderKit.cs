using System.Text;
using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

/// <summary>Helpers that feed readers from text, byte by byte or in tiny windows, to reach every buffer boundary.</summary>
internal static class ReaderKit
{
    /// <summary>Options with a tiny window so records cross refills and the window has to grow.</summary>
    public static readonly ContactReaderOptions Tiny = new() { BufferSize = 16 };

    public static async Task<List<InputRecord>> ReadAllAsync(IContactReader reader)
    {
        var records = new List<InputRecord>();
        await foreach (var record in reader.ReadAsync(CancellationToken.None))
        {
            records.Add(record);
        }

        return records;
    }

    public static Task<List<InputRecord>> ReadAllAsync(InputFormat format, string text, ContactReaderOptions? options = null) =>
        ReadAllAsync(ContactReaders.Open(new MemoryStream(Encoding.UTF8.GetBytes(text)), format, options));

    public static Task<List<InputRecord>> ReadAllAsync(InputFormat format, byte[] bytes, ContactReaderOptions? options = null) =>
        ReadAllAsync(ContactReaders.Open(new MemoryStream(bytes), format, options));

    /// <summary>Reads the text three ways (whole, tiny window, one byte per read) and checks they agree.</summary>
    public static async Task<(IReadOnlyList<string> Columns, List<InputRecord> Records)> ReadEveryWayAsync(InputFormat format, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var whole = ContactReaders.Open(new MemoryStream(bytes), format);
        var records = await ReadAllAsync(whole);
        var tiny = await ReadAllAsync(ContactReaders.Open(new MemoryStream(bytes), format, Tiny));
        var trickle = await ReadAllAsync(ContactReaders.Open(new TrickleStream(bytes), format, Tiny));
        Assert.That(Describe(tiny), Is.EqualTo(Describe(records)), "tiny window disagrees with whole read");
        Assert.That(Describe(trickle), Is.EqualTo(Describe(records)), "byte-by-byte read disagrees with whole read");
        return (whole.Columns, records);
    }

    public static async Task<InputFormatException> FailAsync(InputFormat format, string text, ContactReaderOptions? options = null)
    {
        var exception = await FailAsync(format, Encoding.UTF8.GetBytes(text), options);
        var trickled = Assert.ThrowsAsync<InputFormatException>(
            () => ReadAllAsync(ContactReaders.Open(new TrickleStream(Encoding.UTF8.GetBytes(text)), format, options ?? Tiny)));
        Assert.That(
            (trickled!.Line, trickled.Column, trickled.Reason),
            Is.EqualTo((exception.Line, exception.Column, exception.Reason)),
            "error differs when read byte by byte");
        return exception;
    }

    public static Task<InputFormatException> FailAsync(InputFormat format, byte[] bytes, ContactReaderOptions? options = null)
    {
        var exception = Assert.ThrowsAsync<InputFormatException>(() => ReadAllAsync(format, bytes, options));
        return Task.FromResult(exception!);
    }

    private static List<string> Describe(List<InputRecord> records) =>
        records.ConvertAll(r => $"{r.Row}@{r.Line}:[{string.Join("|", r.Values.Select(v => v ?? "<null>"))}]");
}
