using System.Web;
using Enrichment.Local.Objects;
using Enrichment.Testing.Time;

namespace Enrichment.Local.Tests.Objects;

public sealed class LocalUrlSignerTests
{
    private static readonly Uri BaseUrl = new("http://127.0.0.1:8080");
    private readonly ManualTimeProvider _time = new();
    private TempDirectory _directory = null!;
    private LocalUrlSigner _signer = null!;

    [SetUp]
    public void Create()
    {
        _directory = new TempDirectory();
        _signer = LocalUrlSigner.ForDataDirectory(_directory.Path, _time);
    }

    [TearDown]
    public void Remove() => _directory.Dispose();

    private (string Op, string Key, string? Expires, string? Name, string? Sig) Parts(Uri url)
    {
        var query = HttpUtility.ParseQueryString(url.Query);
        var key = string.Join('/', url.AbsolutePath["/objects/".Length..].Split('/').Select(Uri.UnescapeDataString));
        return (query["op"]!, key, query["expires"], query["name"], query["sig"]);
    }

    private SignatureCheck Check((string Op, string Key, string? Expires, string? Name, string? Sig) p) =>
        _signer.Verify(p.Op, p.Key, p.Expires, p.Name, p.Sig);

    [Test]
    public void CreateUrl_HasTheRouteAndEveryParameter()
    {
        var url = _signer.CreateUrl(BaseUrl, "get", "jobs/j1/output/0/enriched.csv", TimeSpan.FromMinutes(15), "enriched.csv");

        Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo("http://127.0.0.1:8080/objects/jobs/j1/output/0/enriched.csv"));
        var p = Parts(url);
        Assert.That(p.Op, Is.EqualTo("get"));
        Assert.That(p.Name, Is.EqualTo("enriched.csv"));
        Assert.That(p.Expires, Is.EqualTo((_time.GetUtcNow() + TimeSpan.FromMinutes(15)).ToUnixTimeSeconds().ToString()));
        Assert.That(p.Sig, Is.Not.Empty);
    }

    [Test]
    public void Verify_FreshUrl_IsValid() =>
        Assert.That(Check(Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a b/ü.csv", TimeSpan.FromMinutes(1), "mes contacts.csv"))), Is.EqualTo(SignatureCheck.Valid));

    [Test]
    public void Verify_AtTheExpirySecond_IsStillValid_AndAfterIsExpired()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1)));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(Check(p), Is.EqualTo(SignatureCheck.Valid));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(Check(p), Is.EqualTo(SignatureCheck.Expired));
    }

    [Test]
    public void Verify_OtherKey_IsTampered()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1)));

        Assert.That(Check(p with { Key = "jobs/b/x.csv" }), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void Verify_ExtendedExpiry_IsTampered()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1)));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.That(Check(p with { Expires = (long.Parse(p.Expires!) + 3600).ToString() }), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void Verify_AlteredSignature_IsTampered()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1)));
        var sig = p.Sig!;
        var flipped = (sig[0] == 'A' ? 'B' : 'A') + sig[1..];

        Assert.That(Check(p with { Sig = flipped }), Is.EqualTo(SignatureCheck.Tampered));
        Assert.That(Check(p with { Sig = null }), Is.EqualTo(SignatureCheck.Tampered));
        Assert.That(Check(p with { Sig = sig[..^1] }), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void Verify_GetLinkUsedForPut_IsTampered()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "uploads/j/x.csv", TimeSpan.FromMinutes(1)));

        Assert.That(Check(p with { Op = "put" }), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void Verify_ChangedDownloadName_IsTampered()
    {
        var p = Parts(_signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1), "x.csv"));

        Assert.That(Check(p with { Name = "evil.exe" }), Is.EqualTo(SignatureCheck.Tampered));
        Assert.That(Check(p with { Name = null }), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void Verify_LinkFromAnotherDataDirectory_IsTampered()
    {
        using var other = new TempDirectory();
        var foreign = LocalUrlSigner.ForDataDirectory(other.Path, _time);

        Assert.That(Check(Parts(foreign.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1)))), Is.EqualTo(SignatureCheck.Tampered));
    }

    [Test]
    public void SigningKey_IsKeptAcrossRestarts_WithOwnerOnlyPermissions()
    {
        var url = _signer.CreateUrl(BaseUrl, "get", "jobs/a/x.csv", TimeSpan.FromMinutes(1));

        var reopened = LocalUrlSigner.ForDataDirectory(_directory.Path, _time);

        var p = Parts(url);
        Assert.That(reopened.Verify(p.Op, p.Key, p.Expires, p.Name, p.Sig), Is.EqualTo(SignatureCheck.Valid));
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(File.GetUnixFileMode(Path.Combine(_directory.Path, LocalUrlSigner.KeyFileName)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        }
    }
}
