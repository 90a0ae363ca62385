using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Gateway.Security;
using Redtram.Gateway.Tests.Http;

namespace Redtram.Gateway.Tests.Security;

/// <summary>The demo's development token issuer: its keys, the demo policy it writes, and its routes, which exist only
/// when <see cref="GatewayOptions.DevTokenIssuer"/> is set.</summary>
public sealed class DevTokenIssuerTests : IDisposable
{
    private static readonly string[] DemoCountries = ["PE", "CL", "BR", "PY"];
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-dev-" + Guid.NewGuid().ToString("N"));
    private string KeyDir => Path.Combine(_dir, "demo-issuer");
    private string PolicyDir => Path.Combine(_dir, "policy");

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private DevTokenIssuer IssuerWithPolicy()
    {
        var issuer = DevTokenIssuer.LoadOrCreate(KeyDir, DemoCountries);
        issuer.WritePolicy(SecurityFixture.CheckedInPolicyDir, PolicyDir);
        return issuer;
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(GatewayOptions options)
    {
        var app = GatewayApp.Build(options);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static HttpRequestMessage Query(string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ topProducts { name } }"}""", Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return req;
    }

    [Fact]
    public void The_demo_policy_is_the_checked_in_one_with_only_the_demo_issuers()
    {
        using var issuer = IssuerWithPolicy();
        var (policy, errors) = PolicyLoader.Load(PolicyDir);
        Assert.Empty(errors);
        Assert.NotNull(policy);
        var checkedIn = PolicyLoader.Load(SecurityFixture.CheckedInPolicyDir).Policy!;
        Assert.Equal(checkedIn.Countries.Order(), policy.Countries.Order());
        Assert.Equal(checkedIn.Agreements.Select(a => a.Id), policy.Agreements.Select(a => a.Id));
        Assert.Equal(checkedIn.Jits.Select(j => j.Id), policy.Jits.Select(j => j.Id));
        Assert.Equal(checkedIn.FieldLevels.Count, policy.FieldLevels.Count);
        Assert.Equal(checkedIn.SchemaPath, policy.SchemaPath);

        Assert.Equal(
            ["https://dev-issuer.redtram.localhost/br", "https://dev-issuer.redtram.localhost/cl", "https://dev-issuer.redtram.localhost/pe", "https://dev-issuer.redtram.localhost/py"],
            policy.Issuers.Keys.Order(StringComparer.Ordinal));
        foreach (var cc in DemoCountries)
        {
            var trusted = policy.Issuers[DevTokenIssuer.IssuerFor(cc)];
            Assert.Equal(cc, trusted.Country);
            Assert.Equal("redtram-gateway", trusted.Audience);
            Assert.Null(trusted.JwksUrl);
            Assert.Equal(Path.Combine(KeyDir, cc.ToLowerInvariant() + ".jwks.json"), trusted.JwksFile);
            Assert.True(trusted.FileKeys!.TryGet(issuer.KeyId(cc)!, out var key));
            Assert.Equal("ES256", key.VerifiesAlgorithm);
        }

        // No private key material in the public key sets; the private keys are the owner's only.
        foreach (var cc in DemoCountries)
        {
            var jwks = File.ReadAllText(issuer.JwksFile(cc)!);
            Assert.DoesNotContain("\"d\"", jwks, StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(KeyDir, cc.ToLowerInvariant() + ".key.pem")));
            }
        }

