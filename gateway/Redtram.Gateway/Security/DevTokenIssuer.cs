using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redtram.Gateway.Security;

/// <summary>A token minted by <see cref="DevTokenIssuer"/>.</summary>
/// <param name="Token">The compact JWT (ES256).</param>
/// <param name="ExpiresAt">Its exp (issued-at + <see cref="DevTokenIssuer.Lifetime"/>).</param>
/// <param name="Issuer">Its iss, <c>https://dev-issuer.redtram.localhost/&lt;cc&gt;</c>.</param>
/// <param name="Subject">Its sub, <c>demo-&lt;cc&gt;-&lt;role&gt;</c>.</param>
/// <param name="Country">Its country claim (upper case).</param>
/// <param name="Roles">Its roles claim: the one role asked for.</param>
public sealed record DevToken(string Token, DateTimeOffset ExpiresAt, string Issuer, string Subject, string Country, IReadOnlyList<string> Roles);

/// <summary>One demo user: a country and a role (subject <c>demo-&lt;cc&gt;-&lt;role&gt;</c>).</summary>
public sealed record DevUser(string Subject, string Country, string Role, string Issuer, string TokenUrl);

/// <summary>
/// DEMO ONLY. A development token issuer: one ES256 key pair per demo country, kept in a folder (created on first use,
/// private keys readable by the owner only), each country its own issuer <c>https://dev-issuer.redtram.localhost/&lt;cc&gt;</c>.
/// It mints tokens for demo users — one per country and REDTRAM role — that the gateway verifies exactly like a
/// national identity provider's (the demo policy written by <see cref="WritePolicy"/> trusts these issuers with
/// <c>jwks_file</c>). The gateway serves it only when <see cref="GatewayOptions.DevTokenIssuer"/> is set, which only
/// <c>redtram demo</c> does; there is no command-line option for it.
/// </summary>
public sealed class DevTokenIssuer : IDisposable
{
    /// <summary>Issuer URL prefix; the lower-case country code follows.</summary>
    public const string IssuerPrefix = "https://dev-issuer.redtram.localhost/";

    /// <summary>Audience of the checked-in policy's issuers (used when the caller gives none).</summary>
    public const string DefaultAudience = "redtram-gateway";

    /// <summary>How long a demo token lives.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly Dictionary<string, CountryKey> _keys;

    private sealed record CountryKey(string Country, string Issuer, string KeyId, ECDsa Key, string JwksFile);

    private DevTokenIssuer(string directory, string audience, Dictionary<string, CountryKey> keys)
    {
        KeyDirectory = directory;
        Audience = audience;
        _keys = keys;
        Countries = [.. keys.Keys];
    }

    /// <summary>Folder of the key pairs (<c>&lt;cc&gt;.key.pem</c>, PKCS#8) and public key sets (<c>&lt;cc&gt;.jwks.json</c>).</summary>
    public string KeyDirectory { get; }

    /// <summary>The aud of every token (must be the audience the policy expects of these issuers).</summary>
    public string Audience { get; }

    /// <summary>Demo countries, upper case, in the order given.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>The issuer URL of a country's demo tokens.</summary>
    public static string IssuerFor(string country) => IssuerPrefix + country.ToLowerInvariant();

    /// <summary>The issuer of <paramref name="country"/>, or null when it is not a demo country.</summary>
    public string? Issuer(string country) => _keys.TryGetValue(country.ToUpperInvariant(), out var k) ? k.Issuer : null;

    /// <summary>The kid of <paramref name="country"/>'s key (its RFC 7638 thumbprint).</summary>
    public string? KeyId(string country) => _keys.TryGetValue(country.ToUpperInvariant(), out var k) ? k.KeyId : null;

    /// <summary>Absolute path of <paramref name="country"/>'s public key set.</summary>
    public string? JwksFile(string country) => _keys.TryGetValue(country.ToUpperInvariant(), out var k) ? k.JwksFile : null;

