using Enrichment.Core.Services;

namespace Enrichment.Core.Output;

public static class RecordWriters
{
    /// <summary>A writer for an output format; the stream stays open for its owner (an upload) to complete.</summary>
    public static IRecordWriter Create(Stream stream, string outputFormat) => outputFormat switch
    {
        OutputFormats.JsonLines => new JsonLinesRecordWriter(stream, leaveOpen: true),
        OutputFormats.Xlsx => new XlsxRecordWriter(stream, leaveOpen: true),
        _ => new CsvRecordWriter(stream, leaveOpen: true),
    };
}
