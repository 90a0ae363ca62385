using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Redtram.Grants.Tests;

public sealed class GrantTokenTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_760_000_000);
    private readonly ECDsa _key = GrantKeys.CreateP256();
    private readonly ECDsa _otherKey = GrantKeys.CreateP256();
    private readonly GrantSigner _signer;
    private readonly GrantVerifier _verifier;

    public GrantTokenTests()
    {
        _signer = new GrantSigner(_key, "gw-1");
        _verifier = new GrantVerifier([new GrantKey("gw-1", PublicOf(_key)), new GrantKey("gw-2", PublicOf(_otherKey))], "redtram-gateway", "PE");
    }

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static ECDsa PublicOf(ECDsa key) => ECDsa.Create(key.ExportParameters(false));

    private static AccessGrant Grant(string owner = "PE", DateTimeOffset? iat = null, TimeSpan? lifetime = null) => new(
        owner, "CL", ["prosecutor"], "JIT_OPERATION", "CL:2025-0107", AccessLevel.Restricted, AccessLevel.Summary,
        ["JIT-CL-PE-2025-01"], [owner + ":1", owner + ":2025-0001"], "u-5f2c9a", iat ?? Now, (iat ?? Now) + (lifetime ?? AccessGrant.DefaultLifetime));

    private GrantFailureReason Reason(string? token, DateTimeOffset? at = null) => _verifier.Verify(token, at ?? Now).Reason;

    /// <summary>A token with the given header and payload, signed by <paramref name="key"/> (or unsigned when null).</summary>
    private static string Forge(JsonObject header, JsonObject payload, ECDsa? key)
    {
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var sig = key is null ? "" : B64(key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        return input + "." + sig;
    }

    private static string B64(byte[] b) => System.Buffers.Text.Base64Url.EncodeToString(b);

    private static JsonObject Part(string token, int i) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[i]))!.AsObject();

    [Fact]
    public void Round_trip_keeps_every_claim()
    {
        var grant = Grant();
        var token = _signer.Sign(grant);
        var v = _verifier.Verify(token, Now + TimeSpan.FromSeconds(5));
        Assert.True(v.Succeeded, v.Message);
        Assert.Equal(GrantFailureReason.None, v.Reason);
        var g = v.Grant!;
        Assert.Equal("PE", g.Owner);
        Assert.Equal("CL", g.RequesterCountry);
        Assert.Equal(["prosecutor"], g.Roles);
        Assert.Equal("JIT_OPERATION", g.Purpose);
        Assert.Equal("CL:2025-0107", g.CaseReference);
        Assert.Equal(AccessLevel.Restricted, g.Level);
        Assert.Equal(AccessLevel.Summary, g.LevelOutsideJit);
        Assert.Equal(["JIT-CL-PE-2025-01"], g.JitIds);
        Assert.Equal(["PE:1", "PE:2025-0001"], g.JitCases);
        Assert.Equal("u-5f2c9a", g.UserRef);
        Assert.Equal(Now, g.IssuedAt);
        Assert.Equal(Now + TimeSpan.FromSeconds(120), g.ExpiresAt);
        Assert.True(g.InJitScope("PE:1"));
        Assert.False(g.InJitScope("PE:3"));
    }

    [Fact]
    public void Token_shape_is_the_documented_one()
    {
        var token = _signer.Sign(Grant());
        Assert.Equal("""{"alg":"ES256","typ":"redtram-grant+jwt","kid":"gw-1"}""", Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0])));
        var p = Part(token, 1);
        Assert.Equal(["iss", "aud", "iat", "exp", "rc", "roles", "purpose", "case", "lvl", "lvl_out", "jit", "jit_cases", "uref"], p.Select(kv => kv.Key).ToArray());
        Assert.Equal("redtram-gateway", p["iss"]!.GetValue<string>());
        Assert.Equal("PE", p["aud"]!.GetValue<string>());
        Assert.Equal(1_760_000_000, p["iat"]!.GetValue<long>());
        Assert.Equal(1_760_000_120, p["exp"]!.GetValue<long>());
        Assert.Equal("RESTRICTED", p["lvl"]!.GetValue<string>());
        Assert.Equal("SUMMARY", p["lvl_out"]!.GetValue<string>());
        Assert.Equal(64, System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[2]).Length);
        Assert.Equal("Redtram-Grant", AccessGrant.HeaderName);
    }

    [Fact]
    public void Missing_and_too_large()
    {
        Assert.Equal(GrantFailureReason.Missing, Reason(null));
        Assert.Equal(GrantFailureReason.Missing, Reason(""));
        Assert.Equal(GrantFailureReason.Missing, Reason("   "));
        Assert.Equal(GrantFailureReason.TooLarge, Reason(new string('a', 8 * 1024 + 1)));
        var v = _verifier.Verify(null, Now);
        Assert.False(v.Succeeded);
        Assert.Null(v.Grant);
        Assert.Equal("MISSING", v.ReasonCode);
        Assert.Equal("a signed Redtram-Grant header from the gateway is required", v.Message);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("..")]
    [InlineData("e30.e30.!!!")]
    [InlineData("bm90IGpzb24.e30.AAAA")]
    public void Malformed_tokens(string token) => Assert.Equal(GrantFailureReason.Malformed, Reason(token));

    [Fact]
    public void Wrong_typ_or_key_in_header_is_malformed()
    {
        var payload = Part(_signer.Sign(Grant()), 1);
        Assert.Equal(GrantFailureReason.Malformed, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = "gw-1" }, payload, _key)));
        Assert.Equal(GrantFailureReason.Malformed, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["kid"] = "gw-1" }, payload, _key)));
        Assert.Equal(GrantFailureReason.Malformed, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1", ["jku"] = "http://evil" }, payload, _key)));
        // Duplicate members in the header (parser-differential trick).
        var dup = B64(Encoding.UTF8.GetBytes("""{"alg":"ES256","typ":"redtram-grant+jwt","kid":"gw-1","kid":"gw-2"}"""));
        var token = _signer.Sign(Grant());
        Assert.Equal(GrantFailureReason.Malformed, Reason(dup + token[token.IndexOf('.')..]));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("RS256")]
    [InlineData("ES384")]
    [InlineData("es256")]
    public void Algorithm_other_than_ES256_is_refused(string alg)
    {
        var payload = Part(_signer.Sign(Grant()), 1);
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1" };
        Assert.Equal(GrantFailureReason.UnsupportedAlgorithm, Reason(Forge(header, payload, alg == "none" ? null : _key)));
    }

    [Fact]
    public void Alg_confusion_hmac_with_the_public_key_is_refused()
    {
        // The classic attack: HS256 keyed with the (public) verification key bytes.
        var payload = Part(_signer.Sign(Grant()), 1);
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1" };
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var mac = HMACSHA256.HashData(_key.ExportSubjectPublicKeyInfo(), Encoding.ASCII.GetBytes(input));
        Assert.Equal(GrantFailureReason.UnsupportedAlgorithm, Reason(input + "." + B64(mac)));
    }

    [Fact]
    public void Unknown_key_ids()
    {
        Assert.Equal(GrantFailureReason.UnknownKey, Reason(new GrantSigner(_key, "gw-9").Sign(Grant())));
        var payload = Part(_signer.Sign(Grant()), 1);
        Assert.Equal(GrantFailureReason.UnknownKey, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "redtram-grant+jwt" }, payload, _key)));
    }

    [Fact]
    public void Kid_of_another_key_does_not_verify()
    {
        // Signed with the gw-1 private key but naming gw-2: verified with gw-2 only, and fails.
        Assert.Equal(GrantFailureReason.BadSignature, Reason(new GrantSigner(_key, "gw-2").Sign(Grant())));
        // A key the verifier does not know at all, under a known kid.
        using var stranger = GrantKeys.CreateP256();
        Assert.Equal(GrantFailureReason.BadSignature, Reason(new GrantSigner(stranger, "gw-1").Sign(Grant())));
        // The other trusted key, under its own kid, is fine.
        Assert.True(_verifier.Verify(new GrantSigner(_otherKey, "gw-2").Sign(Grant()), Now).Succeeded);
    }

    [Fact]
    public void Tampered_payload_or_signature_is_refused()
    {
        var token = _signer.Sign(Grant());
        var parts = token.Split('.');
        var payload = Part(token, 1);
        payload["lvl_out"] = "RESTRICTED";
        var tampered = parts[0] + "." + B64(Encoding.UTF8.GetBytes(payload.ToJsonString())) + "." + parts[2];
        Assert.Equal(GrantFailureReason.BadSignature, Reason(tampered));
        var sig = System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]);
        sig[10] ^= 1;
        Assert.Equal(GrantFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(sig)));
        Assert.Equal(GrantFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(sig[..63])));
    }

    [Fact]
    public void Expiry_with_clock_skew()
    {
        var token = _signer.Sign(Grant());
        Assert.True(_verifier.Verify(token, Now + TimeSpan.FromSeconds(149)).Succeeded); // exp + 29 s
        Assert.Equal(GrantFailureReason.Expired, new GrantVerifier([new GrantKey("gw-1", PublicOf(_key))], "redtram-gateway", "PE")
            .Verify(token, Now + TimeSpan.FromSeconds(150)).Reason);
        // Also once cached: the cache never outlives exp + skew.
        Assert.Equal(GrantFailureReason.Expired, Reason(token, Now + TimeSpan.FromSeconds(151)));
        var strict = new GrantVerifier([new GrantKey("gw-1", PublicOf(_key))], "redtram-gateway", "PE", TimeSpan.Zero);
        Assert.Equal(GrantFailureReason.Expired, strict.Verify(token, Now + TimeSpan.FromSeconds(120)).Reason);
        Assert.True(strict.Verify(token, Now + TimeSpan.FromSeconds(119)).Succeeded);
    }

    [Fact]
    public void Issued_in_the_future()
    {
        var token = _signer.Sign(Grant(iat: Now + TimeSpan.FromSeconds(31)));
        Assert.Equal(GrantFailureReason.NotYetValid, Reason(token));
        Assert.True(_verifier.Verify(_signer.Sign(Grant(iat: Now + TimeSpan.FromSeconds(30))), Now).Succeeded);
    }

    [Fact]
    public void Lifetime_above_five_minutes()
    {
        Assert.Throws<ArgumentException>(() => _signer.Sign(Grant(lifetime: TimeSpan.FromSeconds(301))));
        Assert.True(_verifier.Verify(_signer.Sign(Grant(lifetime: TimeSpan.FromSeconds(300))), Now).Succeeded);
        var payload = Part(_signer.Sign(Grant()), 1);
        payload["exp"] = 1_760_000_000 + 301;
        Assert.Equal(GrantFailureReason.LifetimeTooLong, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1" }, payload, _key)));
    }

    [Fact]
    public void Wrong_issuer()
    {
        Assert.Equal(GrantFailureReason.WrongIssuer, Reason(new GrantSigner(_key, "gw-1", "someone-else").Sign(Grant())));
    }

    [Fact]
    public void Grant_for_another_country()
    {
        var v = _verifier.Verify(_signer.Sign(Grant(owner: "CL")), Now);
        Assert.Equal(GrantFailureReason.WrongAudience, v.Reason);
        Assert.Equal("WRONG_AUDIENCE", v.ReasonCode);
        Assert.Equal("the grant is for another country", v.Message);
    }

    [Theory]
    [InlineData("lvl", "TOP")]
    [InlineData("lvl_out", null)]
    [InlineData("rc", "chile")]
    [InlineData("roles", "prosecutor")]
    [InlineData("jit_cases", "CL:1")]
    [InlineData("uref", null)]
    [InlineData("iat", "soon")]
    [InlineData("aud", null)]
    public void Invalid_claims(string claim, string? value)
    {
        var payload = Part(_signer.Sign(Grant()), 1);
        if (value is null)
            payload.Remove(claim);
        else if (claim == "jit_cases")
            payload[claim] = new JsonArray(value);
        else
            payload[claim] = value;
        Assert.Equal(GrantFailureReason.InvalidClaims, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1" }, payload, _key)));
    }

    [Fact]
    public void Level_outside_jit_above_level_is_invalid()
    {
        var payload = Part(_signer.Sign(Grant()), 1);
        payload["lvl"] = "HIT";
        Assert.Equal(GrantFailureReason.InvalidClaims, Reason(Forge(new JsonObject { ["alg"] = "ES256", ["typ"] = "redtram-grant+jwt", ["kid"] = "gw-1" }, payload, _key)));
        Assert.Throws<ArgumentException>(() => _signer.Sign(Grant() with { Level = AccessLevel.Hit }));
    }

    [Fact]
    public void Repeated_verification_is_served_from_the_cache()
    {
        var verifier = new GrantVerifier([new GrantKey("gw-1", PublicOf(_key))], "redtram-gateway", "PE");
        var token = _signer.Sign(Grant());
        var first = verifier.Verify(token, Now);
        Assert.True(first.Succeeded);
        Assert.Equal(1, verifier.CachedCount);
        Assert.Same(first, verifier.Verify(token, Now + TimeSpan.FromSeconds(1)));
        Assert.Same(first, verifier.Verify(" " + token + " ", Now + TimeSpan.FromSeconds(1)));
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < 10_000; i++)
            verifier.Verify(token, Now);
        var perCall = sw.Elapsed.TotalMicroseconds / 10_000;
        Assert.True(perCall < 50, $"{perCall:F2} µs per cached verification");
        // A failure is never cached: the same token with another time is judged again.
        Assert.Equal(GrantFailureReason.Expired, verifier.Verify(token, Now + TimeSpan.FromHours(1)).Reason);
        Assert.Equal(0, verifier.CachedCount);
    }

    [Fact]
    public void Signer_and_verifier_accept_only_p256()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => new GrantSigner(p384, "k"));
        Assert.Throws<ArgumentException>(() => new GrantKey("k", p384));
        Assert.Throws<ArgumentException>(() => new GrantVerifier([], "redtram-gateway", "PE"));
        Assert.Throws<ArgumentException>(() => new GrantVerifier([new GrantKey("gw-1", PublicOf(_key))], "redtram-gateway", "pe"));
    }
}
