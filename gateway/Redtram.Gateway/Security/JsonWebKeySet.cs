using System.Security.Cryptography;
using System.Text.Json;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Redtram.Gateway.Security;

/// <summary>A verification key from a JWKS: RSA (≥ 2048 bits, RS256), EC P-256 (ES256) or OKP Ed25519 (EdDSA).
/// Public keys only. Each kind holds only its own key object, so a key can only ever verify its own algorithm.</summary>
public sealed class VerificationKey
{
    private VerificationKey(string kid, string kty, string? alg, RSA? rsa, ECDsa? ec, Ed25519.PublicPoint? ed25519)
    { KeyId = kid; KeyType = kty; Algorithm = alg; Rsa = rsa; Ec = ec; Ed25519Point = ed25519; }

    internal static VerificationKey ForRsa(string kid, string? alg, RSA rsa) => new(kid, "RSA", alg, rsa, null, null);
    internal static VerificationKey ForEc(string kid, string? alg, ECDsa ec) => new(kid, "EC", alg, null, ec, null);
    internal static VerificationKey ForEd25519(string kid, string? alg, Ed25519.PublicPoint point) => new(kid, "OKP", alg, null, null, point);

    public string KeyId { get; }
    /// <summary>"RSA", "EC" or "OKP".</summary>
    public string KeyType { get; }
    /// <summary>The JWK "alg" member when present: the key may then be used only with that alg.</summary>
    public string? Algorithm { get; }
    /// <summary>The one JWS alg this key can verify: RS256, ES256 or EdDSA.</summary>
    public string VerifiesAlgorithm => Rsa is not null ? "RS256" : Ec is not null ? "ES256" : "EdDSA";
    internal RSA? Rsa { get; }
    internal ECDsa? Ec { get; }
    /// <summary>The Ed25519 public key, decoded and fully validated once at parse (on the curve, not of small
    /// order): verification never decodes it again.</summary>
    internal Ed25519.PublicPoint? Ed25519Point { get; }
}

/// <summary>One issuer's key set, parsed once (at policy load for files, by the refresher for URLs).</summary>
public sealed class JsonWebKeySet
{
    private readonly Dictionary<string, VerificationKey> _byKid;
    private JsonWebKeySet(Dictionary<string, VerificationKey> byKid) => _byKid = byKid;
    public int Count => _byKid.Count;
    public bool TryGet(string kid, out VerificationKey key) => _byKid.TryGetValue(kid, out key!);
    public IEnumerable<string> KeyIds => _byKid.Keys;

