using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Gateway.Tests.Http;

namespace Redtram.Gateway.Tests.Security;

/// <summary>With a policy configured, every GraphQL request needs a valid token; without one the gateway stays open.</summary>
public sealed class GatewayAuthenticationTests : IDisposable
{
    private readonly SecurityFixture _keys = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-auth-" + Guid.NewGuid().ToString("N"));

    public GatewayAuthenticationTests()
    {
        _keys.WritePolicy(_dir);

        // Only issuers with key files: a test never reaches out to a key URL.
        SecurityFixture.WriteFileIssuers(_dir, "PE", "CL", "AR");
    }

    public void Dispose()
    {
        _keys.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<(WebApplication App, HttpClient Client)> StartAsync(ClassicSubgraphs subgraphs, string? policy)
    {
        var app = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            SubgraphUrls = subgraphs.Urls,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = policy,
            Audit = policy is null ? null : new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(policy, "audit.db") },
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private static HttpRequestMessage Query(string? token)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ topProducts { name } }"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return req;
    }

    [Fact]
    public async Task With_a_policy_a_request_needs_a_valid_token()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        var (app, client) = await StartAsync(subgraphs, _dir);
        await using var _ = app;

        using var missing = await client.SendAsync(Query(null));
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("Bearer realm=\"redtram\"", missing.Headers.WwwAuthenticate.ToString());
        var body = JsonNode.Parse(await missing.Content.ReadAsStringAsync())!;
        Assert.Null(body["data"]);
        Assert.Equal("UNAUTHENTICATED", (string?)body["errors"]![0]!["extensions"]!["code"]);
        Assert.Equal(0, subgraphs.Products.Requests);

        var now = DateTimeOffset.UtcNow;
        var expired = SecurityFixture.Claims(now.AddHours(-2), roles: "prosecutor");
        using var old = await client.SendAsync(Query(SecurityFixture.SignRs256(_keys.PeKey, "pe-1", expired)));
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Contains("error=\"invalid_token\"", old.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var forged = SecurityFixture.Claims(now, iss: SecurityFixture.PeIssuer, country: "CL", "prosecutor");
        using var wrongCountry = await client.SendAsync(Query(SecurityFixture.SignRs256(_keys.PeKey, "pe-1", forged)));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCountry.StatusCode);

        var good = SecurityFixture.Claims(now, roles: "prosecutor");
        using var ok = await client.SendAsync(Query(SecurityFixture.SignRs256(_keys.PeKey, "pe-1", good)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("Mesa", (string?)JsonNode.Parse(await ok.Content.ReadAsStringAsync())!["data"]!["topProducts"]![0]!["name"]);

        var ed = SecurityFixture.Claims(now, iss: SecurityFixture.ArIssuer, country: "AR", "analyst");
        using var edOk = await client.SendAsync(Query(SecurityFixture.SignEdDsa(_keys.ArEdKey, "ar-ed", ed)));
        Assert.Equal(HttpStatusCode.OK, edOk.StatusCode);
        using var edForged = await client.SendAsync(Query(SecurityFixture.SignEdDsa(SecurityFixture.NewEd25519Key(), "ar-ed", ed)));
        Assert.Equal(HttpStatusCode.Unauthorized, edForged.StatusCode);
        Assert.Equal("Bearer realm=\"redtram\", error=\"invalid_token\", error_description=\"signature invalid\"", edForged.Headers.WwwAuthenticate.ToString());

        using var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Without_a_policy_the_gateway_stays_open()
    {
        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        var (app, client) = await StartAsync(subgraphs, null);
        await using var _ = app;
        using var res = await client.SendAsync(Query(null));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
    }

    [Fact]
    public void A_broken_policy_stops_start_up_with_every_error()
    {
        File.WriteAllText(Path.Combine(_dir, "issuers.yaml"), "issuers:\n  - issuer: https://x.test\n    country: ZZ\n");
        var ex = Assert.Throws<Redtram.Gateway.Security.PolicyLoadException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = ClassicSubgraphs.SupergraphPath,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = _dir,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(_dir, "audit.db") },
        }));
        Assert.True(ex.Errors.Count >= 2, string.Join("; ", ex.Errors.Select(e => e.Message)));
    }

    [Fact]
    public async Task A_search_of_national_data_must_declare_purpose_legal_basis_and_case()
    {
        var composed = Redtram.Federation.Composition.Composer.Compose([new("national", "http://national.invalid/graphql", """
            extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
            type Query { searchPersons(name: String!): [Person!]! }
            type Person @key(fields: "id") { id: ID! name: String }
            """)]);
        var supergraph = Path.Combine(_dir, "national-supergraph.graphql");
        File.WriteAllText(supergraph, composed.SupergraphSdl);
        await using var pe = await ScriptedSubgraph.StartAsync(_ => ScriptedSubgraph.Json("""{"data":{"searchPersons":[{"id":"PE:1","name":"Ana"}]}}"""));
        var app = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = supergraph,
            Urls = "http://127.0.0.1:0",
            PolicyDirectory = _dir,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(_dir, "audit.db") },
            Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = new Dictionary<string, string> { ["PE"] = pe.Url } },
        });
        await app.StartAsync();
        await using var _ = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        var token = SecurityFixture.SignRs256(_keys.PeKey, "pe-1", SecurityFixture.Claims(DateTimeOffset.UtcNow, roles: "prosecutor"));

        HttpRequestMessage Search(bool declare)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("""{"query":"{ searchPersons(name: \"ana\") { id } }"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (declare)
            {
                req.Headers.Add("Redtram-Purpose", "CRIMINAL_INVESTIGATION");
                req.Headers.Add("Redtram-Legal-Basis", "CP 129-A, carpeta fiscal");
                req.Headers.Add("Redtram-Case-Reference", "PE:2025-0001");
            }

            return req;
        }

        using var undeclared = await client.SendAsync(Search(false));
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
        var error = JsonNode.Parse(await undeclared.Content.ReadAsStringAsync())!["errors"]![0]!;
        Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]!["code"]);
        Assert.Equal(0, pe.Requests);

        using var declared = await client.SendAsync(Search(true));
        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        Assert.Equal("PE:1", (string?)JsonNode.Parse(await declared.Content.ReadAsStringAsync())!["data"]!["searchPersons"]![0]!["id"]);
    }
}
