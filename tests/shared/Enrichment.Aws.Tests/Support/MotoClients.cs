using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Enrichment.Aws.StepFunctions;

namespace Enrichment.Aws.Tests.Support;

/// <summary>Real AWSSDK clients pointed at the assembly's moto server (dummy credentials, path-style S3).</summary>
internal static class MotoClients
{
    public static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    public static Uri Endpoint => AwsTestEnvironment.Moto.Endpoint;

    public static string Region => AwsTestEnvironment.Moto.Region;

    public static AmazonDynamoDBClient DynamoDb() =>
        new(Credentials, new AmazonDynamoDBConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = AwsTestEnvironment.DynamoDbEndpoint.ToString(), AuthenticationRegion = Region });

    public static AmazonSQSClient Sqs() =>
        new(Credentials, new AmazonSQSConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public static AmazonS3Client S3() =>
        new(Credentials, new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });

    public static AmazonSimpleSystemsManagementClient Ssm() =>
        new(Credentials, new AmazonSimpleSystemsManagementConfig { RegionEndpoint = RegionEndpoint.USEast1, ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });

    public static StepFunctionsClient StepFunctions(HttpClient http) =>
        new(http, Endpoint, Region, Credentials, TimeProvider.System);

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];
}
