using System.Security.Cryptography;

namespace Enrichment.Local.Host.Hosting;

/// <summary>
/// `serve --api-keys FILE`: a JSON object of key to caller name. Keys are held and looked up by
/// their SHA-256, so a lookup takes the same time whichever key is close to a real one.
/// </summary>
public sealed class ApiKeys
{
    /// <summary>A key shorter than this is guessable; the file is refused.</summary>
    public const int MinimumKeyLength = 16;

    private readonly Dictionary<string, string> _callers;

    private ApiKeys(Dictionary<string, string> callers) => _callers = callers;

    public int Count => _callers.Count;

    /// <summary>Reads the file; a file that is not a usable key list throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static ApiKeys Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException("the API keys file cannot be read");
        }

        return Parse(bytes);
    }

    public static ApiKeys Parse(ReadOnlySpan<byte> json)
    {
        Dictionary<string, string>? entries;
        try
        {
            entries = JsonSerializer.Deserialize(json, LocalHostJsonContext.Default.DictionaryStringString);
        }
        catch (JsonException)
        {
            throw new InvalidDataException("the API keys file must be a JSON object of key to caller name");
        }

        if (entries is null || entries.Count == 0)
        {
            throw new InvalidDataException("the API keys file holds no keys");
        }

        var callers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, caller) in entries)
        {
            if (key.Length < MinimumKeyLength || key.Any(char.IsWhiteSpace))
            {
                throw new InvalidDataException($"every API key needs at least {MinimumKeyLength} characters and no spaces");
            }

            if (string.IsNullOrWhiteSpace(caller) || caller.Length > 128 || caller.Any(char.IsControl))
            {
                throw new InvalidDataException("every caller name must be 1 to 128 printable characters");
            }

            callers[Hash(key)] = caller;
        }

        return new ApiKeys(callers);
    }

    /// <summary>The caller a key belongs to, or null for an unknown key.</summary>
    public string? CallerOf(string? key) =>
        string.IsNullOrEmpty(key) ? null : _callers.GetValueOrDefault(Hash(key));

    private static string Hash(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
