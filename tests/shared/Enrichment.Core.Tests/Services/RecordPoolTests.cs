using Enrichment.Core.Input;
using Enrichment.Core.Output;
using Enrichment.Core.Providers;
using Enrichment.Core.Services;

namespace Enrichment.Core.Tests.Services;

public sealed class RecordPoolTests
{
    [Test]
    public void AReturnedRecord_ComesBackAsANewOne_WithNothingOfItsLastRow()
    {
        var pool = new RecordPool();
        var first = pool.Rent(2);
        var map = ColumnMap.Create(["email", "phone", "company"]);
        first[0].Reuse(7);
        map.MapInto(["jane@example.com", "+14155550100", "Initech"], first[0].Input);
        first[0].Set(OutputColumns.EmailNormalized, "jane@example.com");
        first[0].Set("match_confidence", "0.9");
        first[0].AddError("provider_failed", "x: TimeoutException");
        pool.Return(first);

        var second = pool.Rent(3);

        Assert.Multiple(() =>
        {
            Assert.That(second, Has.Count.EqualTo(3));
            Assert.That(second[0], Is.SameAs(first[0]), "the list and its records are reused");
            foreach (var record in second)
            {
                Assert.That(record.Row, Is.Zero);
                Assert.That(record.Input, Is.EqualTo(new ContactFields()));
                Assert.That(record.Output.Count, Is.Zero);
                Assert.That(record.Status, Is.EqualTo(RecordStatus.Ok));
                Assert.That(record.Errors, Is.Empty);
            }
        });
    }

    [Test]
    public void ARentedList_HasExactlyTheBatchsCount_WhenTheLastBatchIsShorter()
    {
        var pool = new RecordPool();
        pool.Return(pool.Rent(500));

        Assert.That(pool.Rent(3), Has.Count.EqualTo(3));
    }

    [Test]
    public void MapInto_FillsTheFieldsAsMapMakesThem()
    {
        var map = ColumnMap.Create(["First Name", "Last Name", "E-mail", "Website", "City"]);
        string?[] values = ["Jane", "Doe", "jane@example.com", null, "Oslo"];
        var fields = new ContactFields { Email = "old@example.com", Country = "NO" };

        map.MapInto(values, fields);

        Assert.That(fields, Is.EqualTo(map.Map(values)));
    }
}
