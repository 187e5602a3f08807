using System.Security.Cryptography;

namespace Enrichment.Local.Objects;

/// <summary>
/// Signs and checks the local stand-in for S3 pre-signed URLs:
/// <c>{baseUrl}/objects/{key}?op=get|put&amp;expires={unix}[&amp;name=...]&amp;sig={hmac}</c>, HMAC-SHA256
/// over the operation, key, expiry and name with a key generated once per data directory.
/// </summary>
public sealed class LocalUrlSigner
{
    public const string KeyFileName = "url-signing.key";
    public const string RoutePrefix = "/objects/";

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public LocalUrlSigner(byte[] key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 32)
        {
            throw new ArgumentException("the signing key needs at least 32 bytes", nameof(key));
        }

        _key = key.ToArray();
        _time = time;
    }

    /// <summary>Reads the data directory's signing key, creating it (mode 600) on first use.</summary>
    public static LocalUrlSigner ForDataDirectory(string dataDirectory, TimeProvider time)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, KeyFileName);
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(fresh);
            }

            try
            {
                // Two hosts starting together: the first key written wins, the other is dropped.
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }

        return new LocalUrlSigner(File.ReadAllBytes(path), time);
    }

    /// <summary>A signed absolute URL for <paramref name="operation"/> ("get" or "put") on <paramref name="key"/>.</summary>
    /// <param name="contentLength">For a PUT: the exact body length the link accepts (signed, like S3's signed Content-Length).</param>
    public Uri CreateUrl(Uri baseUrl, string operation, string key, TimeSpan lifetime, string? downloadName = null, long? contentLength = null)
    {
        ValidateOperation(operation);
        var expires = (_time.GetUtcNow() + lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var length = contentLength?.ToString(CultureInfo.InvariantCulture);
        var signature = Sign(operation, key, expires, downloadName, length);
        var path = string.Join('/', key.Split('/').Select(Uri.EscapeDataString));
        var query = new StringBuilder()
            .Append("op=").Append(operation)
            .Append("&expires=").Append(expires);
        if (downloadName is not null)
        {
            query.Append("&name=").Append(Uri.EscapeDataString(downloadName));
        }

        if (length is not null)
        {
            query.Append("&length=").Append(length);
        }

        query.Append("&sig=").Append(signature);
        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        return new Uri($"{root}{RoutePrefix}{path}?{query}");
    }

    /// <summary>Checks a request's parameters (already URL-decoded) against its signature and the clock.</summary>
    public SignatureCheck Verify(string operation, string key, string? expires, string? downloadName, string? signature, string? contentLength = null)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature) || operation is not ("get" or "put"))
        {
            return SignatureCheck.Tampered;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(operation, key, expires, downloadName, contentLength));
        var given = Encoding.ASCII.GetBytes(signature);
        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return SignatureCheck.Tampered;
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return SignatureCheck.Tampered;
        }

        return _time.GetUtcNow().ToUnixTimeSeconds() > unix ? SignatureCheck.Expired : SignatureCheck.Valid;
    }

    private string Sign(string operation, string key, string expires, string? downloadName, string? contentLength)
    {
        // Keys hold no control characters (the store refuses them), so the fields cannot shift into one another.
        var canonical = $"{operation}\n{key}\n{expires}\n{downloadName ?? string.Empty}";
        if (contentLength is not null)
        {
            canonical += $"\n{contentLength}";
        }

        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(canonical));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static void ValidateOperation(string operation)
    {
        if (operation is not ("get" or "put"))
        {
            throw new ArgumentException("operation must be get or put", nameof(operation));
        }
    }
}
