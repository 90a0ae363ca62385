using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Redtram.Gateway.Security;

/// <summary>Validates JWT bearer tokens from the trusted national issuers of the current policy.
/// Hand-written on System.Security.Cryptography (no IdentityModel; Ed25519 from BouncyCastle, which .NET 10 lacks)
/// so that every rule is visible here and
/// every rejection has its own <see cref="AuthFailureReason"/>:
/// <list type="bullet">
/// <item>size ≤ <see cref="MaxTokenLength"/> characters, exactly three strict base64url segments, JSON objects
/// without duplicate members;</item>
/// <item>alg RS256, ES256 or EdDSA (Ed25519) only (none, HS*, Ed448 and everything else rejected before any key is
/// looked up);
/// no jwk / jku / x5u / x5c / crit header;</item>
/// <item>the key is looked up by kid in the key set of the issuer named by iss, and only there: a kid is never a
/// path or URL, and another issuer's key never verifies; the key must be of the type of alg (RSA for RS256, EC P-256
/// for ES256, OKP Ed25519 for EdDSA), and of its own "alg" when the JWK names one;</item>
/// <item>after the signature: exp, nbf, iat with at most <see cref="ClockSkew"/>; aud exactly the issuer's
/// audience; exp − iat ≤ <see cref="MaxLifetime"/>; country equal to the issuer's country; sub; roles from the
/// REDTRAM set.</item>
/// </list>
/// Thread-safe; allocation is a few small arrays per call.</summary>
public sealed class TokenValidator
{
    /// <summary>Largest accepted token, in characters (the header value after "Bearer ").</summary>
    public const int MaxTokenLength = 8 * 1024;
    /// <summary>Clock skew tolerated on exp, nbf and iat.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    /// <summary>Longest accepted exp − iat: a stolen long-lived token is refused even if genuine.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(12);

    private readonly Func<AccessPolicy> _policy;
    private readonly JwksCache? _remoteKeys;

    /// <param name="policy">The current policy (e.g. <c>() =&gt; store.Current</c>); read once per call.</param>
    /// <param name="remoteKeys">Key sets of issuers configured with jwks_url, filled by <see cref="JwksRefresher"/>.</param>
    public TokenValidator(Func<AccessPolicy> policy, JwksCache? remoteKeys = null)
    { _policy = policy; _remoteKeys = remoteKeys; }

    public TokenValidator(PolicyStore store, JwksCache? remoteKeys = null) : this(() => store.Current, remoteKeys) { }

