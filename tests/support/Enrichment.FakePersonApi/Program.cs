using System.Globalization;
using Enrichment.FakePersonApi;

// Demo entry point: dotnet run --project tests/support/Enrichment.FakePersonApi -- --port 5055 [--api-key KEY]
var port = 5055;
string? apiKey = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--port":
            port = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            break;
        case "--api-key":
            apiKey = args[i + 1];
            break;
        default:
            Console.Error.WriteLine($"unknown option {args[i]}; use --port N and --api-key KEY");
            return 2;
    }
}

await using var server = await FakePersonApiServer.StartAsync(port);
server.State.RequiredApiKey = apiKey;
Console.WriteLine($"fake person API on {server.BaseUrl} (POST {FakePersonApiServer.SinglePath}, POST {FakePersonApiServer.BulkPath}); Ctrl+C stops it");

// The host's console lifetime turns Ctrl+C and SIGTERM into a shutdown.
await server.WaitForShutdownAsync();
return 0;
