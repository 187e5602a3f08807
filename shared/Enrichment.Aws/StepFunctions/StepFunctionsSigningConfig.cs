using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace Enrichment.Aws.StepFunctions;

/// <summary>
/// The minimal client configuration AWSSDK.Core's SigV4 signer reads: signing service "states" and
/// the region. There is no AWSSDK.StepFunctions package on our registry, so this stands in for its config.
/// </summary>
internal sealed class StepFunctionsSigningConfig : ClientConfig
{
    public StepFunctionsSigningConfig(string region)
        : base(new DefaultConfigurationProvider([new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard }]))
    {
        AuthenticationRegion = region;
        AuthenticationServiceName = "states";
    }

    public override string RegionEndpointServiceName => "states";

    public override string ServiceVersion => "2016-11-23";

    public override string UserAgent => "enrichment-sfn";

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        throw new NotSupportedException("The Step Functions client resolves its own endpoint.");
}
