using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Security;

/// <summary>Keys generated per test run, JWKS files and a policy directory in a temp dir: the checked-in policy
/// with its issuers replaced by test issuers that use jwks_file.</summary>
public sealed class SecurityFixture : IDisposable
{
    public const string Audience = "redtram-gateway";
    public const string PeIssuer = "https://idp.pe.test";
    public const string ClIssuer = "https://idp.cl.test";
    public const string BrIssuer = "https://idp.br.test";
    public const string UrlIssuer = "https://idp.py.test";
    /// <summary>An EdDSA (Ed25519) issuer; its key set also holds an EC P-256 key, for key-type confusion tests.</summary>
    public const string ArIssuer = "https://idp.ar.test";

    public RSA PeKey { get; } = RSA.Create(2048);
    public ECDsa ClKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public RSA BrKey { get; } = RSA.Create(2048);
    /// <summary>AR's Ed25519 private key (32 bytes), kid "ar-ed".</summary>
    public byte[] ArEdKey { get; } = NewEd25519Key();
    /// <summary>AR's second key, EC P-256, kid "ar-ec".</summary>
    public ECDsa ArEcKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    public string Dir { get; }
    public PolicyStore Store { get; }

    public SecurityFixture()
    {
        Dir = Path.Combine(Path.GetTempPath(), "redtram-sec-" + Guid.NewGuid().ToString("N"));
        WritePolicy(Dir);
        Store = PolicyStore.Load(Dir);
    }

