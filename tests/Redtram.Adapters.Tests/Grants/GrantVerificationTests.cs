using System.Net;
using Redtram.Adapters.Access;
using Redtram.Adapters.Tests.EndToEnd;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>The adapter's door: no valid grant for this country, no data. Real Kestrel adapters over HTTP.</summary>
[Collection("granted countries")]
public class GrantVerificationTests(GrantedCountries countries)
{
    private const string Query = """{ searchPersons(filter: {name: "Jose Perez Quispe"}) { totalCount } }""";

    private static void AssertRejected(HttpStatusCode expectedStatus, string code, string reason, string message, (HttpStatusCode Status, System.Text.Json.Nodes.JsonObject Body) response)
    {
        Assert.Equal(expectedStatus, response.Status);
        Assert.Equal(
            $$$"""{"errors":[{"message":"{{{message}}}","extensions":{"code":"{{{code}}}","reason":"{{{reason}}}"}}]}""",
            response.Body.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    [Fact]
    public async Task No_grant_is_401_without_data()
    {
        AssertRejected(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "MISSING", "a signed Redtram-Grant header from the gateway is required",
            await countries.PostAsync("PE", null, Query));
        using var get = await countries.Hosts["PE"].Http.GetAsync("/graphql?query=" + Uri.EscapeDataString(Query));
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.Equal("Redtram-Grant error=\"MISSING\"", get.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Health_stays_open()
    {
        using var health = await countries.Hosts["PE"].Http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Valid_grant_is_served()
    {
        var r = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Summary), Query);
        Assert.Null(r["errors"]);
        Assert.Equal(1, r["data"]!["searchPersons"]![0]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Forged_grant_is_rejected()
    {
        using var forger = GrantKeys.CreateP256();
        var forged = new GrantSigner(forger, GrantedCountries.KeyId).Sign(GrantedCountries.Grant("PE", "CL", AccessLevel.Restricted));
        AssertRejected(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "BAD_SIGNATURE", "the grant signature is invalid",
            await countries.PostAsync("PE", forged, Query));
        var unknownKid = new GrantSigner(forger, "gw-other").Sign(GrantedCountries.Grant("PE", "CL", AccessLevel.Restricted));
        AssertRejected(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "UNKNOWN_KEY", "the grant is signed with a key this adapter does not trust",
            await countries.PostAsync("PE", unknownKid, Query));
        AssertRejected(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "MALFORMED", "the Redtram-Grant header is not a grant token (compact JWS, typ redtram-grant+jwt)",
            await countries.PostAsync("PE", "Bearer abc.def.ghi", Query));
    }

    [Fact]
    public async Task Expired_grant_is_rejected()
    {
        var expired = countries.Sign(GrantedCountries.Grant("PE", "CL", AccessLevel.Full, age: TimeSpan.FromMinutes(3)));
        AssertRejected(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "EXPIRED", "the grant has expired", await countries.PostAsync("PE", expired, Query));
    }

    [Fact]
    public async Task Grant_for_another_country_is_403()
    {
        var forPy = countries.Sign(GrantedCountries.Grant("PY", "CL", AccessLevel.Restricted));
        AssertRejected(HttpStatusCode.Forbidden, "FORBIDDEN", "WRONG_AUDIENCE", "the grant is for another country", await countries.PostAsync("PE", forPy, Query));
        // The same token is fine where it belongs.
        var (status, _) = await countries.PostAsync("PY", forPy, """{ searchPersons(filter: {name: "Lucia"}) { totalCount } }""");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Without_keys_the_adapter_refuses_to_start_unless_allowed_ungranted()
    {
        var e = Assert.Throws<AdapterConfigurationException>(() => AdapterApp.Build(new AdapterOptions
        {
            MappingPath = Path.Combine(DemoCountries.RepoRoot(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = countries.DataDir,
            Urls = "http://127.0.0.1:0",
            BuildIndexAtStartup = false,
        }));
        Assert.StartsWith("no grant keys for PE: give the gateway's public keys (--grant-keys <jwks file> or grants.keys in the mapping)", e.Message);

        // Ungranted (development): served as the home country at RESTRICTED, no header needed.
        await using var open = await AdapterHost.StartAsync(new AdapterOptions
        {
            MappingPath = Path.Combine(DemoCountries.RepoRoot(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = countries.DataDir,
            IndexPath = Path.Combine(countries.DataDir, "pe-open.redtram-index.sqlite"),
        });
        var data = await open.DataAsync(Query);
        Assert.Equal(1, data["searchPersons"]![0]!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Unreadable_key_set_is_a_configuration_error()
    {
        var e = Assert.Throws<AdapterConfigurationException>(() => AdapterApp.Build(new AdapterOptions
        {
            MappingPath = Path.Combine(DemoCountries.RepoRoot(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = countries.DataDir,
            GrantKeysPath = Path.Combine(countries.DataDir, "missing-keys.json"),
            BuildIndexAtStartup = false,
        }));
        Assert.StartsWith("grant key set '", e.Message);
        await Task.CompletedTask;
    }
}