        // Rewriting mirrors the source: a stray file of an earlier run is gone.
        File.WriteAllText(Path.Combine(PolicyDir, "zz-old.yaml"), "gossip: true\n");
        issuer.WritePolicy(SecurityFixture.CheckedInPolicyDir, PolicyDir);
        Assert.Empty(PolicyLoader.Load(PolicyDir).Errors);
    }

    [Fact]
    public void Keys_are_created_once_and_kept()
    {
        string[] kids;
        using (var first = DevTokenIssuer.LoadOrCreate(KeyDir, DemoCountries))
        {
            kids = [.. DemoCountries.Select(c => first.KeyId(c)!)];
        }

        Assert.Equal(4, kids.Distinct().Count());
        using var second = DevTokenIssuer.LoadOrCreate(KeyDir, DemoCountries.Select(c => c.ToLowerInvariant()));
        Assert.Equal(kids, DemoCountries.Select(c => second.KeyId(c)!));

        File.WriteAllText(Path.Combine(KeyDir, "cl.key.pem"), "not a key");
        var ex = Assert.Throws<InvalidDataException>(() => DevTokenIssuer.LoadOrCreate(KeyDir, DemoCountries));
        Assert.Contains("cl.key.pem", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dev_token_is_a_valid_token_of_the_demo_policy()
    {
        using var issuer = IssuerWithPolicy();
        using var store = PolicyStore.Load(PolicyDir);
        var now = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var token = issuer.Issue("cl", "prosecutor", now);
        Assert.Equal("demo-cl-prosecutor", token.Subject);
        Assert.Equal("CL", token.Country);
        Assert.Equal(["prosecutor"], token.Roles);
        Assert.Equal(now.AddHours(1), token.ExpiresAt);
        Assert.Equal("https://dev-issuer.redtram.localhost/cl", token.Issuer);

        var validator = new TokenValidator(store);
        var r = validator.Validate("Bearer " + token.Token, now);
        Assert.True(r.Succeeded, r.Failure?.ToString());
        Assert.Equal(new Principal("demo-cl-prosecutor", token.Issuer, "CL", Roles.Prosecutor, r.Principal.TokenId, now.AddHours(1)), r.Principal);
        Assert.Equal(AuthFailureReason.Expired, validator.Validate("Bearer " + token.Token, now.AddHours(1).AddMinutes(1)).Failure!.Reason);

        var payload = JsonNode.Parse(Convert.FromBase64String(Pad(token.Token.Split('.')[1])))!;
        Assert.Equal("redtram-gateway", (string?)payload["aud"]);
        Assert.Equal(3600, (long)payload["exp"]! - (long)payload["iat"]!);
        var header = JsonNode.Parse(Convert.FromBase64String(Pad(token.Token.Split('.')[0])))!;
        Assert.Equal("ES256", (string?)header["alg"]);
        Assert.Equal(issuer.KeyId("CL"), (string?)header["kid"]);

        // A token of one demo country's key cannot pass as another's.
        var parts = token.Token.Split('.');
        var forged = payload.AsObject();
        forged["iss"] = DevTokenIssuer.IssuerFor("PE");
        forged["country"] = "PE";
        var forgedToken = parts[0] + "." + SecurityFixture.B64(forged.ToJsonString()) + "." + parts[2];
        Assert.False(validator.Validate("Bearer " + forgedToken, now).Succeeded);

        Assert.Throws<ArgumentException>(() => issuer.Issue("AR", "prosecutor", now));
        Assert.Throws<ArgumentException>(() => issuer.Issue("PE", "superuser", now));

        static string Pad(string s) => s.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (s.Length % 4)) % 4);
    }

    [Fact]
    public async Task With_the_option_the_gateway_hands_out_tokens_it_accepts()
    {
        using var issuer = IssuerWithPolicy();
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        var (app, client) = await StartAsync(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            SubgraphUrls = subgraphs.Urls,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = PolicyDir,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(Path.GetTempPath(), "redtram-devtoken-audit-" + Guid.NewGuid().ToString("N") + ".db") },
            DevTokenIssuer = issuer,
        });
        await using var _ = app;
        using var __ = client;

        using var users = await client.GetAsync("/dev/users");
        Assert.Equal(HttpStatusCode.OK, users.StatusCode);
        Assert.Equal("no-store", users.Headers.CacheControl!.ToString());
        var list = JsonNode.Parse(await users.Content.ReadAsStringAsync())!["users"]!.AsArray();
        Assert.Equal(28, list.Count);
        Assert.Equal("""{"subject":"demo-pe-prosecutor","country":"PE","role":"prosecutor","issuer":"https://dev-issuer.redtram.localhost/pe","tokenUrl":"/dev/token?country=PE\u0026role=prosecutor"}""", list[0]!.ToJsonString());
        Assert.Equal(DemoCountries.SelectMany(c => RoleNames.ByName.Keys.Select(r => $"demo-{c.ToLowerInvariant()}-{r}")), list.Select(u => (string)u!["subject"]!));

        // No token: 401, nothing asked of the subgraphs.
        using var missing = await client.SendAsync(Query(null));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer realm=\"redtram\"", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal(0, subgraphs.Products.Requests);

        using var tokenResponse = await client.GetAsync("/dev/token?country=pe&role=analyst");
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        Assert.Equal("application/json", tokenResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-store", tokenResponse.Headers.CacheControl!.ToString());
        var body = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(["token", "tokenType", "expiresAt", "issuer", "subject", "country", "roles"], body.Select(p => p.Key));
        Assert.Equal("Bearer", (string?)body["tokenType"]);
        Assert.Equal("demo-pe-analyst", (string?)body["subject"]);
        Assert.Equal("PE", (string?)body["country"]);
        Assert.Equal("[\"analyst\"]", body["roles"]!.ToJsonString());
        var expiresAt = DateTimeOffset.Parse((string)body["expiresAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        using var ok = await client.SendAsync(Query((string)body["token"]!));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Mesa", (string?)JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["data"]!["topProducts"]![0]!["name"]);

        using var text = await client.GetAsync("/dev/token?country=BR&role=secretariat&format=text");
        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        var raw = (await text.Content.ReadAsStringAsync()).TrimEnd('\n');
        Assert.Equal(2, raw.Count(c => c == '.'));
        using var okText = await client.SendAsync(Query(raw));
        Assert.Equal(HttpStatusCode.OK, okText.StatusCode);

        foreach (var (query, error) in new[]
        {
            ("country=AR&role=prosecutor", "country must be one of PE, CL, BR, PY"),
            ("role=prosecutor", "country must be one of PE, CL, BR, PY"),
            ("country=PE&role=Prosecutor", "role must be one of prosecutor, analyst, data-protection-officer, secretariat, integrator, admin, contact-point"),
            ("country=PE", "role must be one of prosecutor, analyst, data-protection-officer, secretariat, integrator, admin, contact-point"),
            ("country=PE&role=prosecutor&format=xml", "format must be json or text"),
        })
        {
            using var bad = await client.GetAsync("/dev/token?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal($"{{\"error\":\"{error}\"}}", await bad.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Without_the_option_the_dev_routes_do_not_exist()
    {
        using var issuer = IssuerWithPolicy();
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        // The demo policy, but no development issuer: nobody can get a token from the gateway.
        var (app, client) = await StartAsync(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            SubgraphUrls = subgraphs.Urls,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = PolicyDir,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(Path.GetTempPath(), "redtram-devtoken-audit-" + Guid.NewGuid().ToString("N") + ".db") },
        });
        await using var _ = app;
        using var __ = client;
        foreach (var path in new[] { "/dev/token?country=PE&role=prosecutor", "/dev/token", "/dev/users", "/dev/token?country=PE&role=prosecutor&format=text" })
        {
            using var res = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, res.StatusCode);
            Assert.DoesNotContain("eyJ", await res.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // A token the issuer minted outside the gateway is still a valid demo token: only the route is missing.
        using var ok = await client.SendAsync(Query(issuer.Issue("PY", "prosecutor", DateTimeOffset.UtcNow).Token));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Without_a_policy_at_all_the_dev_routes_do_not_exist()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        var (app, client) = await StartAsync(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            SubgraphUrls = subgraphs.Urls,
            Urls = "http://127.0.0.1:0",
        });
        await using var _ = app;
        using var __ = client;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/token?country=PE&role=prosecutor")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/users")).StatusCode);
    }

    [Fact]
    public void The_option_needs_a_policy_that_trusts_the_dev_issuers()
    {
        using var issuer = IssuerWithPolicy();
        var noPolicy = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            Urls = "http://127.0.0.1:0",
            DevTokenIssuer = issuer,
        }));
        Assert.Contains("needs an access policy", noPolicy.Message, StringComparison.Ordinal);

        // The checked-in policy trusts the national issuers, not the demo's.
        var untrusted = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = SecurityFixture.CheckedInPolicyDir,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(Path.GetTempPath(), "redtram-devtoken-audit-" + Guid.NewGuid().ToString("N") + ".db") },
            DevTokenIssuer = issuer,
        }));
        Assert.Equal(4, untrusted.Problems.Count);
        Assert.Contains("does not trust the development issuer https://dev-issuer.redtram.localhost/pe", untrusted.Message, StringComparison.Ordinal);

        // Keys that the written policy does not know (another key folder): refused too.
        var other = DevTokenIssuer.LoadOrCreate(Path.Combine(_dir, "other-keys"), DemoCountries);
        using (other)
        {
            var mismatch = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
            {
                SupergraphPath = ClassicSubgraphs.SupergraphPath,
                Urls = "http://127.0.0.1:0",
                PolicyDirectory = PolicyDir,
                Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(Path.GetTempPath(), "redtram-devtoken-audit-" + Guid.NewGuid().ToString("N") + ".db") },
                DevTokenIssuer = other,
            }));
            Assert.Contains("does not match it", mismatch.Message, StringComparison.Ordinal);
        }
    }
}
