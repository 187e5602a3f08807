using Enrichment.Core.Output;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class DuplicateColumnsTests
{
    private static readonly string[] Columns =
    [
        OutputColumns.EmailNormalized, OutputColumns.PhoneE164, OutputColumns.DuplicateOf,
        OutputColumns.EmailCanonical, OutputColumns.DuplicatePhoneOf,
    ];

    private static string?[] Row(string? normalized, string? canonical, string? phone) => [normalized, phone, null, canonical, null];

    [Test]
    public void Apply_MatchesEmailsOnTheirCanonicalFormAndPhonesOnE164()
    {
        var columns = DuplicateColumns.For(Columns);
        var tracker = new DuplicateTracker();
        var rows = new[]
        {
            Row("john.doe@gmail.com", "johndoe@gmail.com", "+14155550100"),
            Row("johndoe+x@googlemail.com", "johndoe@gmail.com", null),
            Row("ann@acme.com", "ann@acme.com", "+14155550100"),
            Row("not-an-email", null, null),
            Row("not-an-email", null, "+4930123456"),
        };

        for (var i = 0; i < rows.Length; i++)
        {
            columns.Apply(tracker, rows[i], i + 1);
        }

        Assert.That(rows.Select(r => r[2]), Is.EqualTo(new string?[] { null, "1", null, null, "4" }));
        Assert.That(rows.Select(r => r[4]), Is.EqualTo(new string?[] { null, null, "1", null, null }));
        Assert.That((tracker.Duplicates, tracker.PhoneDuplicates), Is.EqualTo((2L, 1L)));
    }

    [Test]
    public void Apply_LeavesAShorterOlderPartAlone()
    {
        var columns = DuplicateColumns.For(Columns);
        var tracker = new DuplicateTracker();
        string?[] first = ["a@acme.com", "+14155550100"];
        string?[] second = ["a@acme.com", "+14155550100"];

        columns.Apply(tracker, first, 1);
        columns.Apply(tracker, second, 2);

        Assert.That(second, Is.EqualTo(new string?[] { "a@acme.com", "+14155550100" }));
    }
}
