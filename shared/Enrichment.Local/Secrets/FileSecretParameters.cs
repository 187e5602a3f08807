namespace Enrichment.Local.Secrets;

/// <summary>
/// Secret parameters from a JSON file holding one object of name to string value, the local
/// stand-in for SSM Parameter Store, e.g. <c>{"/enrichment/providers/person-api/api-key": "..."}</c>.
/// The file is read on every call (callers cache what they read), so edits apply to the next
/// reader; a missing file holds no parameters. Errors name the file and the parameter, never a value.
/// </summary>
public sealed class FileSecretParameters : ISecretParameters
{
    /// <summary>The file's name in the local data directory when no other path is given.</summary>
    public const string DefaultFileName = "secrets.json";

    private static readonly JsonDocumentOptions ParseOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public FileSecretParameters(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        FilePath = Path.GetFullPath(path);
    }

    public string FilePath { get; }

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        cancellationToken.ThrowIfCancellationRequested();
        byte[] content;
        try
        {
            content = await File.ReadAllBytesAsync(FilePath, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, ParseOptions);
        }
        catch (JsonException exception)
        {
            // The parser's message may quote the file's text, and so a secret: only the position travels.
            throw new InvalidDataException(
                $"The secrets file {FilePath} is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The secrets file {FilePath} must hold one JSON object of parameter names to string values.");
            }

            string? value = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Ordinal like SSM's names; the last duplicate wins, as JSON readers usually do.
                if (string.Equals(property.Name, name, StringComparison.Ordinal))
                {
                    value = property.Value.ValueKind == JsonValueKind.String
                        ? property.Value.GetString()
                        : throw new InvalidDataException($"The parameter '{name}' in the secrets file {FilePath} must be a JSON string.");
                }
            }

            return value;
        }
    }
}
