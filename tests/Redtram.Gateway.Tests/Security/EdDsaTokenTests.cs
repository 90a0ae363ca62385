using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Redtram.Gateway.Security;
using static Redtram.Gateway.Tests.Security.SecurityFixture;

namespace Redtram.Gateway.Tests.Security;

/// <summary>EdDSA (Ed25519, RFC 8037) tokens from the AR test issuer, whose key set holds an Ed25519 key ("ar-ed", no
/// "alg" member) and an EC P-256 key ("ar-ec"): a valid token is accepted, and every attack class of
/// <see cref="TokenValidatorTests"/> is refused for this issuer too.</summary>
public sealed class EdDsaTokenTests(SecurityFixture fx) : IClassFixture<SecurityFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private TokenValidator Validator => new(fx.Store);

    private AuthResult Check(string token) => Validator.Validate("Bearer " + token, Now);

    private AuthFailureReason Reason(string token)
    {
        var r = Check(token);
        Assert.False(r.Succeeded, "token was accepted");
        return r.Failure.Reason;
    }

    private static JsonObject ArClaims(params string[] roles) => Claims(Now, ArIssuer, "AR", roles);

    private string Valid(JsonObject? claims = null) => SignEdDsa(fx.ArEdKey, "ar-ed", claims ?? ArClaims());

    [Fact]
    public void Valid_EdDSA_token_is_accepted()
    {
        var r = Check(Valid(ArClaims("prosecutor", "analyst")));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal("AR", r.Principal.Country);
        Assert.Equal(ArIssuer, r.Principal.Issuer);
        Assert.Equal(Roles.Prosecutor | Roles.Analyst, r.Principal.Roles);
        Assert.Equal("user-0001", r.Principal.Subject);
    }

    [Fact]
    public void Issuer_key_set_holds_both_key_types()
    {
        var keys = fx.Store.Current.Issuers[ArIssuer].FileKeys!;
        Assert.True(keys.TryGet("ar-ed", out var ed));
        Assert.Equal("OKP", ed.KeyType);
        Assert.Null(ed.Algorithm);
        Assert.Equal("EdDSA", ed.VerifiesAlgorithm);
        Assert.True(keys.TryGet("ar-ec", out var ec));
        Assert.Equal("ES256", ec.VerifiesAlgorithm);
    }

    [Fact]
    public void Alg_none_is_rejected()
    {
        var token = B64("""{"alg":"none","kid":"ar-ed"}""") + "." + B64(ArClaims().ToJsonString()) + ".";
        Assert.Equal(AuthFailureReason.AlgorithmNone, Reason(token));
        // The genuine EdDSA signature kept, the header switched to none.
        var parts = Valid().Split('.');
        Assert.Equal(AuthFailureReason.AlgorithmNone, Reason(B64("""{"alg":"none","kid":"ar-ed"}""") + "." + parts[1] + "." + parts[2]));
    }

    [Fact]
    public void EdDSA_naming_a_non_Ed25519_key_is_rejected()
    {
        // EdDSA naming the issuer's own EC key (no "alg" on it: its type alone forbids EdDSA).
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(SignEdDsa(fx.ArEdKey, "ar-ec", ArClaims())));
        // EdDSA naming an RSA key (PE) and an EC key (CL) of other issuers, under their own issuer.
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(SignEdDsa(fx.ArEdKey, "pe-1", Claims(Now))));
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(SignEdDsa(fx.ArEdKey, "cl-1", Claims(Now, ClIssuer, "CL"))));
    }

    [Fact]
    public void The_Ed25519_key_verifies_no_other_algorithm()
    {
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(SignEs256(fx.ArEcKey, "ar-ed", ArClaims())));
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(Sign(new JsonObject { ["alg"] = "RS256", ["kid"] = "ar-ed" }, ArClaims(), b => Ed25519Sign(fx.ArEdKey, b))));
        // HS/EdDSA confusion: the public key bytes as an HMAC secret.
        var secret = Ed25519PublicKey(fx.ArEdKey);
        Assert.Equal(AuthFailureReason.SymmetricAlgorithm, Reason(Sign(new JsonObject { ["alg"] = "HS256", ["kid"] = "ar-ed" }, ArClaims(), b => HMACSHA256.HashData(secret, b))));
        // The EC key of the same set still verifies ES256.
        Assert.True(Check(SignEs256(fx.ArEcKey, "ar-ec", ArClaims())).Succeeded);
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("keys/ar.jwks.json")]
    [InlineData("https://attacker.test/jwks.json")]
    [InlineData("ar-ed ")]
    [InlineData("AR-ED")]
    public void Kid_injection_is_rejected(string kid)
        => Assert.Equal(AuthFailureReason.UnknownKeyId, Reason(SignEdDsa(fx.ArEdKey, kid, ArClaims())));

    [Fact]
    public void Another_Ed25519_key_never_verifies()
    {
        var other = NewEd25519Key();
        // A key of its own, claiming AR and naming AR's kid: the signature fails.
        Assert.Equal(AuthFailureReason.BadSignature, Reason(SignEdDsa(other, "ar-ed", ArClaims())));
        // AR's genuine key, claiming PE's issuer with AR's kid: not in PE's key set.
        Assert.Equal(AuthFailureReason.UnknownKeyId, Reason(SignEdDsa(fx.ArEdKey, "ar-ed", Claims(Now))));
    }

    [Fact]
    public void Expired_token_is_rejected_beyond_30s_skew()
    {
        var c = ArClaims();
        c["exp"] = Now.ToUnixTimeSeconds() - 31;
        Assert.Equal(AuthFailureReason.Expired, Reason(Valid(c)));
        c["exp"] = Now.ToUnixTimeSeconds() - 29;
        Assert.True(Check(Valid(c)).Succeeded);
    }

    [Fact]
    public void Not_yet_valid_token_is_rejected_beyond_30s_skew()
    {
        var c = ArClaims();
        c["nbf"] = Now.ToUnixTimeSeconds() + 31;
        Assert.Equal(AuthFailureReason.NotYetValid, Reason(Valid(c)));
        c["nbf"] = Now.ToUnixTimeSeconds() + 29;
        Assert.True(Check(Valid(c)).Succeeded);
    }

    [Fact]
    public void Wrong_audience_is_rejected()
    {
        var c = ArClaims();
        c["aud"] = "other-gateway";
        Assert.Equal(AuthFailureReason.WrongAudience, Reason(Valid(c)));
        c["aud"] = new JsonArray(Audience, "other");
        Assert.Equal(AuthFailureReason.WrongAudience, Reason(Valid(c)));
    }

    [Fact]
    public void Wrong_or_missing_issuer_is_rejected()
    {
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(Valid(Claims(Now, ArIssuer + "/", "AR"))));
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(Valid(Claims(Now, "https://evil.test", "AR"))));
        var c = ArClaims();
        c.Remove("iss");
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(Valid(c)));
    }

    [Fact]
    public void Issuer_asserting_another_country_is_rejected()
    {
        Assert.Equal(AuthFailureReason.CountryMismatch, Reason(Valid(Claims(Now, ArIssuer, "PE"))));
        Assert.Equal(AuthFailureReason.CountryMismatch, Reason(Valid(Claims(Now, ArIssuer, "ar"))));
    }

    [Fact]
    public void Oversized_token_is_rejected()
    {
        var c = ArClaims();
        c["pad"] = new string('x', TokenValidator.MaxTokenLength);
        Assert.Equal(AuthFailureReason.Oversized, Reason(Valid(c)));
    }

    [Fact]
    public void Tampered_token_is_rejected()
    {
        var token = Valid(ArClaims("analyst"));
        var parts = token.Split('.');
        var sig = Convert.FromBase64String(parts[2].Replace('-', '+').Replace('_', '/') + "==");
        Assert.Equal(64, sig.Length);

        // Payload changed, signature kept.
        Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + B64(ArClaims("prosecutor").ToJsonString()) + "." + parts[2]));
        // One bit of R, one bit of S.
        foreach (var i in new[] { 0, 40 })
        {
            var flipped = (byte[])sig.Clone();
            flipped[i] ^= 1;
            Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(flipped)));
        }
        // Truncated, extended, zero.
        Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(sig[..63])));
        Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64([.. sig, 0])));
        Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(new byte[64])));
        // Malleability: S + L is the same scalar mod L but not canonical; it must not verify.
        var l = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493");
        var s = new BigInteger(sig.AsSpan(32), isUnsigned: true, isBigEndian: false) + l;
        var malleable = (byte[])sig.Clone();
        var sBytes = s.ToByteArray(isUnsigned: true, isBigEndian: false);
        Assert.True(sBytes.Length <= 32);
        Array.Clear(malleable, 32, 32);
        sBytes.CopyTo(malleable, 32);
        Assert.Equal(AuthFailureReason.BadSignature, Reason(parts[0] + "." + parts[1] + "." + B64(malleable)));
        // The untouched token still verifies.
        Assert.True(Check(token).Succeeded);
    }

    [Fact]
    public void Ed25519_signature_over_other_bytes_is_rejected()
    {
        // Signed over the payload only (not "header.payload"), as a careless issuer might.
        var header = B64("""{"alg":"EdDSA","kid":"ar-ed"}""");
        var payload = B64(ArClaims().ToJsonString());
        var sig = Ed25519Sign(fx.ArEdKey, Encoding.ASCII.GetBytes(payload));
        Assert.Equal(AuthFailureReason.BadSignature, Reason(header + "." + payload + "." + B64(sig)));
    }
}

