using System.Text;
using Enrichment.Core.Input;

namespace Enrichment.Core.Tests.Input;

public sealed class InlineBodyLimitTests
{
    [Test]
    public void RealInlineMaximum_IsWhatFitsBase64EncodedInLambdasEventWithItsEnvelope()
    {
        Assert.That(InlineBodyLimit.LambdaEventBytes, Is.EqualTo(6_291_456));
        Assert.That(InlineBodyLimit.MaxBodyBytes, Is.EqualTo(4_620_288));
        Assert.That(InlineBodyLimit.Base64Length(InlineBodyLimit.MaxBodyBytes) + InlineBodyLimit.EnvelopeBytes, Is.LessThanOrEqualTo(InlineBodyLimit.LambdaEventBytes));
        Assert.That(InlineBodyLimit.Base64Length(InlineBodyLimit.MaxBodyBytes + 3) + InlineBodyLimit.EnvelopeBytes, Is.GreaterThan(InlineBodyLimit.LambdaEventBytes));
    }

    [Test]
    public void Fits_PlainBodyAtTheMaximum_ButNotOneByteMore()
    {
        Assert.That(InlineBodyLimit.Fits(Filled((int)InlineBodyLimit.MaxBodyBytes, (byte)'a')), Is.True);
        Assert.That(InlineBodyLimit.Fits(Filled((int)InlineBodyLimit.MaxBodyBytes + 1, (byte)'a')), Is.False);
    }

    [Test]
    public void Fits_BodyOfQuotes_StopsWhereItsEscapedFormStopsFitting()
    {
        var most = (int)(InlineBodyLimit.MaxEncodedBodyBytes / 2);

        Assert.That(InlineBodyLimit.Fits(Filled(most, (byte)'"')), Is.True);
        Assert.That(InlineBodyLimit.Fits(Filled(most + 1, (byte)'"')), Is.False);
    }

    [Test]
    public void Fits_ControlCharactersCountSixTimes()
    {
        var most = (int)(InlineBodyLimit.MaxEncodedBodyBytes / 6);

        Assert.That(InlineBodyLimit.Fits(Filled(most, 0x01)), Is.True);
        Assert.That(InlineBodyLimit.Fits(Filled(most + 1, 0x01)), Is.False);
    }

    [TestCase("plain", 5)]
    [TestCase("a\"b\\c", 7)]
    [TestCase("l1\nl2\r\n\t", 12)]
    [TestCase("\u0001", 6)]
    [TestCase("é", 2)]
    public void JsonStringLength_CountsTheEscapes(string text, long expected) =>
        Assert.That(InlineBodyLimit.JsonStringLength(Encoding.UTF8.GetBytes(text)), Is.EqualTo(expected));

    private static byte[] Filled(int length, byte value)
    {
        var bytes = new byte[length];
        Array.Fill(bytes, value);
        return bytes;
    }
}
