using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Redtram.Grants;

/// <summary>Why a grant was not accepted.</summary>
public enum GrantFailureReason
{
    /// <summary>Not a failure: the grant was accepted.</summary>
    None = 0,
    /// <summary>No grant header (or an empty one).</summary>
    Missing,
    /// <summary>Longer than <see cref="AccessGrant.MaxTokenLength"/> characters.</summary>
    TooLarge,
    /// <summary>Not a compact JWS of JSON objects, not typ redtram-grant+jwt, or a forbidden header member (jwk, jku, x5u, x5c, crit).</summary>
    Malformed,
    /// <summary>alg other than ES256 (none, HS256, RS256…).</summary>
    UnsupportedAlgorithm,
    /// <summary>No kid, or a kid that is not in the configured key set.</summary>
    UnknownKey,
    /// <summary>The signature does not verify with the key named by kid.</summary>
    BadSignature,
    /// <summary>exp has passed (beyond the clock skew).</summary>
    Expired,
    /// <summary>iat is in the future (beyond the clock skew).</summary>
    NotYetValid,
    /// <summary>exp − iat above <see cref="AccessGrant.MaxLifetime"/>.</summary>
    LifetimeTooLong,
    /// <summary>iss is not the expected issuer.</summary>
    WrongIssuer,
    /// <summary>aud is another country: the grant is for another adapter.</summary>
    WrongAudience,
    /// <summary>A claim is missing or not of its form (see <see cref="AccessGrant.Problem"/>).</summary>
    InvalidClaims,
}

/// <summary>The outcome of <see cref="GrantVerifier.Verify"/>: the grant, or a reason and a message safe to return to the caller
/// (no claim values, no key material).</summary>
public sealed class GrantVerification
{
    private static readonly GrantVerification[] Failures = Enum.GetValues<GrantFailureReason>()
        .Select(r => new GrantVerification(null, r, DefaultMessage(r))).ToArray();

    private GrantVerification(AccessGrant? grant, GrantFailureReason reason, string message)
    {
        Grant = grant;
        Reason = reason;
        Message = message;
    }

    public bool Succeeded => Grant is not null;
    public AccessGrant? Grant { get; }
    public GrantFailureReason Reason { get; }
    public string Message { get; }

    /// <summary>The reason in SCREAMING_SNAKE case, for error extensions: MISSING, TOO_LARGE, MALFORMED, UNSUPPORTED_ALGORITHM,
    /// UNKNOWN_KEY, BAD_SIGNATURE, EXPIRED, NOT_YET_VALID, LIFETIME_TOO_LONG, WRONG_ISSUER, WRONG_AUDIENCE, INVALID_CLAIMS.</summary>
    public string ReasonCode => Code(Reason);

    public static GrantVerification Success(AccessGrant grant) => new(grant, GrantFailureReason.None, "grant accepted");

    public static GrantVerification Failure(GrantFailureReason reason) => Failures[(int)reason];

    public static string Code(GrantFailureReason reason) => reason switch
    {
        GrantFailureReason.None => "NONE",
        GrantFailureReason.Missing => "MISSING",
        GrantFailureReason.TooLarge => "TOO_LARGE",
        GrantFailureReason.Malformed => "MALFORMED",
        GrantFailureReason.UnsupportedAlgorithm => "UNSUPPORTED_ALGORITHM",
        GrantFailureReason.UnknownKey => "UNKNOWN_KEY",
        GrantFailureReason.BadSignature => "BAD_SIGNATURE",
        GrantFailureReason.Expired => "EXPIRED",
        GrantFailureReason.NotYetValid => "NOT_YET_VALID",
        GrantFailureReason.LifetimeTooLong => "LIFETIME_TOO_LONG",
        GrantFailureReason.WrongIssuer => "WRONG_ISSUER",
        GrantFailureReason.WrongAudience => "WRONG_AUDIENCE",
        _ => "INVALID_CLAIMS",
    };

    private static string DefaultMessage(GrantFailureReason reason) => reason switch
    {
        GrantFailureReason.None => "grant accepted",
        GrantFailureReason.Missing => $"a signed {AccessGrant.HeaderName} header from the gateway is required",
        GrantFailureReason.TooLarge => $"the {AccessGrant.HeaderName} header is too large",
        GrantFailureReason.Malformed => $"the {AccessGrant.HeaderName} header is not a grant token (compact JWS, typ {AccessGrant.TokenType})",
        GrantFailureReason.UnsupportedAlgorithm => "the grant must be signed with ES256",
        GrantFailureReason.UnknownKey => "the grant is signed with a key this adapter does not trust",
        GrantFailureReason.BadSignature => "the grant signature is invalid",
        GrantFailureReason.Expired => "the grant has expired",
        GrantFailureReason.NotYetValid => "the grant is issued in the future",
        GrantFailureReason.LifetimeTooLong => "the grant lifetime is too long",
        GrantFailureReason.WrongIssuer => "the grant is not from the expected issuer",
        GrantFailureReason.WrongAudience => "the grant is for another country",
        _ => "the grant claims are invalid",
    };
}

