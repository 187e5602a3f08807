using Enrichment.Aws.Configuration;

namespace Enrichment.Aws.Tests.Configuration;

[TestFixture]
public sealed class AwsSettingsTests
{
    private static Dictionary<string, string?> Complete() => new()
    {
        ["ENRICHMENT_TABLE"] = "enrichment-control",
        ["ENRICHMENT_QUEUE_URL"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/enrichment-batches",
        ["ENRICHMENT_DLQ_ARN"] = "arn:aws:sqs:eu-west-1:123456789012:enrichment-dlq",
        ["ENRICHMENT_BUCKET"] = "enrichment-data",
        ["ENRICHMENT_STATE_MACHINE_ARN"] = "arn:aws:states:eu-west-1:123456789012:stateMachine:enrichment-poller",
        ["AWS_REGION"] = "eu-west-1",
    };

    private static AwsSettings Read(Dictionary<string, string?> variables) =>
        AwsSettings.FromEnvironment(name => variables.TryGetValue(name, out var value) ? value : null);

    [Test]
    public void FromEnvironment_ReadsEveryVariable_WithAwsDefaults()
    {
        var settings = Read(Complete());

        Assert.Multiple(() =>
        {
            Assert.That(settings.TableName, Is.EqualTo("enrichment-control"));
            Assert.That(settings.QueueUrl, Does.EndWith("/enrichment-batches"));
            Assert.That(settings.BucketName, Is.EqualTo("enrichment-data"));
            Assert.That(settings.StateMachineArn, Does.EndWith(":enrichment-poller"));
            Assert.That(settings.KmsKeyId, Is.Null);
            Assert.That(settings.Region, Is.EqualTo("eu-west-1"));
            Assert.That(settings.S3Endpoint, Is.Null);
            Assert.That(settings.ForcePathStyle, Is.False);
            Assert.That(settings.StepFunctionsEndpoint, Is.EqualTo(new Uri("https://states.eu-west-1.amazonaws.com/")));
        });
    }

    [TestCase("ENRICHMENT_TABLE")]
    [TestCase("ENRICHMENT_QUEUE_URL")]
    [TestCase("ENRICHMENT_BUCKET")]
    [TestCase("ENRICHMENT_STATE_MACHINE_ARN")]
    public void FromEnvironment_MissingRequiredVariable_NamesIt(string variable)
    {
        var variables = Complete();
        variables[variable] = "  ";

        var exception = Assert.Throws<AwsSettingsException>(() => Read(variables));

        Assert.That(exception!.Message, Does.Contain(variable));
    }

    [Test]
    public void FromEnvironment_NoRegion_NamesAwsRegion_AndAwsDefaultRegionIsAccepted()
    {
        var variables = Complete();
        variables.Remove("AWS_REGION");

        Assert.That(() => Read(variables), Throws.InstanceOf<AwsSettingsException>().With.Message.Contains("AWS_REGION"));

        variables["AWS_DEFAULT_REGION"] = "us-west-2";
        Assert.That(Read(variables).Region, Is.EqualTo("us-west-2"));
    }

    [Test]
    public void FromEnvironment_GlobalEndpoint_AppliesToEveryService_AndTurnsOnPathStyle()
    {
        var variables = Complete();
        variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000";
        variables["ENRICHMENT_KMS_KEY_ID"] = "alias/enrichment";

        var settings = Read(variables);

        Assert.That(settings.S3Endpoint, Is.EqualTo(new Uri("http://127.0.0.1:5000")));
        Assert.That(settings.SqsEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:5000")));
        Assert.That(settings.DynamoDbEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:5000")));
        Assert.That(settings.StepFunctionsEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:5000")));
        Assert.That(settings.SsmEndpoint, Is.EqualTo(new Uri("http://127.0.0.1:5000")));
        Assert.That(settings.ForcePathStyle, Is.True);
        Assert.That(settings.KmsKeyId, Is.EqualTo("alias/enrichment"));
    }

    [Test]
    public void FromEnvironment_ServiceEndpoints_WinOverTheGlobalOne()
    {
        var variables = Complete();
        variables["AWS_ENDPOINT_URL"] = "http://127.0.0.1:5000";
        variables["AWS_ENDPOINT_URL_SFN"] = "http://127.0.0.1:5001";
        variables["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:5002";
        variables["AWS_ENDPOINT_URL_SQS"] = "http://127.0.0.1:5003";
        variables["AWS_ENDPOINT_URL_DYNAMODB"] = "http://127.0.0.1:5004";
        variables["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:5005";
        variables["ENRICHMENT_S3_FORCE_PATH_STYLE"] = "false";

        var settings = Read(variables);

        Assert.That(settings.StepFunctionsEndpoint.Port, Is.EqualTo(5001));
        Assert.That(settings.S3Endpoint!.Port, Is.EqualTo(5002));
        Assert.That(settings.SqsEndpoint!.Port, Is.EqualTo(5003));
        Assert.That(settings.DynamoDbEndpoint!.Port, Is.EqualTo(5004));
        Assert.That(settings.SsmEndpoint!.Port, Is.EqualTo(5005));
        Assert.That(settings.ForcePathStyle, Is.False);
    }

    [Test]
    public void FromEnvironment_MalformedEndpoint_NamesTheVariable()
    {
        var variables = Complete();
        variables["AWS_ENDPOINT_URL_SFN"] = "not a url";

        Assert.That(() => Read(variables), Throws.InstanceOf<AwsSettingsException>().With.Message.Contains("AWS_ENDPOINT_URL_SFN"));
    }
}
