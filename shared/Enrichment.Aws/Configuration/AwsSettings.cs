namespace Enrichment.Aws.Configuration;

/// <summary>
/// Where the AWS adapters find their resources. Read from the environment Terraform gives each
/// function; endpoint overrides follow the SDK's standard variables so the same binary runs against
/// moto or another emulator.
/// </summary>
public sealed record AwsSettings
{
    public const string TableVariable = "ENRICHMENT_TABLE";
    public const string QueueUrlVariable = "ENRICHMENT_QUEUE_URL";
    public const string BucketVariable = "ENRICHMENT_BUCKET";
    public const string StateMachineArnVariable = "ENRICHMENT_STATE_MACHINE_ARN";
    public const string KmsKeyIdVariable = "ENRICHMENT_KMS_KEY_ID";
    public const string ForcePathStyleVariable = "ENRICHMENT_S3_FORCE_PATH_STYLE";

    public required string TableName { get; init; }
    public required string QueueUrl { get; init; }
    public required string BucketName { get; init; }
    public required string StateMachineArn { get; init; }
    /// <summary>SSE-KMS key for every object write; null means SSE-S3 (AES256).</summary>
    public string? KmsKeyId { get; init; }
    public required string Region { get; init; }
    /// <summary>AWS_ENDPOINT_URL: one endpoint for every service (an emulator).</summary>
    public Uri? EndpointUrl { get; init; }
    public Uri? S3EndpointUrl { get; init; }
    public Uri? SqsEndpointUrl { get; init; }
    public Uri? DynamoDbEndpointUrl { get; init; }
    public Uri? StepFunctionsEndpointUrl { get; init; }
    /// <summary>AWS_ENDPOINT_URL_SSM: Parameter Store (the worker's provider API keys).</summary>
    public Uri? SsmEndpointUrl { get; init; }
    /// <summary>Path-style S3 addressing; emulators need it. Defaults to on whenever an S3 endpoint is overridden.</summary>
    public bool ForcePathStyle { get; init; }

    public Uri? S3Endpoint => S3EndpointUrl ?? EndpointUrl;
    public Uri? SqsEndpoint => SqsEndpointUrl ?? EndpointUrl;
    public Uri? DynamoDbEndpoint => DynamoDbEndpointUrl ?? EndpointUrl;
    public Uri? SsmEndpoint => SsmEndpointUrl ?? EndpointUrl;

    /// <summary>The Step Functions endpoint: the override, else the public regional one.</summary>
    public Uri StepFunctionsEndpoint =>
        StepFunctionsEndpointUrl ?? EndpointUrl ?? new Uri($"https://states.{Region}.amazonaws.com/");

    /// <summary>Reads the settings through <paramref name="getVariable"/>; throws naming the first missing required variable.</summary>
    public static AwsSettings FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        string? Optional(string name)
        {
            var value = getVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        string Required(string name) => Optional(name) ?? throw new AwsSettingsException(
            $"The environment variable {name} is required by the AWS adapters but is not set.");

        Uri? Endpoint(string name)
        {
            var value = Optional(name);
            if (value is null)
            {
                return null;
            }

            return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
                ? uri
                : throw new AwsSettingsException($"The environment variable {name} must be an absolute http(s) URL.");
        }

        var region = Optional("AWS_REGION") ?? Optional("AWS_DEFAULT_REGION")
            ?? throw new AwsSettingsException("The environment variable AWS_REGION (or AWS_DEFAULT_REGION) is required by the AWS adapters but is not set.");
        var endpoint = Endpoint("AWS_ENDPOINT_URL");
        var s3Endpoint = Endpoint("AWS_ENDPOINT_URL_S3");
        var forcePathStyle = Optional(ForcePathStyleVariable) is { } flag
            ? bool.TryParse(flag, out var parsed) ? parsed : throw new AwsSettingsException($"The environment variable {ForcePathStyleVariable} must be true or false.")
            : (s3Endpoint ?? endpoint) is not null;

        return new AwsSettings
        {
            TableName = Required(TableVariable),
            QueueUrl = Required(QueueUrlVariable),
            BucketName = Required(BucketVariable),
            StateMachineArn = Required(StateMachineArnVariable),
            KmsKeyId = Optional(KmsKeyIdVariable),
            Region = region,
            EndpointUrl = endpoint,
            S3EndpointUrl = s3Endpoint,
            SqsEndpointUrl = Endpoint("AWS_ENDPOINT_URL_SQS"),
            DynamoDbEndpointUrl = Endpoint("AWS_ENDPOINT_URL_DYNAMODB"),
            StepFunctionsEndpointUrl = Endpoint("AWS_ENDPOINT_URL_SFN"),
            SsmEndpointUrl = Endpoint("AWS_ENDPOINT_URL_SSM"),
            ForcePathStyle = forcePathStyle,
        };
    }
}
