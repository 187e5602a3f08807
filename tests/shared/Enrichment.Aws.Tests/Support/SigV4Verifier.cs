using System.Collections.Specialized;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Enrichment.Aws.Tests.Support;

/// <summary>
/// An independent SigV4 check written from AWS's published algorithm, for tests only: moto does not
/// verify signatures, so the Step Functions client's signing is checked here instead.
/// </summary>
internal static partial class SigV4Verifier
{
    public static string? Verify(string method, string path, NameValueCollection headers, byte[] body, string secretKey)
    {
        var authorization = headers["Authorization"];
        if (authorization is null)
        {
            return "no Authorization header";
        }

        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return "malformed Authorization: " + authorization;
        }

        var scope = match.Groups["scope"].Value;
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        var amzDate = headers["X-Amz-Date"] ?? "";
        var canonicalHeaders = string.Concat(signedHeaders.Select(name =>
            name + ":" + Regex.Replace((headers[name] ?? "").Trim(), " +", " ") + "\n"));
        var canonicalRequest = string.Join('\n', method, path, "", canonicalHeaders, string.Join(';', signedHeaders), Hex(SHA256.HashData(body)));
        var stringToSign = string.Join('\n', "AWS4-HMAC-SHA256", amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var parts = scope.Split('/');
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in parts)
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        return expected == match.Groups["signature"].Value ? null : "signature mismatch";
    }

    public static string Scope(NameValueCollection headers) =>
        AuthorizationPattern().Match(headers["Authorization"] ?? "").Groups["scope"].Value;

    public static string[] SignedHeaders(NameValueCollection headers) =>
        AuthorizationPattern().Match(headers["Authorization"] ?? "").Groups["signed"].Value.Split(';');

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLower(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<scope>[^,]+), ?SignedHeaders=(?<signed>[^,]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
