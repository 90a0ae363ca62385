using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Federation.Composition;
using Redtram.Gateway.Audit;
using Redtram.Gateway.Tests.Compliance.Harness;
using Redtram.Gateway.Tests.Security;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>
/// A gateway with the checked-in policy (test issuers for PE, CL, BR), SQLite audit in a temp folder, and the
/// <c>national</c> subgraph partitioned over three real GraphQL.NET servers: PE answers 2 persons, CL none, BR one.
/// </summary>
public sealed class AuditedGateway : IAsyncDisposable
{
    public const string Query = "query FindPersons($name: String!) { searchPersons(name: $name) { id nameAsRecorded } }";
    public const string Purpose = "CRIMINAL_INVESTIGATION";
    public const string LegalBasis = "CP art. 129-A, carpeta fiscal";

    private const string NationalSdl = """
        type Query { searchPersons(name: String!): [Person!]! }
        type Person @key(fields: "id") { id: ID! nameAsRecorded: String }
        """;

    private WebApplication? _app;

    private AuditedGateway(string dir) => Dir = dir;

    public SecurityFixture Keys { get; } = new();
    public string Dir { get; }
    public string PolicyDir => Path.Combine(Dir, "policy");
    public string AuditPath => Path.Combine(Dir, "audit.db");
    public string SupergraphPath => Path.Combine(Dir, "supergraph.graphql");
    public Dictionary<string, SubgraphHost> Countries { get; } = new(StringComparer.Ordinal);
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _app!.Services;

