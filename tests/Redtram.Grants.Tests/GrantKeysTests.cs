using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Redtram.Grants.Tests;

public sealed class GrantKeysTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-grant-keys-" + Guid.NewGuid().ToString("N")[..8]);

    public GrantKeysTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Private_pem_round_trip_signs_what_the_jwks_verifies()
    {
        using var key = GrantKeys.CreateP256();
        var pemPath = Path.Combine(_dir, "gateway-grant.pem");
        GrantKeys.SavePrivatePem(key, pemPath);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(pemPath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pemPath));
        using var loaded = GrantKeys.LoadPrivatePem(pemPath);

        var jwksPath = Path.Combine(_dir, "grant-keys.json");
        File.WriteAllText(jwksPath, GrantKeys.ToJwks([("gw-2025", key)]));
        var keys = GrantKeys.LoadJwks(jwksPath);
        Assert.Equal("gw-2025", Assert.Single(keys).KeyId);

        var now = DateTimeOffset.UtcNow;
        var token = new GrantSigner(loaded, "gw-2025").Sign(new AccessGrant("BR", "PY", ["prosecutor"], "MLA_REQUEST", "PY:2025-118",
            AccessLevel.Full, AccessLevel.Full, [], [], "u1", now, now.AddSeconds(60)));
        Assert.True(new GrantVerifier(keys, AccessGrant.DefaultIssuer, "BR").Verify(token, now).Succeeded);
    }

    [Fact]
    public void Jwks_holds_public_parts_only()
    {
        using var key = GrantKeys.CreateP256();
        var jwks = JsonNode.Parse(GrantKeys.ToJwks([("a", key)]))!;
        var k = jwks["keys"]![0]!.AsObject();
        Assert.Equal(["kty", "crv", "kid", "use", "alg", "x", "y"], k.Select(kv => kv.Key).ToArray());
        Assert.Equal("EC", k["kty"]!.GetValue<string>());
        Assert.Equal("P-256", k["crv"]!.GetValue<string>());
        Assert.Equal("ES256", k["alg"]!.GetValue<string>());
        Assert.Equal(43, GrantKeys.Thumbprint(key).Length);
    }

    [Theory]
    [InlineData("""{"keys":[]}""", "the key set holds no key")]
    [InlineData("""{"nokeys":1}""", "a key set is an object with a \"keys\" array")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"keys":[{"kty":"RSA","kid":"r","n":"AQAB","e":"AQAB"}]}""", "keys[0]: grant keys are EC P-256 (kty EC, crv P-256)")]
    [InlineData("""{"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]}""", "keys[0]: kid is required")]
    [InlineData("""{"keys":[{"kty":"EC","crv":"P-256","kid":"a","x":"AA","y":"AA"}]}""", "keys[0]: x and y must be 32-byte base64url coordinates")]
    [InlineData("""{"keys":[{"kty":"EC","crv":"P-256","kid":"a","d":"AA","x":"AA","y":"AA"}]}""", "keys[0]: holds private or symmetric key material; publish public keys only")]
    public void Bad_key_sets_are_refused(string json, string message)
    {
        var e = Assert.Throws<GrantKeyException>(() => GrantKeys.ParseJwks(json));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Duplicate_kid_and_wrong_alg_are_refused()
    {
        using var key = GrantKeys.CreateP256();
        var doc = JsonNode.Parse(GrantKeys.ToJwks([("a", key), ("a", key)]))!;
        Assert.Equal("keys[1]: duplicate kid", Assert.Throws<GrantKeyException>(() => GrantKeys.ParseJwks(doc.ToJsonString())).Message);
        doc = JsonNode.Parse(GrantKeys.ToJwks([("a", key)]))!;
        doc["keys"]![0]!["alg"] = "HS256";
        Assert.Equal("keys[0]: alg must be ES256", Assert.Throws<GrantKeyException>(() => GrantKeys.ParseJwks(doc.ToJsonString())).Message);
    }

    [Fact]
    public void Private_pem_errors_name_the_file_not_the_key()
    {
        var bad = Path.Combine(_dir, "bad.pem");
        File.WriteAllText(bad, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Assert.Equal($"grant signing key file '{bad}' is not a PEM EC private key", Assert.Throws<GrantKeyException>(() => GrantKeys.LoadPrivatePem(bad)).Message);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        File.WriteAllText(bad, p384.ExportPkcs8PrivateKeyPem());
        Assert.Equal($"grant signing key file '{bad}' is not a P-256 key", Assert.Throws<GrantKeyException>(() => GrantKeys.LoadPrivatePem(bad)).Message);
        Assert.Throws<GrantKeyException>(() => GrantKeys.LoadPrivatePem(Path.Combine(_dir, "missing.pem")));
    }
}