    /// <summary>Validates the value of the Authorization header.</summary>
    public AuthResult Validate(string? authorizationHeader, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
            return Fail(AuthFailureReason.MissingToken, "bearer token required");
        var header = authorizationHeader.AsSpan().Trim();
        if (header.Length > MaxTokenLength + 7)
            return Fail(AuthFailureReason.Oversized, "token too large");
        if (header.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            return Fail(AuthFailureReason.MissingToken, "bearer token required");
        if (header.Length < 7 || !header[..7].Equals("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Fail(AuthFailureReason.NotBearer, "bearer token required");
        var token = header[7..].Trim();
        if (token.Length == 0) return Fail(AuthFailureReason.MissingToken, "bearer token required");
        if (token.Length > MaxTokenLength) return Fail(AuthFailureReason.Oversized, "token too large");

        int d1 = token.IndexOf('.');
        int d2 = d1 < 0 ? -1 : token[(d1 + 1)..].IndexOf('.') + d1 + 1;
        // The signature segment may be empty here (an alg "none" token): it then fails on alg, with its own reason.
        if (d1 <= 0 || d2 <= d1 + 1 || token[(d2 + 1)..].Contains('.'))
            return Fail(AuthFailureReason.Malformed, "token must have three segments");
        var headerPart = token[..d1];
        var payloadPart = token[(d1 + 1)..d2];
        var signaturePart = token[(d2 + 1)..];
        if (!Base64UrlStrict.TryDecode(headerPart, out var headerBytes)
            || !Base64UrlStrict.TryDecode(payloadPart, out var payloadBytes)
            || !Base64UrlStrict.TryDecode(signaturePart, out var signature))
            return Fail(AuthFailureReason.Malformed, "token segments must be base64url");

        using var headerDoc = ParseObject(headerBytes);
        using var payloadDoc = ParseObject(payloadBytes);
        if (headerDoc is null || payloadDoc is null)
            return Fail(AuthFailureReason.Malformed, "token header and payload must be JSON objects");
        var h = headerDoc.RootElement;
        var p = payloadDoc.RootElement;

        // 1. Algorithm, decided by the header alone and before any key is touched.
        if (!h.TryGetProperty("alg", out var algEl) || algEl.ValueKind != JsonValueKind.String)
            return Fail(AuthFailureReason.Malformed, "alg header required");
        var alg = algEl.GetString()!;
        if (alg.Equals("none", StringComparison.OrdinalIgnoreCase))
            return Fail(AuthFailureReason.AlgorithmNone, "unsigned tokens are not accepted");
        if (alg.StartsWith("HS", StringComparison.OrdinalIgnoreCase))
            return Fail(AuthFailureReason.SymmetricAlgorithm, "symmetric algorithms are not accepted");
        if (alg is not ("RS256" or "ES256" or "EdDSA"))
            return Fail(AuthFailureReason.UnsupportedAlgorithm, "algorithm not accepted (RS256, ES256 or EdDSA)");
        foreach (var forbidden in (ReadOnlySpan<string>)["jwk", "jku", "x5u", "x5c", "crit"])
            if (h.TryGetProperty(forbidden, out _))
                return Fail(AuthFailureReason.ForbiddenHeader, "header member not accepted");
        if (h.TryGetProperty("typ", out var typ)
            && (typ.ValueKind != JsonValueKind.String || !(typ.GetString()!.Equals("JWT", StringComparison.OrdinalIgnoreCase)
                                                        || typ.GetString()!.Equals("at+jwt", StringComparison.OrdinalIgnoreCase))))
            return Fail(AuthFailureReason.Malformed, "typ must be JWT or at+jwt");

        // 2. Issuer, then the key — from that issuer's key set only.
        var policy = _policy();
        var iss = StringClaim(p, "iss");
        if (iss is null || !policy.Issuers.TryGetValue(iss, out var issuer))
            return Fail(AuthFailureReason.UntrustedIssuer, "issuer not trusted");
        if (!h.TryGetProperty("kid", out var kidEl) || kidEl.ValueKind != JsonValueKind.String || kidEl.GetString()!.Length == 0)
            return Fail(AuthFailureReason.MissingKeyId, "kid header required");
        var keys = issuer.FileKeys ?? _remoteKeys?.Get(issuer.Issuer);
        if (keys is null)
            return Fail(AuthFailureReason.KeysUnavailable, "issuer keys not available yet");
        if (!keys.TryGet(kidEl.GetString()!, out var key))
            return Fail(AuthFailureReason.UnknownKeyId, "kid not in the issuer's key set");
        // Algorithm / key-type confusion: each key verifies exactly one alg (RSA → RS256, EC → ES256, OKP → EdDSA).
        if ((key.Algorithm is not null && key.Algorithm != alg) || key.VerifiesAlgorithm != alg)
            return Fail(AuthFailureReason.KeyAlgorithmMismatch, "key does not match alg");

        // 3. Signature over the ASCII of "header.payload".
        var signingInput = new byte[d2];
        Encoding.ASCII.GetBytes(token[..d2], signingInput);
        bool valid;
        try
        {
            valid = alg switch
            {
                "RS256" => key.Rsa!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                "ES256" => signature.Length == 64 && key.Ec!.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
                // RFC 8037: the 64-byte Ed25519 signature of the signing input (pure Ed25519, no context, no prehash).
                // BouncyCastle refuses a non-canonical S (S ≥ L) or R, so a valid signature cannot be altered into
                // a second valid one.
                _ => signature.Length == Ed25519.SignatureSize && Ed25519.Verify(signature, key.Ed25519Point!, signingInput),
            };
        }
        catch (CryptographicException) { valid = false; }
        if (!valid) return Fail(AuthFailureReason.BadSignature, "signature invalid");

        // 4. Claims of a genuine token.
        var nowS = now.ToUnixTimeSeconds();
        var skew = (long)ClockSkew.TotalSeconds;
        if (!NumericClaim(p, "exp", out var exp)) return Fail(AuthFailureReason.MissingClaim, "exp claim required");
        if (!NumericClaim(p, "iat", out var iat)) return Fail(AuthFailureReason.MissingClaim, "iat claim required");
        if (nowS >= exp + skew) return Fail(AuthFailureReason.Expired, "token expired");
        if (p.TryGetProperty("nbf", out _))
        {
            if (!NumericClaim(p, "nbf", out var nbf)) return Fail(AuthFailureReason.MissingClaim, "nbf claim must be a number");
            if (nowS < nbf - skew) return Fail(AuthFailureReason.NotYetValid, "token not yet valid");
        }
        if (iat > nowS + skew) return Fail(AuthFailureReason.IssuedInFuture, "token issued in the future");
        if (exp - iat > (long)MaxLifetime.TotalSeconds) return Fail(AuthFailureReason.LifetimeTooLong, "token lifetime too long");
        if (!AudienceIs(p, issuer.Audience)) return Fail(AuthFailureReason.WrongAudience, "audience not accepted");
        var country = StringClaim(p, "country");
        if (country is null) return Fail(AuthFailureReason.MissingClaim, "country claim required");
        if (!string.Equals(country, issuer.Country, StringComparison.Ordinal))
            return Fail(AuthFailureReason.CountryMismatch, "issuer may not assert this country");
        var sub = StringClaim(p, "sub");
        if (string.IsNullOrEmpty(sub)) return Fail(AuthFailureReason.MissingClaim, "sub claim required");
        if (!p.TryGetProperty("roles", out var rolesEl) || rolesEl.ValueKind != JsonValueKind.Array)
            return Fail(AuthFailureReason.MissingClaim, "roles claim required");
        var roles = Roles.None;
        foreach (var r in rolesEl.EnumerateArray())
        {
            if (r.ValueKind != JsonValueKind.String || !RoleNames.TryParse(r.GetString(), out var role))
                return Fail(AuthFailureReason.InvalidRoles, "roles claim holds an unknown role");
            roles |= role;
        }
        if (roles == Roles.None) return Fail(AuthFailureReason.InvalidRoles, "roles claim is empty");
        var jti = StringClaim(p, "jti");
        return AuthResult.Success(new Principal(sub, issuer.Issuer, issuer.Country, roles, jti, DateTimeOffset.FromUnixTimeSeconds(exp)));
    }

    private static AuthResult Fail(AuthFailureReason reason, string description) => AuthResult.Fail(reason, description);

    /// <summary>A JSON object without duplicate top-level members (no parser-differential tricks), or null.</summary>
    private static JsonDocument? ParseObject(byte[] utf8)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false }); }
        catch (JsonException) { return null; }
        if (doc.RootElement.ValueKind != JsonValueKind.Object) { doc.Dispose(); return null; }
        return doc;
    }

    private static string? StringClaim(JsonElement p, string name)
        => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool NumericClaim(JsonElement p, string name, out long value)
    {
        value = 0;
        if (!p.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) return false;
        if (v.TryGetInt64(out value)) return true;
        if (v.TryGetDouble(out var dbl) && double.IsFinite(dbl) && Math.Abs(dbl) < 1e15) { value = (long)Math.Floor(dbl); return true; }
        return false;
    }

    /// <summary>aud must be the audience string, or an array holding exactly that one string.</summary>
    private static bool AudienceIs(JsonElement p, string audience)
    {
        if (!p.TryGetProperty("aud", out var aud)) return false;
        if (aud.ValueKind == JsonValueKind.String) return string.Equals(aud.GetString(), audience, StringComparison.Ordinal);
        if (aud.ValueKind == JsonValueKind.Array && aud.GetArrayLength() == 1 && aud[0].ValueKind == JsonValueKind.String)
            return string.Equals(aud[0].GetString(), audience, StringComparison.Ordinal);
        return false;
    }
}
