using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Redtram.Gateway.Security;
using static Redtram.Gateway.Tests.Security.SecurityFixture;

namespace Redtram.Gateway.Tests.Security;

public sealed class TokenValidatorTests(SecurityFixture fx) : IClassFixture<SecurityFixture>
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

    [Theory]
    [InlineData("prosecutor", Roles.Prosecutor)]
    [InlineData("analyst", Roles.Analyst)]
    [InlineData("data-protection-officer", Roles.DataProtectionOfficer)]
    [InlineData("secretariat", Roles.Secretariat)]
    [InlineData("integrator", Roles.Integrator)]
    [InlineData("admin", Roles.Admin)]
    public void Valid_RS256_token_for_each_role_is_accepted(string role, Roles expected)
    {
        var r = Check(SignRs256(fx.PeKey, "pe-1", Claims(Now, roles: role)));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(expected, r.Principal.Roles);
        Assert.Equal("PE", r.Principal.Country);
        Assert.Equal(PeIssuer, r.Principal.Issuer);
        Assert.Equal("user-0001", r.Principal.Subject);
        Assert.DoesNotContain("user-0001", r.Principal.ToString());
    }

    [Fact]
    public void Valid_ES256_token_with_several_roles_is_accepted()
    {
        var r = Check(SignEs256(fx.ClKey, "cl-1", Claims(Now, ClIssuer, "CL", "prosecutor", "analyst")));
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(Roles.Prosecutor | Roles.Analyst, r.Principal.Roles);
        Assert.Equal("CL", r.Principal.Country);
    }

    [Fact]
    public void Scheme_is_case_insensitive_and_aud_array_of_one_is_accepted()
    {
        var c = Claims(Now);
        c["aud"] = new JsonArray(Audience);
        var r = Validator.Validate("bearer " + SignRs256(fx.PeKey, "pe-1", c), Now);
        Assert.True(r.Succeeded, r.Failure?.ToString());
    }

    [Fact]
    public void Missing_token_gives_the_bare_bearer_challenge()
    {
        foreach (var h in new string?[] { null, "", "   ", "Bearer ", "Bearer    " })
        {
            var r = Validator.Validate(h, Now);
            Assert.Equal(AuthFailureReason.MissingToken, r.Failure!.Reason);
            Assert.Equal("Bearer realm=\"redtram\"", r.Failure.WwwAuthenticate);
            Assert.Equal(401, r.Failure.StatusCode);
        }
    }

    [Fact]
    public void Other_scheme_is_rejected()
        => Assert.Equal(AuthFailureReason.NotBearer, Validator.Validate("Basic dXNlcjpwYXNz", Now).Failure!.Reason);

    [Fact]
    public void Failure_challenge_names_invalid_token_without_token_content()
    {
        var c = Claims(Now);
        c["exp"] = Now.ToUnixTimeSeconds() - 3600;
        var token = SignRs256(fx.PeKey, "pe-1", c);
        var f = Check(token).Failure!;
        Assert.Equal("Bearer realm=\"redtram\", error=\"invalid_token\", error_description=\"token expired\"", f.WwwAuthenticate);
        Assert.DoesNotContain("user-0001", f.ToString());
    }

    [Fact]
    public void Alg_none_is_rejected()
    {
        var token = B64("""{"alg":"none","typ":"JWT"}""") + "." + B64(Claims(Now).ToJsonString()) + ".";
        Assert.Equal(AuthFailureReason.AlgorithmNone, Reason(token));
        var upper = B64("""{"alg":"NONE","kid":"pe-1"}""") + "." + B64(Claims(Now).ToJsonString()) + ".";
        Assert.Equal(AuthFailureReason.AlgorithmNone, Reason(upper));
    }

    [Fact]
    public void HS256_signed_with_the_RSA_public_key_is_rejected()
    {
        // HS/RS confusion: the attacker uses the issuer's public key (as PEM and as JWK modulus) as the HMAC secret.
        var pem = Encoding.ASCII.GetBytes(fx.PeKey.ExportSubjectPublicKeyInfoPem());
        foreach (var secret in new[] { pem, fx.PeKey.ExportRSAPublicKey() })
        {
            var token = Sign(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = "pe-1" }, Claims(Now), b => HMACSHA256.HashData(secret, b));
            Assert.Equal(AuthFailureReason.SymmetricAlgorithm, Reason(token));
        }
    }

    [Theory]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("ES384")]
    [InlineData("rs256")]
    [InlineData("Ed448")]
    [InlineData("Ed25519")]
    [InlineData("eddsa")]
    public void Other_algorithms_are_rejected(string alg)
    {
        var token = Sign(new JsonObject { ["alg"] = alg, ["kid"] = "pe-1" }, Claims(Now), b => fx.PeKey.SignData(b, HashAlgorithmName.SHA512, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.UnsupportedAlgorithm, Reason(token));
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    [InlineData("jwk")]
    [InlineData("x5c")]
    [InlineData("crit")]
    public void Header_carrying_its_own_key_is_rejected(string member)
    {
        var h = new JsonObject { ["alg"] = "RS256", ["kid"] = "pe-1", [member] = "https://attacker.test/jwks.json" };
        var token = Sign(h, Claims(Now), b => fx.PeKey.SignData(b, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.ForbiddenHeader, Reason(token));
    }

    [Theory]
    [InlineData("../../../../etc/passwd")]
    [InlineData("/dev/null")]
    [InlineData("keys/pe.jwks.json")]
    [InlineData("https://attacker.test/jwks.json")]
    [InlineData("pe-1' OR '1'='1")]
    public void Kid_injection_is_rejected(string kid)
    {
        var token = Sign(new JsonObject { ["alg"] = "RS256", ["kid"] = kid }, Claims(Now), b => fx.PeKey.SignData(b, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.UnknownKeyId, Reason(token));
    }

    [Fact]
    public void Another_issuers_key_never_verifies()
    {
        // Signed by BR's genuine key, claiming PE's issuer and naming BR's kid: not in PE's key set.
        Assert.Equal(AuthFailureReason.UnknownKeyId, Reason(SignRs256(fx.BrKey, "br-1", Claims(Now))));
        // Signed by BR's key but naming PE's kid: signature fails.
        Assert.Equal(AuthFailureReason.BadSignature, Reason(SignRs256(fx.BrKey, "pe-1", Claims(Now))));
    }

    [Fact]
    public void Missing_kid_is_rejected()
    {
        var token = Sign(new JsonObject { ["alg"] = "RS256" }, Claims(Now), b => fx.PeKey.SignData(b, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.MissingKeyId, Reason(token));
    }

    [Fact]
    public void Key_of_the_wrong_type_for_alg_is_rejected()
    {
        // ES256 naming PE's RSA key.
        var token = Sign(new JsonObject { ["alg"] = "ES256", ["kid"] = "pe-1" }, Claims(Now), b => fx.ClKey.SignData(b, HashAlgorithmName.SHA256));
        Assert.Equal(AuthFailureReason.KeyAlgorithmMismatch, Reason(token));
    }

    [Fact]
    public void Tampered_payload_is_rejected()
    {
        var token = SignRs256(fx.PeKey, "pe-1", Claims(Now, roles: "analyst"));
        var parts = token.Split('.');
        var tampered = parts[0] + "." + B64(Claims(Now, roles: "prosecutor").ToJsonString()) + "." + parts[2];
        Assert.Equal(AuthFailureReason.BadSignature, Reason(tampered));
        var es = SignEs256(fx.ClKey, "cl-1", Claims(Now, ClIssuer, "CL"));
        Assert.Equal(AuthFailureReason.BadSignature, Reason(es[..^4] + (es[^4] == 'A' ? "BAAA" : "AAAA")));
    }

    [Fact]
    public void Expired_token_is_rejected_beyond_30s_skew()
    {
        var c = Claims(Now);
        c["exp"] = Now.ToUnixTimeSeconds() - 31;
        Assert.Equal(AuthFailureReason.Expired, Reason(SignRs256(fx.PeKey, "pe-1", c)));
        c["exp"] = Now.ToUnixTimeSeconds() - 29;
        Assert.True(Check(SignRs256(fx.PeKey, "pe-1", c)).Succeeded);
    }

    [Fact]
    public void Not_yet_valid_token_is_rejected_beyond_30s_skew()
    {
        var c = Claims(Now);
        c["nbf"] = Now.ToUnixTimeSeconds() + 31;
        Assert.Equal(AuthFailureReason.NotYetValid, Reason(SignRs256(fx.PeKey, "pe-1", c)));
        c["nbf"] = Now.ToUnixTimeSeconds() + 29;
        Assert.True(Check(SignRs256(fx.PeKey, "pe-1", c)).Succeeded);
    }

    [Fact]
    public void Token_issued_in_the_future_is_rejected_beyond_30s_skew()
    {
        var c = Claims(Now);
        c["iat"] = Now.ToUnixTimeSeconds() + 31;
        c.Remove("nbf");
        Assert.Equal(AuthFailureReason.IssuedInFuture, Reason(SignRs256(fx.PeKey, "pe-1", c)));
        c["iat"] = Now.ToUnixTimeSeconds() + 29;
        Assert.True(Check(SignRs256(fx.PeKey, "pe-1", c)).Succeeded);
    }

    [Fact]
    public void Token_living_longer_than_12_hours_is_rejected()
    {
        var c = Claims(Now);
        c["exp"] = Now.ToUnixTimeSeconds() + 3600 * 24 * 365;
        Assert.Equal(AuthFailureReason.LifetimeTooLong, Reason(SignRs256(fx.PeKey, "pe-1", c)));
    }

    [Theory]
    [InlineData("\"other-gateway\"")]
    [InlineData("\"redtram-gateway \"")]
    [InlineData("\"REDTRAM-GATEWAY\"")]
    [InlineData("[\"redtram-gateway\",\"other\"]")]
    [InlineData("[]")]
    [InlineData("null")]
    public void Wrong_audience_is_rejected(string audJson)
    {
        var c = Claims(Now);
        c["aud"] = JsonNode.Parse(audJson);
        Assert.Equal(AuthFailureReason.WrongAudience, Reason(SignRs256(fx.PeKey, "pe-1", c)));
        c.Remove("aud");
        Assert.Equal(AuthFailureReason.WrongAudience, Reason(SignRs256(fx.PeKey, "pe-1", c)));
    }

    [Fact]
    public void Wrong_or_missing_issuer_is_rejected()
    {
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(SignRs256(fx.PeKey, "pe-1", Claims(Now, "https://idp.pe.test/"))));
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(SignRs256(fx.PeKey, "pe-1", Claims(Now, "https://evil.test"))));
        var c = Claims(Now);
        c.Remove("iss");
        Assert.Equal(AuthFailureReason.UntrustedIssuer, Reason(SignRs256(fx.PeKey, "pe-1", c)));
    }

    [Fact]
    public void Trusted_issuer_asserting_another_country_is_rejected()
    {
        Assert.Equal(AuthFailureReason.CountryMismatch, Reason(SignRs256(fx.PeKey, "pe-1", Claims(Now, PeIssuer, "CL"))));
        Assert.Equal(AuthFailureReason.CountryMismatch, Reason(SignEs256(fx.ClKey, "cl-1", Claims(Now, ClIssuer, "pe"))));
    }

    [Fact]
    public void Oversized_token_is_rejected()
    {
        var c = Claims(Now);
        c["pad"] = new string('x', TokenValidator.MaxTokenLength);
        Assert.Equal(AuthFailureReason.Oversized, Reason(SignRs256(fx.PeKey, "pe-1", c)));
        Assert.Equal(AuthFailureReason.Oversized, Validator.Validate("Bearer " + new string('a', 1_000_000), Now).Failure!.Reason);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abc.def")]
    [InlineData("a.b.c.d")]
    [InlineData(".payload.sig")]
    [InlineData("eyJ.eyJ..x")]
    [InlineData("e30.e30.###")]
    [InlineData("e30=.e30.AA")]
    [InlineData("W10.e30.AA")]
    [InlineData("bm90IGpzb24.e30.AA")]
    public void Malformed_segments_are_rejected(string token)
        => Assert.Equal(AuthFailureReason.Malformed, Reason(token));

    [Fact]
    public void Duplicate_members_are_malformed()
    {
        // A second "alg" or "iss" could be read differently by another parser: refuse.
        var header = B64("""{"alg":"RS256","kid":"pe-1","alg":"none"}""");
        var input = header + "." + B64(Claims(Now).ToJsonString());
        var sig = B64(fx.PeKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.Malformed, Reason(input + "." + sig));
        var payload = Claims(Now).ToJsonString().TrimEnd('}') + ",\"country\":\"CL\"}";
        input = B64("""{"alg":"RS256","kid":"pe-1"}""") + "." + B64(payload);
        sig = B64(fx.PeKey.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(AuthFailureReason.Malformed, Reason(input + "." + sig));
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("exp")]
    [InlineData("iat")]
    [InlineData("country")]
    [InlineData("roles")]
    public void Missing_required_claim_is_rejected(string claim)
    {
        var c = Claims(Now);
        c.Remove(claim);
        Assert.Equal(AuthFailureReason.MissingClaim, Reason(SignRs256(fx.PeKey, "pe-1", c)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"superuser\"]")]
    [InlineData("[\"prosecutor\",\"Admin\"]")]
    [InlineData("[1]")]
    public void Invalid_roles_are_rejected(string rolesJson)
    {
        var c = Claims(Now);
        c["roles"] = JsonNode.Parse(rolesJson);
        Assert.Equal(AuthFailureReason.InvalidRoles, Reason(SignRs256(fx.PeKey, "pe-1", c)));
    }

    [Fact]
    public void Url_issuer_without_fetched_keys_is_rejected_and_accepted_once_fetched()
    {
        using var key = RSA.Create(2048);
        var token = SignRs256(key, "py-1", Claims(Now, UrlIssuer, "PY"));
        var cache = new JwksCache();
        Assert.Equal(AuthFailureReason.KeysUnavailable, new TokenValidator(fx.Store, cache).Validate("Bearer " + token, Now).Failure!.Reason);
        var errors = new List<string>();
        cache.Set(UrlIssuer, JsonWebKeySet.Parse(Jwks(RsaJwk(key, "py-1")), errors)!);
        Assert.Empty(errors);
        Assert.True(new TokenValidator(fx.Store, cache).Validate("Bearer " + token, Now).Succeeded);
    }

    [Fact]
    public void Every_attack_class_has_a_distinct_reason()
    {
        AuthFailureReason[] attacks =
        [
            AuthFailureReason.AlgorithmNone, AuthFailureReason.SymmetricAlgorithm, AuthFailureReason.UnknownKeyId,
            AuthFailureReason.Expired, AuthFailureReason.NotYetValid, AuthFailureReason.IssuedInFuture,
            AuthFailureReason.WrongAudience, AuthFailureReason.UntrustedIssuer, AuthFailureReason.CountryMismatch,
            AuthFailureReason.Oversized, AuthFailureReason.Malformed, AuthFailureReason.BadSignature,
        ];
        Assert.Equal(attacks.Length, attacks.Distinct().Count());
        var descriptions = Enum.GetValues<AuthFailureReason>().Select(r => r.ToString()).ToArray();
        Assert.Equal(descriptions.Length, descriptions.Distinct().Count());
    }
}