/// <summary>What a key set may hold for EdDSA: OKP Ed25519 keys only, each restricted to EdDSA, and no RSA/EC key
/// restricted to EdDSA.</summary>
public sealed class Ed25519KeySetTests
{
    private static readonly byte[] Key = NewEd25519Key();

    private static (JsonWebKeySet? Set, string Errors) Parse(params JsonObject[] keys)
    {
        var errors = new List<string>();
        var set = JsonWebKeySet.Parse(Jwks(keys), errors);
        return (set, string.Join("\n", errors));
    }

    private static JsonObject Okp(Action<JsonObject>? change = null)
    {
        var k = Ed25519Jwk(Key, "ed");
        change?.Invoke(k);
        return k;
    }

    [Fact]
    public void Ed25519_key_with_or_without_alg_EdDSA_loads()
    {
        Assert.Equal(1, Parse(Okp()).Set!.Count);
        var (set, errors) = Parse(Okp(k => k["alg"] = "EdDSA"));
        Assert.True(set is not null, errors);
        Assert.True(set.TryGet("ed", out var key));
        Assert.Equal("EdDSA", key.Algorithm);
    }

    [Theory]
    [InlineData("Ed448", "crv Ed25519")]
    [InlineData("X25519", "crv Ed25519")]
    [InlineData("P-256", "crv Ed25519")]
    public void Other_OKP_curves_are_refused(string crv, string message)
    {
        var (set, errors) = Parse(Okp(k => { k["crv"] = crv; if (crv == "Ed448") k["x"] = B64(new byte[57]); }));
        Assert.Null(set);
        Assert.Contains(message, errors);
    }

