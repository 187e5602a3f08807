using Amazon;
using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Enrichment.Aws.DynamoDb;
using Enrichment.Aws.S3;
using Enrichment.Aws.Sqs;
using Enrichment.Aws.Ssm;
using Enrichment.Aws.StepFunctions;
using Enrichment.Core.Costs.Counting;
using Enrichment.Core.Providers.Http;
using Enrichment.Core.Providers.Mx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Enrichment.Aws.Configuration;

public static class AwsServiceCollectionExtensions
{
    /// <summary>Everything a function needs on AWS: the shared services and the AWS adapters of every port.</summary>
    /// <param name="logger">The process's logger, the bootstrap's too, so the services' lines carry the invocation's request id.</param>
    public static IServiceCollection AddEnrichmentAws(this IServiceCollection services, Func<string, string?> environment, ILogger logger)
    {
        // The shipped definitions are the http providers this deployment offers; loading them here,
        // in the function's init, fails a broken deployment before it takes a request.
        services.AddEnrichmentCore(
            EnvironmentOptions.Read(environment),
            logger,
            HttpProviderDefinitionDirectory.FromEnvironment(environment),
            MxSettings.FromEnvironment(environment));
        services.AddEnrichmentAwsAdapters(AwsSettings.FromEnvironment(environment));
        return services;
    }

    /// <summary>
    /// Registers the SDK clients (one of each per container: they pool connections and cache
    /// credentials) and the ports on AWS. Endpoint overrides from <paramref name="settings"/> are
    /// applied explicitly (the SDK would also read AWS_ENDPOINT_URL*, but not S3's path style), and
    /// S3 switches to path-style addressing when <see cref="AwsSettings.ForcePathStyle"/> says so.
    /// </summary>
    /// <param name="credentials">Null: the SDK's default credential chain (a Lambda's role in production).</param>
    public static IServiceCollection AddEnrichmentAwsAdapters(this IServiceCollection services, AwsSettings settings, AWSCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(settings);
        var region = RegionEndpoint.GetBySystemName(settings.Region);

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new EnrichmentOptions());
        services.TryAddSingleton(settings);

        services.TryAddSingleton<IAmazonDynamoDB>(_ => Client(
            new AmazonDynamoDBConfig { RegionEndpoint = region },
            settings.DynamoDbEndpoint,
            credentials,
            config => new AmazonDynamoDBClient(config),
            config => new AmazonDynamoDBClient(credentials, config)));
        services.TryAddSingleton<IAmazonSQS>(_ => Client(
            new AmazonSQSConfig { RegionEndpoint = region },
            settings.SqsEndpoint,
            credentials,
            config => new AmazonSQSClient(config),
            config => new AmazonSQSClient(credentials, config)));
        services.TryAddSingleton<IAmazonS3>(_ => Client(
            new AmazonS3Config { RegionEndpoint = region, ForcePathStyle = settings.ForcePathStyle },
            settings.S3Endpoint,
            credentials,
            config => new AmazonS3Client(config),
            config => new AmazonS3Client(credentials, config)));
        services.TryAddSingleton<IAmazonSimpleSystemsManagement>(_ => Client(
            new AmazonSimpleSystemsManagementConfig { RegionEndpoint = region },
            settings.SsmEndpoint,
            credentials,
            config => new AmazonSimpleSystemsManagementClient(config),
            config => new AmazonSimpleSystemsManagementClient(credentials, config)));
        services.TryAddSingleton(provider => new StepFunctionsClient(
            new HttpClient { Timeout = TimeSpan.FromSeconds(60) },
            settings.StepFunctionsEndpoint,
            settings.Region,
            credentials,
            provider.GetRequiredService<TimeProvider>()));

        services.TryAddSingleton<IControlTable>(provider => new DynamoDbControlTable(
            provider.GetRequiredService<IAmazonDynamoDB>(),
            settings.TableName,
            provider.GetRequiredService<EnrichmentOptions>().JobRetention,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBatchQueue>(provider => new SqsBatchQueue(
            provider.GetRequiredService<IAmazonSQS>(),
            settings.QueueUrl,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IObjectStore>(provider => new S3ObjectStore(
            provider.GetRequiredService<IAmazonS3>(),
            settings.BucketName,
            settings.KmsKeyId,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IProviderAnswerCache>(provider => new DynamoDbProviderAnswerCache(
            provider.GetRequiredService<IAmazonDynamoDB>(),
            settings.TableName,
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISecretParameters>(provider => new SsmSecretParameters(
            provider.GetRequiredService<IAmazonSimpleSystemsManagement>()));
        services.TryAddSingleton<IWorkflowStarter>(provider => new StepFunctionsWorkflowStarter(
            provider.GetRequiredService<StepFunctionsClient>(),
            settings.StateMachineArn));

        // Every request the services make is counted at the ports, for the job's cost.
        return services.CountRequests();
    }

    /// <summary>One SDK client: the endpoint override applied, then built on the default credential chain or the given credentials.</summary>
    private static TClient Client<TConfig, TClient>(
        TConfig config,
        Uri? endpoint,
        AWSCredentials? credentials,
        Func<TConfig, TClient> onDefaultChain,
        Func<TConfig, TClient> onGivenCredentials)
        where TConfig : ClientConfig
    {
        if (endpoint is not null)
        {
            // With a custom endpoint the SDK cannot infer the signing region from the host name (and
            // setting ServiceURL clears RegionEndpoint, so the region is read first).
            var region = config.RegionEndpoint.SystemName;
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = region;
        }

        return credentials is null ? onDefaultChain(config) : onGivenCredentials(config);
    }
}
