using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Enrichment.Aws.Tests.Iam;

/// <summary>
/// IAM's Query API over HttpClient, signed with AWSSDK.Core's SigV4 signer (the registry has no
/// AWSSDK.IdentityManagement): the few calls that make users, their inline policies and access keys.
/// </summary>
internal sealed class IamQueryClient(Uri endpoint, ImmutableCredentials credentials) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly AWS4Signer _signer = new();
    private readonly SigningConfig _config = new();

    public Task CreateUserAsync(string userName) =>
        CallAsync("CreateUser", new() { ["UserName"] = userName });

    public Task PutUserPolicyAsync(string userName, string policyName, string document) =>
        CallAsync("PutUserPolicy", new() { ["UserName"] = userName, ["PolicyName"] = policyName, ["PolicyDocument"] = document });

    public async Task<BasicAWSCredentials> CreateAccessKeyAsync(string userName)
    {
        var response = await CallAsync("CreateAccessKey", new() { ["UserName"] = userName });
        string Value(string name) => response.Descendants().Single(e => e.Name.LocalName == name).Value;
        return new BasicAWSCredentials(Value("AccessKeyId"), Value("SecretAccessKey"));
    }

    public void Dispose() => _http.Dispose();

    private async Task<XDocument> CallAsync(string action, Dictionary<string, string> parameters)
    {
        parameters["Action"] = action;
        parameters["Version"] = "2010-05-08";
        var body = Encoding.UTF8.GetBytes(string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))));
        var request = new DefaultRequest(new QueryRequest(), "IAM")
        {
            HttpMethod = "POST",
            Endpoint = endpoint,
            ResourcePath = "/",
            Content = body,
            OverrideSigningServiceName = "iam",
            AuthenticationRegion = "us-east-1",
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        var signature = _signer.SignRequest(request, _config, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = signature.ForAuthorizationHeader;

        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        foreach (var (name, value) in request.Headers.Where(h => h.Key is not ("Content-Type" or "Content-Length" or "Host")))
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"IAM {action} answered {(int)response.StatusCode}: {text}");
        }

        return XDocument.Parse(text);
    }

    private sealed class QueryRequest : AmazonWebServiceRequest;

    private sealed class SigningConfig : ClientConfig
    {
        public SigningConfig()
            : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
        {
            AuthenticationRegion = "us-east-1";
            AuthenticationServiceName = "iam";
        }

        public override string RegionEndpointServiceName => "iam";

        public override string ServiceVersion => "2010-05-08";

        public override string UserAgent => "enrichment-tests-iam";

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
            throw new NotSupportedException("The IAM client resolves its own endpoint.");
    }
}
