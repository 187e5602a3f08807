using Enrichment.Core.Costs;

namespace Enrichment.Core.Tests.Costs;

public sealed class RequestUnitsTests
{
    [TestCase(0, 1)]
    [TestCase(8L * 1024 * 1024, 1)]
    [TestCase((8L * 1024 * 1024) + 1, 4)]
    [TestCase(20L * 1024 * 1024, 5)]
    public void UploadRequests_AreOnePut_UpToAPart_ElseInitiatePartsAndComplete(long bytes, long requests)
    {
        Assert.That(RequestUnits.UploadRequests(bytes), Is.EqualTo(requests));
    }

    [TestCase(0, 1)]
    [TestCase(64 * 1024, 1)]
    [TestCase((64 * 1024) + 1, 2)]
    [TestCase(256 * 1024, 4)]
    public void SqsRequests_AreOnePerStarted64KiBOfPayload(long bytes, long requests)
    {
        Assert.That(RequestUnits.SqsRequests(bytes), Is.EqualTo(requests));
    }

    [Test]
    public void SqsSendRequests_GoTenBodiesARequest_EachRequestBilledByItsStarted64KiB()
    {
        // 25 small bodies: three requests. Ten of 20 KiB: one request of 200 KiB, four chunks; then one small body.
        var small = Enumerable.Repeat(100, 25).ToArray();
        var large = Enumerable.Repeat(20 * 1024, 10).Append(10).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(RequestUnits.SqsSendRequests(small), Is.EqualTo(3));
            Assert.That(RequestUnits.SqsSendRequests(large), Is.EqualTo(4 + 1));
            Assert.That(RequestUnits.SqsSendRequests([]), Is.EqualTo(0));
        });
    }
}
