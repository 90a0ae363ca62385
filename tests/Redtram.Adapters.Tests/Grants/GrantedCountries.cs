using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Redtram.Adapters.Tests.EndToEnd;
using Redtram.DemoData;

namespace Redtram.Adapters.Tests.Grants;

[CollectionDefinition("granted countries")]
public class GrantedCountriesCollection : ICollectionFixture<GrantedCountries>;

/// <summary>
/// Peru and Paraguay demo databases (SQLite, 300 generated persons each plus the seed story), each served by its own adapter
/// on 127.0.0.1:0 that requires grants signed by the fixture's "gateway" key (kid gw-test).
/// </summary>
public sealed class GrantedCountries : IAsyncLifetime
{
    public const string KeyId = "gw-test";
    public ECDsa GatewayKey { get; } = GrantKeys.CreateP256();
    public GrantSigner Signer { get; }
    public Dictionary<string, AdapterHost> Hosts { get; } = [];
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "redtram-granted-" + Guid.NewGuid().ToString("N")[..8]);
    public string JwksPath => Path.Combine(DataDir, "gateway-grant-keys.json");

    public GrantedCountries() => Signer = new GrantSigner(GatewayKey, KeyId);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        await File.WriteAllTextAsync(JwksPath, GrantKeys.ToJwks([(KeyId, GatewayKey)]));
        await Task.WhenAll(new[] { "pe", "py" }.Select(cc => Task.Run(async () =>
        {
            DemoDatabase.Create(cc, Path.Combine(DataDir, cc + ".db"), new DemoOptions { Persons = 300 });
            var host = await AdapterHost.StartAsync(new AdapterOptions
            {
                MappingPath = Path.Combine(DemoCountries.RepoRoot(), "adapters", "countries", cc, "mapping.yaml"),
                DataDir = DataDir,
                // Peru reads its keys from the JWKS file (as --grant-keys does), Paraguay gets them in-process.
                GrantKeysPath = cc == "pe" ? JwksPath : null,
                GrantKeys = cc == "py" ? GrantKeys.LoadJwks(JwksPath) : null,
            });
            lock (Hosts)
                Hosts[cc.ToUpperInvariant()] = host;
        })));
    }

    public async Task DisposeAsync()
    {
        foreach (var h in Hosts.Values)
            await h.DisposeAsync();
        GatewayKey.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>A grant of <paramref name="owner"/>'s data to a requester of <paramref name="requester"/>, valid now.</summary>
    public static AccessGrant Grant(string owner, string requester, AccessLevel level, AccessLevel? outside = null, string[]? jitCases = null,
        string caseRef = "CL:2025-0107", string purpose = "CRIMINAL_INVESTIGATION", TimeSpan? age = null)
    {
        var iat = DateTimeOffset.UtcNow - (age ?? TimeSpan.Zero);
        return new AccessGrant(owner, requester, ["prosecutor"], purpose, caseRef, level, outside ?? level,
            jitCases is { Length: > 0 } ? ["JIT-TEST-01"] : [], jitCases ?? [], "u-test-" + requester.ToLowerInvariant(), iat, iat + AccessGrant.DefaultLifetime);
    }

    public string Sign(AccessGrant grant) => Signer.Sign(grant);

    /// <summary>POST /graphql to a country's adapter with the given grant header (none when null).</summary>
    public async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string country, string? grantHeader, string query, object? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (grantHeader is not null)
            request.Headers.TryAddWithoutValidation(AccessGrant.HeaderName, grantHeader);
        using var response = await Hosts[country].Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>The response of a query under a grant (HTTP 200 expected).</summary>
    public async Task<JsonObject> QueryAsync(string country, AccessGrant grant, string query, object? variables = null)
    {
        var (status, body) = await PostAsync(country, Sign(grant), query, variables);
        Assert.True(status == HttpStatusCode.OK, $"HTTP {(int)status}: {body.ToJsonString()}");
        return body;
    }
}