    /// <summary>Parses a JWKS document; every problem is added to <paramref name="errors"/> (messages carry no key
    /// material). Accepted: kty RSA (2048–8192 bits, alg RS256 or none), EC (crv P-256, alg ES256 or none), OKP
    /// (crv Ed25519, 32-byte x, alg EdDSA or none); Ed448, X25519 and every other curve or type are errors. Private
    /// members (d, p, q...) are an error: a key set must never hold a private key.</summary>
    public static JsonWebKeySet? Parse(string json, List<string> errors)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException) { errors.Add("key set is not valid JSON"); return null; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            { errors.Add("key set must be an object with a \"keys\" array"); return null; }
            var byKid = new Dictionary<string, VerificationKey>(StringComparer.Ordinal);
            int i = 0, before = errors.Count;
            foreach (var k in keys.EnumerateArray())
            {
                var at = $"keys[{i++}]";
                if (k.ValueKind != JsonValueKind.Object) { errors.Add($"{at}: not an object"); continue; }
                var kid = Str(k, "kid");
                var kty = Str(k, "kty");
                var alg = Str(k, "alg");
                var use = Str(k, "use");
                if (string.IsNullOrEmpty(kid)) { errors.Add($"{at}: missing kid"); continue; }
                if (byKid.ContainsKey(kid)) { errors.Add($"{at}: duplicate kid"); continue; }
                if (use is not null && use != "sig") { errors.Add($"{at}: use must be \"sig\""); continue; }
                foreach (var priv in new[] { "d", "p", "q", "dp", "dq", "qi", "k" })
                    if (k.TryGetProperty(priv, out _)) { errors.Add($"{at}: holds private or symmetric key material (\"{priv}\")"); goto next; }
                try
                {
                    switch (kty)
                    {
                        case "RSA":
                        {
                            if (alg is not null && alg != "RS256") { errors.Add($"{at}: alg {alg} not allowed for RSA (RS256 only)"); continue; }
                            var n = B64(k, "n"); var e = B64(k, "e");
                            if (n is null || e is null) { errors.Add($"{at}: RSA key needs n and e"); continue; }
                            var rsa = RSA.Create();
                            rsa.ImportParameters(new RSAParameters { Modulus = n, Exponent = e });
                            if (rsa.KeySize is < 2048 or > 8192) { rsa.Dispose(); errors.Add($"{at}: RSA key must be 2048 to 8192 bits"); continue; }
                            byKid[kid] = VerificationKey.ForRsa(kid, alg, rsa);
                            break;
                        }
                        case "EC":
                        {
                            if (Str(k, "crv") != "P-256") { errors.Add($"{at}: EC key must use crv P-256"); continue; }
                            if (alg is not null && alg != "ES256") { errors.Add($"{at}: alg {alg} not allowed for EC P-256 (ES256 only)"); continue; }
                            var x = B64(k, "x"); var y = B64(k, "y");
                            if (x is not { Length: 32 } || y is not { Length: 32 }) { errors.Add($"{at}: EC key needs 32-byte x and y"); continue; }
                            var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                            byKid[kid] = VerificationKey.ForEc(kid, alg, ec);
                            break;
                        }
                        case "OKP":
                        {
                            var crv = Str(k, "crv");
                            if (crv != "Ed25519") { errors.Add($"{at}: OKP key must use crv Ed25519 (Ed448, X25519 and others are not accepted)"); continue; }
                            if (alg is not null && alg != "EdDSA") { errors.Add($"{at}: alg {alg} not allowed for OKP Ed25519 (EdDSA only)"); continue; }
                            if (k.TryGetProperty("y", out _)) { errors.Add($"{at}: OKP key has no y"); continue; }
                            var x = B64(k, "x");
                            if (x is not { Length: 32 }) { errors.Add($"{at}: Ed25519 key needs a 32-byte x"); continue; }
                            // Full validation: a point of the curve in the prime-order subgroup (no small-order key
                            // that would verify forged signatures).
                            var point = Ed25519.ValidatePublicKeyFullExport(x);
                            if (point is null) { errors.Add($"{at}: not a valid Ed25519 public key"); continue; }
                            byKid[kid] = VerificationKey.ForEd25519(kid, alg, point);
                            break;
                        }
                        default:
                            errors.Add($"{at}: kty must be RSA, EC or OKP");
                            continue;
                    }
                }
                catch (CryptographicException) { errors.Add($"{at}: not a valid public key"); }
                next:;
            }
            if (errors.Count > before) return null;
            if (byKid.Count == 0) { errors.Add("key set holds no key"); return null; }
            return new JsonWebKeySet(byKid);
        }
    }

    private static string? Str(JsonElement o, string name)
        => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static byte[]? B64(JsonElement o, string name)
        => Str(o, name) is { } s && Base64UrlStrict.TryDecode(s, out var b) ? b : null;
}

internal static class Base64UrlStrict
{
    /// <summary>base64url without padding, alphabet A-Z a-z 0-9 - _ only (RFC 7515 §2).</summary>
    public static bool TryDecode(ReadOnlySpan<char> s, out byte[] bytes)
    {
        bytes = [];
        if (s.Length % 4 == 1) return false;
        foreach (var c in s)
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_')) return false;
        try { bytes = System.Buffers.Text.Base64Url.DecodeFromChars(s); return true; }
        catch (FormatException) { return false; }
    }

    public static string Encode(ReadOnlySpan<byte> b) => System.Buffers.Text.Base64Url.EncodeToString(b);
}
