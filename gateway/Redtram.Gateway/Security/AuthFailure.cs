namespace Redtram.Gateway.Security;

/// <summary>Why a request was not authenticated. One distinct value per attack class, so tests and the audit
/// log can tell them apart. None of them carries token content or personal data.</summary>
public enum AuthFailureReason
{
    /// <summary>No Authorization header (or an empty one).</summary>
    MissingToken,
    /// <summary>Authorization header present but not "Bearer &lt;token&gt;".</summary>
    NotBearer,
    /// <summary>Token larger than <see cref="TokenValidator.MaxTokenLength"/>.</summary>
    Oversized,
    /// <summary>Not three base64url segments, bad base64url, not JSON objects, duplicate members.</summary>
    Malformed,
    /// <summary>alg "none" (unsigned token).</summary>
    AlgorithmNone,
    /// <summary>HS256/384/512: symmetric algorithms are never accepted (HS/RS confusion).</summary>
    SymmetricAlgorithm,
    /// <summary>Any other alg than RS256 / ES256 / EdDSA (e.g. "Ed448", "ES384", "PS256"). An Ed448 token signed
    /// under alg "EdDSA" (RFC 8037) fails on its key instead: a key set never holds an Ed448 key.</summary>
    UnsupportedAlgorithm,
    /// <summary>Header carries its own key or key location (jwk, jku, x5u, x5c) or critical extensions.</summary>
    ForbiddenHeader,
    /// <summary>The iss claim is missing or not a trusted issuer of the policy.</summary>
    UntrustedIssuer,
    /// <summary>No kid header.</summary>
    MissingKeyId,
    /// <summary>The kid is not in this issuer's key set (kid injection, another issuer's key, a path...).</summary>
    UnknownKeyId,
    /// <summary>The key named by kid does not fit alg (e.g. an RSA key for ES256, an Ed25519 key for ES256, an EC key
    /// for EdDSA, a key restricted to another alg).</summary>
    KeyAlgorithmMismatch,
    /// <summary>The issuer's key set is fetched from a URL and has not been fetched yet.</summary>
    KeysUnavailable,
    /// <summary>Signature does not verify.</summary>
    BadSignature,
    /// <summary>exp is in the past (beyond the clock skew).</summary>
    Expired,
    /// <summary>nbf is in the future (beyond the clock skew).</summary>
    NotYetValid,
    /// <summary>iat is in the future (beyond the clock skew).</summary>
    IssuedInFuture,
    /// <summary>exp − iat exceeds <see cref="TokenValidator.MaxLifetime"/>.</summary>
    LifetimeTooLong,
    /// <summary>aud is not exactly the issuer's configured audience.</summary>
    WrongAudience,
    /// <summary>The token asserts another country than its issuer's.</summary>
    CountryMismatch,
    /// <summary>A required claim (sub, exp, iat, country, roles) is missing or has the wrong type.</summary>
    MissingClaim,
    /// <summary>roles is empty or holds a value that is not a REDTRAM role.</summary>
    InvalidRoles,
}

/// <summary>An authentication failure. The host answers HTTP 401 with
/// <c>WWW-Authenticate: {<see cref="WwwAuthenticate"/>}</c> and no data.</summary>
public sealed record AuthFailure(AuthFailureReason Reason, string Description)
{
    public const string Realm = "redtram";

    /// <summary>The exact value of the WWW-Authenticate header (RFC 6750 §3). A missing token gets the bare
    /// challenge; any other failure adds error="invalid_token" and a fixed description (no token content).
    /// Examples: <c>Bearer realm="redtram"</c>;
    /// <c>Bearer realm="redtram", error="invalid_token", error_description="token expired"</c>.</summary>
    public string WwwAuthenticate => Reason == AuthFailureReason.MissingToken
        ? $"Bearer realm=\"{Realm}\""
        : $"Bearer realm=\"{Realm}\", error=\"invalid_token\", error_description=\"{Description}\"";

    /// <summary>HTTP status for the host: always 401.</summary>
    public int StatusCode => 401;

    public override string ToString() => $"{Reason}: {Description}";
}

/// <summary>Either a <see cref="Principal"/> or an <see cref="AuthFailure"/>.</summary>
public readonly struct AuthResult
{
    private AuthResult(Principal? principal, AuthFailure? failure) { Principal = principal; Failure = failure; }
    public Principal? Principal { get; }
    public AuthFailure? Failure { get; }
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Principal))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Failure))]
    public bool Succeeded => Principal is not null;
    public static AuthResult Success(Principal p) => new(p, null);
    public static AuthResult Fail(AuthFailureReason reason, string description) => new(null, new AuthFailure(reason, description));
    public static implicit operator AuthResult(Principal p) => Success(p);
    public static implicit operator AuthResult(AuthFailure f) => new(null, f);
}
