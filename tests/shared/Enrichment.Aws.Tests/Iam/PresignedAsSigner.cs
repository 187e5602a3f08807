using System.Net;
using System.Web;
using Amazon.S3.Model;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// Follows a pre-signed S3 URL the way S3 authorizes it: as the request of the user who signed it. moto 5.2.1
/// cannot serve a pre-signed URL while IAM is enforced (it looks for an Authorization header and fails with a
/// 500), so the URL is read here instead: it must be signed by one of the pipeline's function users, with
/// SigV4, and the object is then read or written with that user's keys, which the user's policy must allow.
/// </summary>
internal static class PresignedAsSigner
{
    public static async Task<(byte[] Body, string? ContentType)> GetAsync(IamMoto moto, FunctionUsers users, Uri url)
    {
        var (signer, bucket, key, query) = Parse(moto, users, url);
        using var s3 = moto.S3(users[signer]);
        // Without the URL's response-* overrides: moto miscomputes the signature of a signed S3 request that
        // carries query parameters. The content type S3 would answer is the override's, else the object's.
        using var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key });
        using var body = new MemoryStream();
        await response.ResponseStream.CopyToAsync(body);
        return (body.ToArray(), query["response-content-type"] ?? response.Headers.ContentType);
    }

    public static async Task<HttpStatusCode> PutAsync(IamMoto moto, FunctionUsers users, Uri url, byte[] body, string contentType)
    {
        var (signer, bucket, key, _) = Parse(moto, users, url);
        using var s3 = moto.S3(users[signer]);
        using var content = new MemoryStream(body, writable: false);
        var response = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = content, ContentType = contentType });
        return response.HttpStatusCode;
    }

    private static (string Signer, string Bucket, string Key, System.Collections.Specialized.NameValueCollection Query) Parse(IamMoto moto, FunctionUsers users, Uri url)
    {
        Assert.That(url.Authority, Is.EqualTo(moto.Endpoint.Authority), "a URL of S3 (moto) itself");
        var query = HttpUtility.ParseQueryString(url.Query);
        Assert.That(query["X-Amz-Algorithm"], Is.EqualTo("AWS4-HMAC-SHA256"), "a SigV4 pre-signed URL");
        Assert.That(query["X-Amz-Signature"], Is.Not.Null.And.Not.Empty);
        var accessKey = (query["X-Amz-Credential"] ?? string.Empty).Split('/')[0];
        var signer = users.OwnerOf(accessKey);
        Assert.That(signer, Is.Not.Null, "signed with a function's own keys");

        // Path style: /{bucket}/{key}.
        var path = url.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return (signer!, path[..slash], Uri.UnescapeDataString(path[(slash + 1)..]), query);
    }
}
