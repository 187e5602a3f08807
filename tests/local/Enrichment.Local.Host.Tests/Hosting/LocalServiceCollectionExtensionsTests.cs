using Enrichment.Core.Ports;
using Enrichment.Lambda.Logging;
using Enrichment.Local.Answers;
using Enrichment.Local.Host.Hosting;
using Enrichment.Local.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Enrichment.Local.Host.Tests.Hosting;

/// <summary>The local host's answer cache and secret parameters, resolved from its container and used.</summary>
[TestFixture]
public sealed class LocalServiceCollectionExtensionsTests
{
    [Test]
    public async Task Answer_cache_and_secret_parameters_live_in_the_data_directory()
    {
        using var directory = new TempDirectory();
        await File.WriteAllTextAsync(directory.File(FileSecretParameters.DefaultFileName), """{"/enrichment/providers/person-api/api-key": "local-key"}""");
        var services = new ServiceCollection().AddEnrichmentLocal(new LocalSettings { DataDirectory = directory.Path });
        await using (var provider = services.BuildServiceProvider())
        {
            var cache = provider.GetRequiredService<IProviderAnswerCache>();
            var key = new string('d', 64);
            await cache.PutManyAsync("job-1", "person-api", new Dictionary<string, string> { [key] = "answer" }, DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None);

            Assert.Multiple(() =>
            {
                Assert.That(cache, Is.InstanceOf<SqliteProviderAnswerCache>());
                Assert.That(provider.GetRequiredService<ISecretParameters>(), Is.InstanceOf<FileSecretParameters>());
            });
            Assert.That(await cache.GetManyAsync("job-1", "person-api", [key], CancellationToken.None), Does.ContainKey(key));
            Assert.That(await provider.GetRequiredService<ISecretParameters>().GetAsync("/enrichment/providers/person-api/api-key", CancellationToken.None), Is.EqualTo("local-key"));
        }
    }

    [TestCase("error", LogLevel.Error)]
    [TestCase("debug", LogLevel.Debug)]
    public async Task Logger_IsTheOneStructuredLogger_AsReadableTextAtTheSettingsLevel(string setting, LogLevel expected)
    {
        using var directory = new TempDirectory();
        await using var provider = new ServiceCollection().AddEnrichmentLocal(new LocalSettings { DataDirectory = directory.Path, LogLevel = setting }).BuildServiceProvider();

        var logger = provider.GetRequiredService<ILogger>();

        Assert.That(logger, Is.InstanceOf<StructuredLogger>());
        Assert.That((((StructuredLogger)logger).Format, ((StructuredLogger)logger).MinimumLevel), Is.EqualTo((LogFormat.Text, expected)));
    }
}