/// <summary>
/// Verifies the grant header for one adapter (its country is the expected <c>aud</c>). ES256 only, decided from the header
/// before a key is touched; the key is looked up by kid in the configured set only; then iss, exp/iat with the clock skew,
/// exp − iat ≤ <see cref="AccessGrant.MaxLifetime"/>, aud, and the form of every claim. Accepted tokens are cached by their
/// text until exp (bounded), so a repeated grant costs a dictionary lookup. Thread-safe.
/// </summary>
public sealed class GrantVerifier
{
    /// <summary>Most tokens kept in the cache; above it, expired entries are swept, then the cache is emptied.</summary>
    public const int MaxCacheEntries = 4096;

    private readonly Dictionary<string, GrantKey> _keys;
    private readonly long _skew;
    private readonly ConcurrentDictionary<string, (GrantVerification Result, long Exp)> _cache = new(StringComparer.Ordinal);

    public GrantVerifier(IEnumerable<GrantKey> keys, string issuer, string ownerCountry, TimeSpan? skew = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        if (!AccessGrant.IsCountry(ownerCountry))
            throw new ArgumentException("the owner country is a two-letter country code", nameof(ownerCountry));
        _keys = new Dictionary<string, GrantKey>(StringComparer.Ordinal);
        foreach (var k in keys)
            if (!_keys.TryAdd(k.KeyId, k))
                throw new ArgumentException($"duplicate grant key id '{k.KeyId}'", nameof(keys));
        if (_keys.Count == 0)
            throw new ArgumentException("at least one grant key is required", nameof(keys));
        Issuer = issuer;
        OwnerCountry = ownerCountry;
        var s = skew ?? TimeSpan.FromSeconds(30);
        if (s < TimeSpan.Zero || s > TimeSpan.FromMinutes(5))
            throw new ArgumentOutOfRangeException(nameof(skew), "the clock skew is between 0 and 5 minutes");
        _skew = (long)s.TotalSeconds;
    }

    public string Issuer { get; }
    public string OwnerCountry { get; }
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Accepted tokens currently cached.</summary>
    public int CachedCount => _cache.Count;

    /// <summary>Verifies the value of the <see cref="AccessGrant.HeaderName"/> header at <paramref name="now"/>.</summary>
    public GrantVerification Verify(string? headerValue, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
            return Fail(GrantFailureReason.Missing);
        if (headerValue.Length > AccessGrant.MaxTokenLength + 16)
            return Fail(GrantFailureReason.TooLarge);
        var token = headerValue.Trim();
        if (token.Length > AccessGrant.MaxTokenLength)
            return Fail(GrantFailureReason.TooLarge);
        var nowS = now.ToUnixTimeSeconds();
        if (_cache.TryGetValue(token, out var cached))
        {
            if (nowS < cached.Exp + _skew)
                return cached.Result;
            _cache.TryRemove(token, out _);
            return Fail(GrantFailureReason.Expired);
        }

        var result = VerifyUncached(token, nowS, out var exp);
        if (result.Succeeded)
        {
            if (_cache.Count >= MaxCacheEntries)
                Sweep(nowS);
            _cache[token] = (result, exp);
        }
        return result;
    }

    private void Sweep(long nowS)
    {
        foreach (var (k, v) in _cache)
            if (nowS >= v.Exp + _skew)
                _cache.TryRemove(k, out _);
        if (_cache.Count >= MaxCacheEntries)
            _cache.Clear();
    }

    private static GrantVerification Fail(GrantFailureReason reason) => GrantVerification.Failure(reason);