    /// <summary>Writes the policy and the supergraph and starts the national servers; the gateway itself only with <paramref name="startGateway"/>.</summary>
    public static async Task<AuditedGateway> StartAsync(Action<string>? editPolicy = null, TimeSpan? auditTimeout = null, OwnerNotifierOptions? notifications = null, bool startGateway = true)
    {
        var g = new AuditedGateway(Path.Combine(Path.GetTempPath(), "redtram-audit-gw-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(g.Dir);
        g.WritePolicy();
        editPolicy?.Invoke(g.PolicyDir);
        var composed = Composer.Compose([new SubgraphSource("national", "http://national.invalid/graphql",
            "extend schema @link(url: \"https://specs.apollo.dev/federation/v2.3\", import: [\"@key\"])\n" + NationalSdl)]);
        Assert.True(composed.Succeeded, string.Join("; ", composed.Errors.Select(e => e.Message)));
        await File.WriteAllTextAsync(g.SupergraphPath, composed.SupergraphSdl);
        g.Countries["PE"] = await SubgraphHost.StartAsync(() => National("PE", 2));
        g.Countries["CL"] = await SubgraphHost.StartAsync(() => National("CL", 0));
        g.Countries["BR"] = await SubgraphHost.StartAsync(() => National("BR", 1));
        if (startGateway)
        {
            g._app = GatewayApp.Build(new GatewayOptions
            {
                SupergraphPath = g.SupergraphPath,
                Urls = "http://127.0.0.1:0",
                PolicyDirectory = g.PolicyDir,
                Audit = new AuditOptions { SqlitePath = g.AuditPath },
                AuditTimeout = auditTimeout ?? TimeSpan.FromSeconds(5),
                OwnerNotifications = notifications ?? new OwnerNotifierOptions(),
                Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = g.PartitionUrls },
            });
            await g._app.StartAsync();
            var address = g._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            g.Client = new HttpClient { BaseAddress = new Uri(address) };
        }

        return g;
    }

    public Dictionary<string, string> PartitionUrls => Countries.ToDictionary(c => c.Key, c => c.Value.Url, StringComparer.Ordinal);

    private static Subgraph National(string country, int persons) => new Subgraph("national", NationalSdl)
        .Query("searchPersons", _ => Enumerable.Range(1, persons).Select(i => Obj("Person", new { id = $"{country}:{i}", nameAsRecorded = $"Ana {country} {i}" })).ToList());

    /// <summary>The checked-in policy with file-keyed test issuers for PE (RS256), CL (ES256) and BR (RS256) only.</summary>
    private void WritePolicy()
    {
        Keys.WritePolicy(PolicyDir);

        // Every pair of the three countries has an agreement (SUMMARY): each sees the others' search results.
        var agreements = Path.Combine(PolicyDir, "agreements.yaml");
        var text = File.ReadAllText(agreements);
        var extra = new System.Text.StringBuilder();
        foreach (var (owner, requester) in new[] { ("BR", "PE"), ("PE", "BR"), ("BR", "CL"), ("CL", "BR") })
        {
            extra.Append($"  - {{ id: TEST-{owner}-{requester}, owner: {owner}, requester: {requester}, purposes: [CRIMINAL_INVESTIGATION], valid_from: 2020-01-01 }}\n");
        }

        File.WriteAllText(agreements, text.Replace("agreements:\n", "agreements:\n" + extra, StringComparison.Ordinal));
        SecurityFixture.WriteFileIssuers(PolicyDir, "PE", "CL", "BR");
    }

    /// <summary>Sets countries[].notify_url of <paramref name="country"/> in the policy copy.</summary>
    public static void SetNotifyUrl(string policyDir, string country, string url)
    {
        var file = Path.Combine(policyDir, "policy.yaml");
        var text = File.ReadAllText(file);
        var marker = $"{{ code: {country}, ";
        Assert.Contains(marker, text, StringComparison.Ordinal);
        File.WriteAllText(file, text.Replace(marker, $"{{ code: {country}, notify_url: \"{url}\", ", StringComparison.Ordinal));
    }

    public static string Issuer(string country) => country switch
    {
        "PE" => SecurityFixture.PeIssuer,
        "CL" => SecurityFixture.ClIssuer,
        "BR" => SecurityFixture.BrIssuer,
        _ => throw new ArgumentOutOfRangeException(nameof(country)),
    };

    /// <summary>A valid token of <paramref name="country"/>'s issuer for user <paramref name="subject"/>.</summary>
    public string Token(string country, string subject, params string[] roles)
    {
        var claims = SecurityFixture.Claims(DateTimeOffset.UtcNow, Issuer(country), country, roles);
        claims["sub"] = subject;
        return country switch
        {
            "PE" => SecurityFixture.SignRs256(Keys.PeKey, "pe-1", claims),
            "CL" => SecurityFixture.SignEs256(Keys.ClKey, "cl-1", claims),
            _ => SecurityFixture.SignRs256(Keys.BrKey, "br-1", claims),
        };
    }

    /// <summary>A search of national data, declared (purpose, legal basis, case of the requester's country) unless told otherwise.</summary>
    public static HttpRequestMessage Search(string? token, string? caseReference, string name = "ana", string query = Query)
    {
        var body = new JsonObject { ["query"] = query, ["operationName"] = "FindPersons", ["variables"] = new JsonObject { ["name"] = name } };
        if (caseReference is not null)
        {
            body["extensions"] = new JsonObject
            {
                ["redtram"] = new JsonObject { ["purpose"] = Purpose, ["legalBasis"] = LegalBasis, ["caseReference"] = caseReference },
            };
        }

        var req = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return req;
    }

    public static string RequestId(HttpResponseMessage response) =>
        Assert.Single(response.Headers.GetValues(RequestIdHeader));

    public const string RequestIdHeader = "Redtram-Request-Id";

    /// <summary>Every stored entry, in sequence order.</summary>
    public async Task<List<AuditStoredEntry>> EntriesAsync()
    {
        await using var store = new SqliteAuditStore(AuditPath);
        var list = new List<AuditStoredEntry>();
        await foreach (var e in store.ReadAllAsync())
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>GET with a bearer token (or none).</summary>
    public async Task<(int Status, JsonObject Body, HttpResponseMessage Response)> GetAsync(string path, string? token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var res = await Client.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        return ((int)res.StatusCode, (JsonObject)JsonNode.Parse(text)!, res);
    }

    /// <summary>Stops the gateway (the audit log is drained and closed).</summary>
    public async Task StopGatewayAsync()
    {
        if (_app is not null)
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopGatewayAsync();
        foreach (var c in Countries.Values)
        {
            await c.DisposeAsync();
        }

        Keys.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
