using Enrichment.Aws.Hosting;
using Enrichment.Functions.Api;
using Enrichment.Lambda.APIGatewayEvents;
using Enrichment.Lambda.Serialization;

// The bootstrap of Lambda's provided.al2023 runtime: one ApiFunction per process, built in the init phase.
return await LambdaFunctionHost.RunAsync<ApiFunction, APIGatewayHttpApiV2ProxyRequest, APIGatewayHttpApiV2ProxyResponse>(LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyRequest, LambdaEventJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