    private GrantVerification VerifyUncached(string token, long nowS, out long exp)
    {
        exp = 0;
        var d1 = token.IndexOf('.');
        var d2 = d1 < 0 ? -1 : token.IndexOf('.', d1 + 1);
        if (d1 <= 0 || d2 <= d1 + 1 || token.IndexOf('.', d2 + 1) >= 0)
            return Fail(GrantFailureReason.Malformed);
        if (!Base64Url.TryDecode(token.AsSpan(0, d1), out var headerBytes)
            || !Base64Url.TryDecode(token.AsSpan(d1 + 1, d2 - d1 - 1), out var payloadBytes)
            || !Base64Url.TryDecode(token.AsSpan(d2 + 1), out var signature))
            return Fail(GrantFailureReason.Malformed);

        // 1. Header: the algorithm decides before any key is looked up.
        string? kid;
        using (var header = ParseObject(headerBytes))
        {
            if (header is null)
                return Fail(GrantFailureReason.Malformed);
            var h = header.RootElement;
            if (!h.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String)
                return Fail(GrantFailureReason.Malformed);
            if (!alg.ValueEquals(AccessGrant.Algorithm))
                return Fail(GrantFailureReason.UnsupportedAlgorithm);
            if (!h.TryGetProperty("typ", out var typ) || typ.ValueKind != JsonValueKind.String || !typ.ValueEquals(AccessGrant.TokenType))
                return Fail(GrantFailureReason.Malformed);
            foreach (var forbidden in (ReadOnlySpan<string>)["jwk", "jku", "x5u", "x5c", "crit"])
                if (h.TryGetProperty(forbidden, out _))
                    return Fail(GrantFailureReason.Malformed);
            kid = h.TryGetProperty("kid", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        }

        // 2. Key (from the configured set only) and signature over the ASCII of "header.payload".
        if (kid is null || !_keys.TryGetValue(kid, out var key))
            return Fail(GrantFailureReason.UnknownKey);
        var signingInput = Encoding.ASCII.GetBytes(token, 0, d2);
        if (!key.Verify(signingInput, signature))
            return Fail(GrantFailureReason.BadSignature);

        // 3. Claims of a genuine token.
        using var payload = ParseObject(payloadBytes);
        if (payload is null)
            return Fail(GrantFailureReason.Malformed);
        var p = payload.RootElement;
        if (!p.TryGetProperty("iss", out var iss) || iss.ValueKind != JsonValueKind.String || !iss.ValueEquals(Issuer))
            return Fail(GrantFailureReason.WrongIssuer);
        if (!Seconds(p, "iat", out var iat) || !Seconds(p, "exp", out exp))
            return Fail(GrantFailureReason.InvalidClaims);
        if (nowS >= exp + _skew)
            return Fail(GrantFailureReason.Expired);
        if (iat > nowS + _skew)
            return Fail(GrantFailureReason.NotYetValid);
        if (exp <= iat)
            return Fail(GrantFailureReason.InvalidClaims);
        if (exp - iat > (long)AccessGrant.MaxLifetime.TotalSeconds)
            return Fail(GrantFailureReason.LifetimeTooLong);
        if (!p.TryGetProperty("aud", out var aud) || aud.ValueKind != JsonValueKind.String)
            return Fail(GrantFailureReason.InvalidClaims);
        if (!aud.ValueEquals(OwnerCountry))
            return Fail(GrantFailureReason.WrongAudience);

        var rc = Str(p, "rc");
        var roles = List(p, "roles", 16);
        var purpose = Str(p, "purpose");
        var caseRef = Str(p, "case");
        var jit = List(p, "jit", AccessGrant.MaxListItems);
        var jitCases = List(p, "jit_cases", AccessGrant.MaxJitCases);
        var uref = Str(p, "uref");
        if (rc is null || roles is null || purpose is null || caseRef is null || jit is null || jitCases is null || uref is null
            || !AccessLevels.TryParse(Str(p, "lvl"), out var lvl) || !AccessLevels.TryParse(Str(p, "lvl_out"), out var lvlOut))
            return Fail(GrantFailureReason.InvalidClaims);
        var grant = new AccessGrant(OwnerCountry, rc, roles, purpose, caseRef, lvl, lvlOut, jit, jitCases, uref,
            DateTimeOffset.FromUnixTimeSeconds(iat), DateTimeOffset.FromUnixTimeSeconds(exp));
        if (grant.Problem() is not null)
            return Fail(GrantFailureReason.InvalidClaims);
        return GrantVerification.Success(grant);
    }

    /// <summary>A JSON object without duplicate members, or null.</summary>
    private static JsonDocument? ParseObject(byte[] utf8)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return null;
        }
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            return null;
        }
        return doc;
    }

    private static string? Str(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string[]? List(JsonElement p, string name, int max)
    {
        if (!p.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > max)
            return null;
        var result = new string[v.GetArrayLength()];
        var i = 0;
        foreach (var item in v.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                return null;
            result[i++] = item.GetString()!;
        }
        return result;
    }

    private static bool Seconds(JsonElement p, string name, out long value)
    {
        value = 0;
        return p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value) && value > 0;
    }
}