    public static string RepoRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "schema", "national.graphql"))) return d.FullName;
            throw new InvalidOperationException("repository root not found");
        }
    }

    public static string CheckedInPolicyDir => Path.Combine(RepoRoot, "schema", "policy");

    /// <summary>Copies the checked-in policy to <paramref name="dir"/> with the schema path made absolute and the
    /// issuers replaced by the test issuers (PE: RSA, CL: EC P-256, BR: RSA, AR: Ed25519 + EC P-256, PY: a URL never
    /// fetched).</summary>
    public void WritePolicy(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(CheckedInPolicyDir, "*.yaml"))
        {
            if (Path.GetFileName(f) == "issuers.yaml") continue;
            var text = File.ReadAllText(f).Replace("schema: ../national.graphql",
                "schema: " + Path.Combine(RepoRoot, "schema", "national.graphql"));
            File.WriteAllText(Path.Combine(dir, Path.GetFileName(f)), text);
        }
        Directory.CreateDirectory(Path.Combine(dir, "keys"));
        File.WriteAllText(Path.Combine(dir, "keys", "pe.jwks.json"), Jwks(RsaJwk(PeKey, "pe-1")));
        File.WriteAllText(Path.Combine(dir, "keys", "cl.jwks.json"), Jwks(EcJwk(ClKey, "cl-1")));
        File.WriteAllText(Path.Combine(dir, "keys", "br.jwks.json"), Jwks(RsaJwk(BrKey, "br-1")));
        File.WriteAllText(Path.Combine(dir, "keys", "ar.jwks.json"), Jwks(Ed25519Jwk(ArEdKey, "ar-ed"), EcJwk(ArEcKey, "ar-ec")));
        File.WriteAllText(Path.Combine(dir, "issuers.yaml"), IssuersYaml(["PE", "CL", "BR", "AR"]) + $"""
              - issuer: {UrlIssuer}
                country: PY
                audience: {Audience}
                jwks_url: https://idp.py.test/jwks.json

            """);
    }

    /// <summary>Replaces the issuers of a policy written by <see cref="WritePolicy"/> with the file-keyed test issuers of
    /// <paramref name="countries"/> only (PE, CL, BR, AR): a test that never reaches out to a key URL.</summary>
    public static void WriteFileIssuers(string dir, params string[] countries) =>
        File.WriteAllText(Path.Combine(dir, "issuers.yaml"), IssuersYaml(countries));

    private static string IssuersYaml(IEnumerable<string> countries)
    {
        var sb = new StringBuilder("issuers:\n");
        foreach (var cc in countries)
        {
            var issuer = cc switch { "PE" => PeIssuer, "CL" => ClIssuer, "BR" => BrIssuer, "AR" => ArIssuer, _ => throw new ArgumentOutOfRangeException(nameof(countries), cc) };
            sb.Append($"  - issuer: {issuer}\n    country: {cc}\n    audience: {Audience}\n    jwks_file: keys/{cc.ToLowerInvariant()}.jwks.json\n");
        }

        return sb.ToString();
    }

    public static string Jwks(params JsonObject[] keys) => new JsonObject { ["keys"] = new JsonArray(keys) }.ToJsonString();

    public static JsonObject RsaJwk(RSA rsa, string kid)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject { ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(p.Modulus!), ["e"] = B64(p.Exponent!) };
    }

    public static JsonObject EcJwk(ECDsa ec, string kid)
    {
        var p = ec.ExportParameters(false);
        return new JsonObject { ["kty"] = "EC", ["kid"] = kid, ["crv"] = "P-256", ["x"] = B64(p.Q.X!), ["y"] = B64(p.Q.Y!) };
    }

    public static byte[] NewEd25519Key() => RandomNumberGenerator.GetBytes(Ed25519.SecretKeySize);

    public static byte[] Ed25519PublicKey(byte[] privateKey)
    {
        var pk = new byte[Ed25519.PublicKeySize];
        Ed25519.GeneratePublicKey(privateKey, 0, pk, 0);
        return pk;
    }

    /// <summary>An OKP Ed25519 JWK without "alg" (its type alone must restrict it to EdDSA).</summary>
    public static JsonObject Ed25519Jwk(byte[] privateKey, string kid)
        => new() { ["kty"] = "OKP", ["crv"] = "Ed25519", ["kid"] = kid, ["use"] = "sig", ["x"] = B64(Ed25519PublicKey(privateKey)) };

    public static byte[] Ed25519Sign(byte[] privateKey, byte[] message)
    {
        var sig = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(privateKey, 0, message, 0, message.Length, sig, 0);
        return sig;
    }

    public static string B64(byte[] b) => System.Buffers.Text.Base64Url.EncodeToString(b);
    public static string B64(string s) => B64(Encoding.UTF8.GetBytes(s));

    /// <summary>Claims of a valid PE prosecutor token at <paramref name="now"/>.</summary>
    public static JsonObject Claims(DateTimeOffset now, string iss = PeIssuer, string country = "PE", params string[] roles)
        => new()
        {
            ["iss"] = iss, ["sub"] = "user-0001", ["aud"] = Audience, ["country"] = country,
            ["roles"] = new JsonArray((roles.Length == 0 ? ["prosecutor"] : roles).Select(r => (JsonNode)r!).ToArray()),
            ["iat"] = now.ToUnixTimeSeconds() - 60, ["nbf"] = now.ToUnixTimeSeconds() - 60, ["exp"] = now.ToUnixTimeSeconds() + 600,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };

    public static string Sign(JsonObject header, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var input = B64(header.ToJsonString()) + "." + B64(claims.ToJsonString());
        return input + "." + B64(sign(Encoding.ASCII.GetBytes(input)));
    }

    public static string SignRs256(RSA key, string kid, JsonObject claims)
        => Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }, claims,
            b => key.SignData(b, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    public static string SignEs256(ECDsa key, string kid, JsonObject claims)
        => Sign(new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = kid }, claims,
            b => key.SignData(b, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    public static string SignEdDsa(byte[] key, string kid, JsonObject claims)
        => Sign(new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["kid"] = kid }, claims, b => Ed25519Sign(key, b));

    public void Dispose()
    {
        Store.Dispose();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
        PeKey.Dispose(); ClKey.Dispose(); BrKey.Dispose(); ArEcKey.Dispose();
    }
}
