using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Redtram.Grants;

/// <summary>A public key that verifies grants, with its key id (the JWS <c>kid</c>). ECDSA P-256 only.</summary>
public sealed class GrantKey
{
    private readonly Lock _lock = new();

    public GrantKey(string keyId, ECDsa publicKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!GrantKeys.IsP256(publicKey))
            throw new ArgumentException("a grant key must be an ECDSA P-256 key", nameof(publicKey));
        KeyId = keyId;
        PublicKey = publicKey;
    }

    public string KeyId { get; }
    public ECDsa PublicKey { get; }

    /// <summary>ES256 signature check (IEEE P1363, 64 bytes). ECDsa instances are not documented as thread-safe:
    /// one verification at a time per key (a few tens of microseconds; repeated grants are served from the verifier's cache).</summary>
    internal bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 64)
            return false;
        lock (_lock)
        {
            try
            {
                return PublicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
    }
}

/// <summary>A key file or key set that cannot be used; the message names the problem, never key material.</summary>
public sealed class GrantKeyException(string message) : Exception(message);

/// <summary>Key helpers for grants: P-256 key pairs, PKCS#8 PEM private keys (the gateway) and JWKS public key sets (the adapters).</summary>
public static class GrantKeys
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>A new ECDSA P-256 key pair.</summary>
    public static ECDsa CreateP256() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>The private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").</summary>
    public static string ExportPrivatePem(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>Writes the PKCS#8 PEM private key to <paramref name="path"/>, readable by the owner only where the OS allows.</summary>
    public static void SavePrivatePem(ECDsa key, string path)
    {
        var pem = ExportPrivatePem(key);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, pem);
            return;
        }
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        writer.Write(pem);
    }

    /// <summary>Reads a PKCS#8 PEM P-256 private key (the gateway's signing key).</summary>
    public static ECDsa LoadPrivatePem(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrantKeyException($"grant signing key file '{path}' cannot be read ({e.GetType().Name})");
        }
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new GrantKeyException($"grant signing key file '{path}' is not a PEM EC private key");
        }
        if (!IsP256(key))
        {
            key.Dispose();
            throw new GrantKeyException($"grant signing key file '{path}' is not a P-256 key");
        }
        try
        {
            _ = key.ExportParameters(includePrivateParameters: true);
        }
        catch (CryptographicException)
        {
            key.Dispose();
            throw new GrantKeyException($"grant signing key file '{path}' holds no private key");
        }
        return key;
    }

    /// <summary>A JWKS document ({"keys":[...]}) with the public parts only of the given P-256 keys.</summary>
    public static string ToJwks(IEnumerable<(string kid, ECDsa key)> keys)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("keys");
            foreach (var (kid, key) in keys)
            {
                ArgumentException.ThrowIfNullOrEmpty(kid);
                if (!IsP256(key))
                    throw new ArgumentException("only P-256 keys can be grant keys", nameof(keys));
                var p = key.ExportParameters(includePrivateParameters: false);
                w.WriteStartObject();
                w.WriteString("kty", "EC");
                w.WriteString("crv", "P-256");
                w.WriteString("kid", kid);
                w.WriteString("use", "sig");
                w.WriteString("alg", AccessGrant.Algorithm);
                w.WriteString("x", Base64Url.Encode(p.Q.X));
                w.WriteString("y", Base64Url.Encode(p.Q.Y));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The RFC 7638 JWK thumbprint of a P-256 public key (base64url SHA-256): a convenient key id.</summary>
    public static string Thumbprint(ECDsa key)
    {
        if (!IsP256(key))
            throw new ArgumentException("only P-256 keys can be grant keys", nameof(key));
        var p = key.ExportParameters(includePrivateParameters: false);
        var json = $"{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{Base64Url.Encode(p.Q.X)}\",\"y\":\"{Base64Url.Encode(p.Q.Y)}\"}}";
        return Base64Url.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(json)));
    }

    /// <summary>Reads a JWKS file of the gateway's public grant keys.</summary>
    public static IReadOnlyList<GrantKey> LoadJwks(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GrantKeyException($"grant key set '{path}' cannot be read ({e.GetType().Name})");
        }
        try
        {
            return ParseJwks(text);
        }
        catch (GrantKeyException e)
        {
            throw new GrantKeyException($"grant key set '{path}': {e.Message}");
        }
    }

    /// <summary>Parses a JWKS document: EC P-256 public keys (alg ES256 when given, use sig when given), unique kids,
    /// no private members.</summary>
    public static IReadOnlyList<GrantKey> ParseJwks(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            throw new GrantKeyException("not valid JSON");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
                throw new GrantKeyException("a key set is an object with a \"keys\" array");
            var result = new List<GrantKey>();
            var kids = new HashSet<string>(StringComparer.Ordinal);
            var i = 0;
            foreach (var k in keys.EnumerateArray())
            {
                var at = $"keys[{i++}]";
                if (k.ValueKind != JsonValueKind.Object)
                    throw new GrantKeyException($"{at}: not an object");
                foreach (var priv in (ReadOnlySpan<string>)["d", "p", "q", "dp", "dq", "qi", "k"])
                    if (k.TryGetProperty(priv, out _))
                        throw new GrantKeyException($"{at}: holds private or symmetric key material; publish public keys only");
                var kid = Str(k, "kid");
                if (string.IsNullOrEmpty(kid))
                    throw new GrantKeyException($"{at}: kid is required");
                if (!kids.Add(kid))
                    throw new GrantKeyException($"{at}: duplicate kid");
                if (Str(k, "kty") != "EC" || Str(k, "crv") != "P-256")
                    throw new GrantKeyException($"{at}: grant keys are EC P-256 (kty EC, crv P-256)");
                if (Str(k, "alg") is { } alg && alg != AccessGrant.Algorithm)
                    throw new GrantKeyException($"{at}: alg must be ES256");
                if (Str(k, "use") is { } use && use != "sig")
                    throw new GrantKeyException($"{at}: use must be sig");
                if (!Base64Url.TryDecode(Str(k, "x"), out var x) || x.Length != 32 || !Base64Url.TryDecode(Str(k, "y"), out var y) || y.Length != 32)
                    throw new GrantKeyException($"{at}: x and y must be 32-byte base64url coordinates");
                ECDsa ec;
                try
                {
                    ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } });
                }
                catch (CryptographicException)
                {
                    throw new GrantKeyException($"{at}: not a point of P-256");
                }
                result.Add(new GrantKey(kid, ec));
            }
            if (result.Count == 0)
                throw new GrantKeyException("the key set holds no key");
            return result;
        }
    }

    private static string? Str(JsonElement o, string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    internal static bool IsP256(ECDsa key)
    {
        if (key.KeySize != 256)
            return false;
        try
        {
            var curve = key.ExportParameters(includePrivateParameters: false).Curve;
            return curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "prime256v1" or "secp256r1");
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}

/// <summary>base64url without padding (RFC 7515 §2), strict alphabet on decode.</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    public static bool TryDecode(ReadOnlySpan<char> s, out byte[] bytes)
    {
        bytes = [];
        if (s.Length % 4 == 1)
            return false;
        foreach (var c in s)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                return false;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(s);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static bool TryDecode(string? s, out byte[] bytes)
    {
        if (s is null)
        {
            bytes = [];
            return false;
        }
        return TryDecode(s.AsSpan(), out bytes);
    }
}
