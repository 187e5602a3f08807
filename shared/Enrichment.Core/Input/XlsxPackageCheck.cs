using System.IO.Compression;

namespace Enrichment.Core.Input;

/// <summary>
/// Looks at a would-be .xlsx before a workbook reader touches it, so every way it can be wrong is
/// one clear sentence: not a zip, a password-protected or old .xls file (both OLE compound files), a
/// zip that is no workbook, or one that unpacks to more than the limits (a zip bomb). The sizes are
/// the ones the zip declares; .NET's zip reader never inflates an entry past its declared size, so
/// checking them bounds what any later reader can inflate.
/// </summary>
internal static class XlsxPackageCheck
{
    private static readonly byte[] ZipSignature = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    // An encrypted Office file is a compound file holding a stream of this name (UTF-16 in the directory).
    private static readonly byte[] EncryptionInfoName = Encoding.Unicode.GetBytes("EncryptionInfo");

    /// <summary>Checks the workbook at the stream's position, and leaves the position where it was.</summary>
    public static void Check(Stream stream, ContactReaderOptions options)
    {
        var start = stream.Position;
        try
        {
            CheckSignature(stream);
            stream.Position = start;
            CheckZip(stream, options);
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static void CheckSignature(Stream stream)
    {
        Span<byte> head = stackalloc byte[8];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (length == 0)
        {
            throw new InputFormatException("the file is empty: expected an .xlsx workbook");
        }

        if (length >= 4 && head[..4].SequenceEqual(ZipSignature))
        {
            return;
        }

        if (length == 8 && head.SequenceEqual(CompoundFileSignature))
        {
            throw new InputFormatException(IsEncrypted(stream)
                ? "the workbook is password-protected: remove the password in Excel (File > Info > Protect Workbook) and send it again"
                : "this is an Excel 97-2003 workbook (.xls), not .xlsx: save it as .xlsx (Excel Workbook) or CSV");
        }

        throw new InputFormatException("not an .xlsx workbook: the file is not a zip archive; save the sheet as .xlsx or CSV");
    }

    private static void CheckZip(Stream stream, ContactReaderOptions options)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new InputFormatException("the .xlsx file is damaged: its zip directory cannot be read (was the upload cut short?)");
        }

        using (zip)
        {
            var hasWorkbook = false;
            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked += entry.Length;
                if (string.Equals(entry.FullName, "xl/workbook.xml", StringComparison.OrdinalIgnoreCase))
                {
                    hasWorkbook = true;
                }

                if (entry.FullName.EndsWith("sharedStrings.xml", StringComparison.OrdinalIgnoreCase) && entry.Length > options.MaxSharedStringsBytes)
                {
                    throw new InputFormatException(
                        $"the workbook's text table unpacks to more than {Size(options.MaxSharedStringsBytes)}, more than a reader may hold: save the sheet as CSV");
                }
            }

            if (!hasWorkbook)
            {
                throw new InputFormatException("not an Excel workbook: the zip archive has no xl/workbook.xml; save the sheet as .xlsx or CSV");
            }

            if (unpacked > options.MaxWorkbookUnpackedBytes)
            {
                throw new InputFormatException(
                    $"the workbook unpacks to more than {Size(options.MaxWorkbookUnpackedBytes)}: split it, or save the sheet as CSV");
            }
        }
    }

    /// <summary>Searches the compound file for its EncryptionInfo stream's name, a buffer at a time.</summary>
    private static bool IsEncrypted(Stream stream)
    {
        stream.Position = 0;
        var buffer = new byte[64 * 1024];
        var carry = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var filled = carry + read;
            if (buffer.AsSpan(0, filled).IndexOf(EncryptionInfoName) >= 0)
            {
                return true;
            }

            // Keep the tail: the name may straddle two reads.
            carry = Math.Min(EncryptionInfoName.Length - 1, filled);
            buffer.AsSpan(filled - carry, carry).CopyTo(buffer);
        }

        return false;
    }

    /// <summary>A limit in words: whole megabytes, or kilobytes below one.</summary>
    public static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / (1024 * 1024)} MB" : $"{bytes / 1024} KB";
}