    /// <summary>
    /// Loads the key pair of each country from <paramref name="directory"/>, creating the ones that are missing (EC P-256,
    /// private key file mode 0600 where the OS has modes), and (re)writes each country's public key set
    /// <c>&lt;cc&gt;.jwks.json</c>. Throws <see cref="InvalidDataException"/> when a key file cannot be used.
    /// </summary>
    public static DevTokenIssuer LoadOrCreate(string directory, IEnumerable<string> countries, string audience = DefaultAudience)
    {
        var dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        var readme = Path.Combine(dir, "README.txt");
        if (!File.Exists(readme))
        {
            File.WriteAllText(readme,
                "Signing keys of the development token issuer of `redtram demo` (one per demo country).\n" +
                "DEMO ONLY: anyone who can reach the demo gateway's /dev/token gets a token signed with them.\n" +
                "Never add these issuers to a real policy. Delete this folder to get new keys.\n");
        }

        var keys = new Dictionary<string, CountryKey>(StringComparer.Ordinal);
        try
        {
            foreach (var raw in countries)
            {
                var cc = raw.ToUpperInvariant();
                if (cc.Length != 2 || !cc.All(char.IsAsciiLetterUpper))
                {
                    throw new ArgumentException($"'{raw}' is not an ISO 3166-1 alpha-2 country code.", nameof(countries));
                }

                if (keys.ContainsKey(cc))
                {
                    continue;
                }

                var lower = cc.ToLowerInvariant();
                var ec = LoadOrCreateKey(Path.Combine(dir, lower + ".key.pem"));
                var jwk = PublicJwk(ec);
                var kid = Thumbprint(jwk);
                jwk["kid"] = kid;
                jwk["use"] = "sig";
                jwk["alg"] = "ES256";
                var jwks = Path.Combine(dir, lower + ".jwks.json");
                File.WriteAllText(jwks, new JsonObject { ["keys"] = new JsonArray(jwk) }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
                keys[cc] = new CountryKey(cc, IssuerFor(cc), kid, ec, jwks);
            }
        }
        catch
        {
            foreach (var k in keys.Values)
            {
                k.Key.Dispose();
            }

            throw;
        }

        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one country is needed.", nameof(countries));
        }

        return new DevTokenIssuer(dir, audience, keys);
    }

    /// <summary>Every demo user: each country × each REDTRAM role, in country order then role order.</summary>
    public IReadOnlyList<DevUser> Users()
        => [.. from cc in Countries
               from role in RoleNames.ByName.Keys
               select new DevUser(SubjectFor(cc, role), cc, role, IssuerFor(cc), $"/dev/token?country={cc}&role={role}")];

    /// <summary>The sub of a demo user.</summary>
    public static string SubjectFor(string country, string role) => $"demo-{country.ToLowerInvariant()}-{role}";

    /// <summary>
    /// Mints a token for the demo user (<paramref name="country"/>, <paramref name="role"/>): iss, sub, aud, country,
    /// roles [role], iat = nbf = <paramref name="now"/>, exp = now + <see cref="Lifetime"/>, a random jti; ES256 with the
    /// country's key. Throws <see cref="ArgumentException"/> for a country that is not a demo country or an unknown role.
    /// </summary>
    public DevToken Issue(string country, string role, DateTimeOffset now) => Issue(country, [role], now);

