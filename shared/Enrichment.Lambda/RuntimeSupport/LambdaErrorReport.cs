using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Enrichment.Lambda.RuntimeSupport;

/// <summary>
/// The error body the Runtime API takes: <c>{"errorMessage","errorType","stackTrace"}</c>.
/// <see cref="ErrorType"/> is also sent as the Lambda-Runtime-Function-Error-Type header.
/// </summary>
public sealed record LambdaErrorReport(string ErrorType, string ErrorMessage, IReadOnlyList<string> StackTrace)
{
    // Relaxed escaping keeps quotes and angle brackets readable in CloudWatch; the output is never embedded in HTML.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Reports an exception as its type name and its message. The product's handlers throw messages
    /// free of personal data, so the message is safe to send. JSON exceptions are the exception: their
    /// messages can quote the offending input, so only the JSON path and position are kept.
    /// </summary>
    public static LambdaErrorReport FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception is JsonException json
            ? $"Invalid JSON at path '{json.Path ?? "$"}', line {json.LineNumber ?? 0}, byte {json.BytePositionInLine ?? 0}."
            : exception.Message;
        var stackTrace = exception.StackTrace?
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        return new LambdaErrorReport(exception.GetType().Name, message, stackTrace);
    }

    /// <summary>The JSON body for /invocation/{id}/error and /init/error.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("errorMessage", ErrorMessage);
            writer.WriteString("errorType", ErrorType);
            writer.WriteStartArray("stackTrace");
            foreach (var line in StackTrace)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
