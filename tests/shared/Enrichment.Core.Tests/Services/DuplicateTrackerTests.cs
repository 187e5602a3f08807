using System.Text;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class DuplicateTrackerTests
{
    private static readonly string[] Keys =
    [
        "ann@x.com", "ANN@x.com", "zoë@łódź.pl", "日本@例え.jp", "emoji😀@x.com", "+14155550100", "a", "\uFFFD",
    ];

    [Test]
    public void AKeyObservedAsUtf8_IsTheSameKeyObservedAsAString()
    {
        var tracker = new DuplicateTracker();
        for (var i = 0; i < Keys.Length; i++)
        {
            Assert.That(tracker.Observe(Keys[i], i + 1), Is.Null);
            Assert.That(tracker.ObservePhone(Keys[i], i + 1), Is.Null);
        }

        Assert.Multiple(() =>
        {
            for (var i = 0; i < Keys.Length; i++)
            {
                Assert.That(tracker.Observe(Encoding.UTF8.GetBytes(Keys[i]), 100 + i), Is.EqualTo(i + 1), Keys[i]);
                Assert.That(tracker.ObservePhone(Encoding.UTF8.GetBytes(Keys[i]), 100 + i), Is.EqualTo(i + 1), Keys[i]);
            }

            Assert.That((tracker.Duplicates, tracker.PhoneDuplicates), Is.EqualTo(((long)Keys.Length, (long)Keys.Length)));
        });
    }

    [Test]
    public void BytesThatAreNotUtf8_AreTheKeyTheirDecodedStringIs()
    {
        var tracker = new DuplicateTracker();
        byte[] invalid = [(byte)'a', 0xFF, 0xC3, (byte)'b', 0xE2, 0x82];

        Assert.That(tracker.Observe(Encoding.UTF8.GetString(invalid), 1), Is.Null);
        Assert.That(tracker.Observe(invalid, 2), Is.EqualTo(1));
    }

    [Test]
    public void AnEmptyKey_IsNeverADuplicate()
    {
        var tracker = new DuplicateTracker();

        Assert.Multiple(() =>
        {
            Assert.That(tracker.Observe(ReadOnlySpan<byte>.Empty, 1), Is.Null);
            Assert.That(tracker.Observe(ReadOnlySpan<byte>.Empty, 2), Is.Null);
            Assert.That(tracker.Observe((string?)null, 3), Is.Null);
            Assert.That(tracker.Duplicates, Is.Zero);
        });
    }
}