    [Theory]
    [InlineData("ES256")]
    [InlineData("RS256")]
    [InlineData("HS256")]
    [InlineData("Ed25519")]
    public void OKP_key_for_another_alg_is_refused(string alg)
    {
        var (set, errors) = Parse(Okp(k => k["alg"] = alg));
        Assert.Null(set);
        Assert.Contains($"alg {alg} not allowed for OKP Ed25519 (EdDSA only)", errors);
    }

    [Fact]
    public void RSA_or_EC_key_restricted_to_EdDSA_is_refused()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var r = RsaJwk(rsa, "r");
        r["alg"] = "EdDSA";
        var e = EcJwk(ec, "e");
        e["alg"] = "EdDSA";
        var (set, errors) = Parse(r, e);
        Assert.Null(set);
        Assert.Contains("alg EdDSA not allowed for RSA", errors);
        Assert.Contains("alg EdDSA not allowed for EC P-256", errors);
    }

    [Fact]
    public void Bad_Ed25519_public_keys_are_refused()
    {
        var identity = new byte[32];
        identity[0] = 1; // the neutral point: every signature with R = identity, S = 0 would verify
        var order2 = new byte[32];
        Array.Fill(order2, (byte)0xff);
        order2[0] = 0xec;
        order2[31] = 0x7f; // y = p − 1: the point of order 2
        foreach (var x in new[] { new byte[32], identity, order2 })
        {
            var (set, errors) = Parse(Okp(k => k["x"] = B64(x)));
            Assert.Null(set);
            Assert.Contains("not a valid Ed25519 public key", errors);
        }

        foreach (var length in new[] { 0, 31, 33, 57 })
        {
            var (set, errors) = Parse(Okp(k => k["x"] = B64(new byte[length])));
            Assert.Null(set);
            Assert.Contains("Ed25519 key needs a 32-byte x", errors);
        }

        Assert.Contains("Ed25519 key needs a 32-byte x", Parse(Okp(k => k.Remove("x"))).Errors);
        Assert.Contains("Ed25519 key needs a 32-byte x", Parse(Okp(k => k["x"] = "not base64url!")).Errors);
    }

    [Fact]
    public void OKP_key_with_private_part_is_refused_without_echoing_it()
    {
        var d = B64(Key);
        var (set, errors) = Parse(Okp(k => k["d"] = d));
        Assert.Null(set);
        Assert.Contains("private or symmetric key material (\"d\")", errors);
        Assert.DoesNotContain(d, errors);
    }
}