    /// <summary>As <see cref="Issue(string, string, DateTimeOffset)"/>, for a user holding several roles (tests).</summary>
    public DevToken Issue(string country, IReadOnlyList<string> roles, DateTimeOffset now)
    {
        var role = string.Join("+", roles);
        if (!_keys.TryGetValue(country.ToUpperInvariant(), out var key))
        {
            throw new ArgumentException($"country must be one of {string.Join(", ", Countries)}", nameof(country));
        }

        if (roles.Count == 0 || roles.Any(r => !RoleNames.TryParse(r, out _)))
        {
            throw new ArgumentException($"role must be one of {string.Join(", ", RoleNames.ByName.Keys)}", nameof(role));
        }

        var iat = now.ToUnixTimeSeconds();
        var exp = iat + (long)Lifetime.TotalSeconds;
        var subject = SubjectFor(key.Country, role);
        var header = new JsonObject { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = key.KeyId };
        var claims = new JsonObject
        {
            ["iss"] = key.Issuer,
            ["sub"] = subject,
            ["aud"] = Audience,
            ["country"] = key.Country,
            ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)JsonValue.Create(r))]),
            ["iat"] = iat,
            ["nbf"] = iat,
            ["exp"] = exp,
            ["jti"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        };
        var input = Base64UrlStrict.Encode(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." +
                    Base64UrlStrict.Encode(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.Key.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new DevToken(input + "." + Base64UrlStrict.Encode(signature), DateTimeOffset.FromUnixTimeSeconds(exp), key.Issuer, subject, key.Country, roles);
    }

    /// <summary>
    /// Writes the demo policy into <paramref name="targetDirectory"/>: every <c>*.yaml</c> of
    /// <paramref name="sourcePolicyDirectory"/> (the checked-in <c>schema/policy</c>) except <c>issuers.yaml</c>, with a
    /// relative <c>schema:</c> made absolute, and an <c>issuers.yaml</c> that trusts exactly the demo issuers (country,
    /// <see cref="Audience"/>, <c>jwks_file</c> = the generated key set). Other <c>*.yaml</c> files already in the
    /// target folder are removed, so it always mirrors the source.
    /// </summary>
    public void WritePolicy(string sourcePolicyDirectory, string targetDirectory)
    {
        var source = Path.GetFullPath(sourcePolicyDirectory);
        var target = Path.GetFullPath(targetDirectory);
        if (string.Equals(source, target, StringComparison.Ordinal))
        {
            throw new ArgumentException("The demo policy must not overwrite its source.", nameof(targetDirectory));
        }

        var files = Directory.GetFiles(source, "*.yaml");
        Directory.CreateDirectory(target);
        foreach (var old in Directory.GetFiles(target, "*.yaml"))
        {
            File.Delete(old);
        }

        var schemaSeen = false;
        foreach (var f in files)
        {
            var name = Path.GetFileName(f);
            if (name == "issuers.yaml")
            {
                continue;
            }

            var lines = File.ReadAllLines(f);
            for (var i = 0; i < lines.Length; i++)
            {
                // The top-level "schema:" section names the canonical schema relative to the policy folder.
                if (lines[i].StartsWith("schema:", StringComparison.Ordinal))
                {
                    var value = lines[i]["schema:".Length..];
                    var hash = value.IndexOf(" #", StringComparison.Ordinal);
                    value = (hash >= 0 ? value[..hash] : value).Trim().Trim('"', '\'');
                    lines[i] = "schema: " + Quote(Path.GetFullPath(Path.Combine(source, value)));
                    schemaSeen = true;
                }
            }

            File.WriteAllLines(Path.Combine(target, name), lines);
        }

        var sb = new StringBuilder();
        sb.Append("# GENERATED by `redtram demo` at every start from ").Append(source).Append(" — do not edit.\n");
        sb.Append("# DEMO ISSUERS ONLY: the development token issuer of the demo gateway (GET /dev/token) signs with the keys\n");
        sb.Append("# of ").Append(KeyDirectory).Append(". Never trust these issuers outside the demo.\n");
        if (!schemaSeen)
        {
            sb.Append("schema: ").Append(Quote(Path.GetFullPath(Path.Combine(source, "..", "national.graphql")))).Append('\n');
        }

        sb.Append("issuers:\n");
        foreach (var k in _keys.Values)
        {
            sb.Append("  - issuer: ").Append(k.Issuer).Append('\n');
            sb.Append("    country: ").Append(k.Country).Append('\n');
            sb.Append("    audience: ").Append(Quote(Audience)).Append('\n');
            sb.Append("    jwks_file: ").Append(Quote(Path.GetRelativePath(target, k.JwksFile).Replace('\\', '/'))).Append('\n');
        }

        File.WriteAllText(Path.Combine(target, "issuers.yaml"), sb.ToString());
    }

    public void Dispose()
    {
        foreach (var k in _keys.Values)
        {
            k.Key.Dispose();
        }
    }

    /// <summary>A YAML double-quoted scalar.</summary>
    private static string Quote(string s) => JsonSerializer.Serialize(s);

    private static ECDsa LoadOrCreateKey(string path)
    {
        if (File.Exists(path))
        {
            var ec = ECDsa.Create();
            try
            {
                ec.ImportFromPem(File.ReadAllText(path));
                if (ec.KeySize != 256 || ec.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                {
                    throw new CryptographicException("not P-256");
                }

                return ec;
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                ec.Dispose();
                throw new InvalidDataException($"The demo signing key '{path}' is not an EC P-256 private key in PEM; delete it to get a new one.");
            }
        }

        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = created.ExportPkcs8PrivateKeyPem();
        var tmp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(tmp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
            writer.Write('\n');
        }

        File.Move(tmp, path, overwrite: false);
        return created;
    }

    /// <summary>The public JWK members of an EC P-256 key (kty, crv, x, y).</summary>
    private static JsonObject PublicJwk(ECDsa ec)
    {
        var p = ec.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlStrict.Encode(p.Q.X),
            ["y"] = Base64UrlStrict.Encode(p.Q.Y),
        };
    }

    /// <summary>RFC 7638 JWK thumbprint: SHA-256 of the required members in lexicographic order, no whitespace.</summary>
    private static string Thumbprint(JsonObject jwk)
    {
        var canonical = $"{{\"crv\":\"{jwk["crv"]}\",\"kty\":\"{jwk["kty"]}\",\"x\":\"{jwk["x"]}\",\"y\":\"{jwk["y"]}\"}}";
        return Base64UrlStrict.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
