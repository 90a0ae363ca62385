using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Redtram.Grants;

/// <summary>
/// Signs grants as compact JWS (ES256): header <c>{"alg":"ES256","typ":"redtram-grant+jwt","kid":…}</c>, claims
/// <c>iss aud iat exp rc roles purpose case lvl lvl_out jit jit_cases uref</c>. The token holds no request id, so the
/// gateway may cache a signed grant and reuse it for part of its lifetime. Thread-safe.
/// </summary>
public sealed class GrantSigner
{
    // Not HTML: plain JSON escaping keeps '+' and non-ASCII letters readable in the token.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ECDsa _key;
    private readonly Lock _lock = new();
    private readonly string _encodedHeader;

    /// <param name="privateKey">An ECDSA P-256 private key (see <see cref="GrantKeys.LoadPrivatePem"/>).</param>
    /// <param name="keyId">The kid adapters find the public key under in their key set.</param>
    /// <param name="issuer">The iss adapters expect.</param>
    public GrantSigner(ECDsa privateKey, string keyId, string issuer = AccessGrant.DefaultIssuer)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(issuer);
        if (!GrantKeys.IsP256(privateKey))
            throw new ArgumentException("the grant signing key must be an ECDSA P-256 key", nameof(privateKey));
        _key = privateKey;
        KeyId = keyId;
        Issuer = issuer;
        var header = new ArrayBufferWriter<byte>(96);
        using (var w = new Utf8JsonWriter(header, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("alg", AccessGrant.Algorithm);
            w.WriteString("typ", AccessGrant.TokenType);
            w.WriteString("kid", keyId);
            w.WriteEndObject();
        }
        _encodedHeader = Base64Url.Encode(header.WrittenSpan);
    }

    public string KeyId { get; }
    public string Issuer { get; }

    /// <summary>The compact JWS of <paramref name="grant"/>, for the <see cref="AccessGrant.HeaderName"/> header.</summary>
    /// <exception cref="ArgumentException">The grant is not well formed (<see cref="AccessGrant.Problem"/>) or lives longer than
    /// <see cref="AccessGrant.MaxLifetime"/>: adapters would reject it.</exception>
    public string Sign(AccessGrant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.Problem() is { } problem)
            throw new ArgumentException("grant not signable: " + problem, nameof(grant));
        var iat = grant.IssuedAt.ToUnixTimeSeconds();
        var exp = grant.ExpiresAt.ToUnixTimeSeconds();
        if (exp - iat > (long)AccessGrant.MaxLifetime.TotalSeconds)
            throw new ArgumentException($"grant not signable: lifetime above {AccessGrant.MaxLifetime.TotalSeconds} s", nameof(grant));
        if (exp <= iat)
            throw new ArgumentException("grant not signable: exp must be after iat", nameof(grant));

        var payload = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(payload, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("iss", Issuer);
            w.WriteString("aud", grant.Owner);
            w.WriteNumber("iat", iat);
            w.WriteNumber("exp", exp);
            w.WriteString("rc", grant.RequesterCountry);
            WriteList(w, "roles", grant.Roles);
            w.WriteString("purpose", grant.Purpose);
            w.WriteString("case", grant.CaseReference);
            w.WriteString("lvl", grant.Level.Name());
            w.WriteString("lvl_out", grant.LevelOutsideJit.Name());
            WriteList(w, "jit", grant.JitIds);
            WriteList(w, "jit_cases", grant.JitCases);
            w.WriteString("uref", grant.UserRef);
            w.WriteEndObject();
        }
        var signingInput = _encodedHeader + "." + Base64Url.Encode(payload.WrittenSpan);
        var bytes = Encoding.ASCII.GetBytes(signingInput);
        byte[] signature;
        lock (_lock)
            signature = _key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var token = signingInput + "." + Base64Url.Encode(signature);
        if (token.Length > AccessGrant.MaxTokenLength)
            throw new ArgumentException($"grant not signable: the token would exceed {AccessGrant.MaxTokenLength} characters (too many JIT cases?)", nameof(grant));
        return token;
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WriteStartArray(name);
        foreach (var s in items)
            w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
