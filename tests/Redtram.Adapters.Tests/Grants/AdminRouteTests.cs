using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Adapters.Search;
using Redtram.Adapters.Tests.EndToEnd;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>
/// /admin routes belong to the owner's own operators: with grant keys, a valid grant for the adapter's country whose
/// requester is that country, with role admin or integrator; without keys (--allow-ungranted), loopback clients only.
/// Real Kestrel adapters over HTTP; "nothing done" is checked on the index's build counter.
/// </summary>
[Collection("granted countries")]
public class AdminRouteTests(GrantedCountries countries)
{
    private static AccessGrant Grant(string owner, string requester, params string[] roles)
    {
        var now = DateTimeOffset.UtcNow;
        return new AccessGrant(owner, requester, roles, "DATA_PROTECTION_REVIEW", requester + ":admin", AccessLevel.Restricted, AccessLevel.Restricted,
            [], [], "u-admin", now, now + AccessGrant.DefaultLifetime);
    }

    private static async Task<(HttpStatusCode Status, string Body, string? WwwAuthenticate)> SendAsync(HttpClient http, HttpMethod method, string path, string? grant)
    {
        using var request = new HttpRequestMessage(method, path);
        if (grant is not null)
            request.Headers.TryAddWithoutValidation(AccessGrant.HeaderName, grant);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.WwwAuthenticate.ToString() is { Length: > 0 } w ? w : null);
    }

    private static string Error(string code, string reason, string message) =>
        $$$"""{"errors":[{"message":"{{{message}}}","extensions":{"code":"{{{code}}}","reason":"{{{reason}}}"}}]}""";

    private static SearchIndex Index(AdapterHost host) => host.Services.GetRequiredService<SearchIndex>();

    private async Task AssertRefusedAsync(HttpStatusCode status, string expectedBody, string? grant, HttpMethod? method = null, string path = "/admin/reindex")
    {
        var host = countries.Hosts["PE"];
        var builds = Index(host).Builds;
        var (actualStatus, body, _) = await SendAsync(host.Http, method ?? HttpMethod.Post, path, grant);
        Assert.Equal(status, actualStatus);
        Assert.Equal(expectedBody, body);
        Assert.Equal(builds, Index(host).Builds);
    }

    [Fact]
    public async Task Reindex_without_a_grant_is_401_and_rebuilds_nothing()
    {
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "MISSING", "a signed Redtram-Grant header from the gateway is required"), null);
        var (_, _, www) = await SendAsync(countries.Hosts["PE"].Http, HttpMethod.Post, "/admin/reindex", null);
        Assert.Equal("Redtram-Grant error=\"MISSING\"", www);
        // Any method, any /admin route: the door comes before 405 and 404.
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "MISSING", "a signed Redtram-Grant header from the gateway is required"), null, HttpMethod.Get);
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "MISSING", "a signed Redtram-Grant header from the gateway is required"), null, path: "/admin/anything");
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "MISSING", "a signed Redtram-Grant header from the gateway is required"), null, path: "/ADMIN/reindex");
    }

    [Fact]
    public async Task Invalid_grants_are_refused()
    {
        using var forger = GrantKeys.CreateP256();
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "BAD_SIGNATURE", "the grant signature is invalid"),
            new GrantSigner(forger, GrantedCountries.KeyId).Sign(Grant("PE", "PE", "admin")));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        var expired = Grant("PE", "PE", "admin") with { IssuedAt = now, ExpiresAt = now + AccessGrant.DefaultLifetime };
        await AssertRefusedAsync(HttpStatusCode.Unauthorized, Error("UNAUTHENTICATED", "EXPIRED", "the grant has expired"), countries.Sign(expired));
        // A grant for Paraguay's adapter, even to a Paraguayan admin.
        await AssertRefusedAsync(HttpStatusCode.Forbidden, Error("FORBIDDEN", "WRONG_AUDIENCE", "the grant is for another country"),
            countries.Sign(Grant("PY", "PY", "admin")));
    }

    [Fact]
    public async Task Another_country_or_another_role_is_403()
    {
        // Chile's admin, with a valid grant on Peru's data: not Peru's operator.
        await AssertRefusedAsync(HttpStatusCode.Forbidden,
            Error("FORBIDDEN", "NOT_OWNER_COUNTRY", "the /admin routes of the PE adapter are for PE's own operators; this grant's requester is of another country"),
            countries.Sign(Grant("PE", "CL", "admin", "integrator")));
        // Peru's own prosecutor (and analyst, data-protection officer): not an operator.
        await AssertRefusedAsync(HttpStatusCode.Forbidden, Error("FORBIDDEN", "ROLE_REQUIRED", "the /admin routes need a grant with the role admin or integrator"),
            countries.Sign(Grant("PE", "PE", "prosecutor", "analyst", "data-protection-officer")));
        await AssertRefusedAsync(HttpStatusCode.Forbidden, Error("FORBIDDEN", "ROLE_REQUIRED", "the /admin routes need a grant with the role admin or integrator"),
            countries.Sign(Grant("PE", "PE")));
        // Role names are exact.
        await AssertRefusedAsync(HttpStatusCode.Forbidden, Error("FORBIDDEN", "ROLE_REQUIRED", "the /admin routes need a grant with the role admin or integrator"),
            countries.Sign(Grant("PE", "PE", "Admin")));
    }

    [Fact]
    public async Task Own_admin_or_integrator_rebuilds_the_index()
    {
        var host = countries.Hosts["PE"];
        foreach (var role in new[] { "admin", "integrator" })
        {
            var before = Index(host).Builds;
            var (status, body, _) = await SendAsync(host.Http, HttpMethod.Post, "/admin/reindex", countries.Sign(Grant("PE", "PE", "prosecutor", role)));
            Assert.Equal(HttpStatusCode.OK, status);
            var json = JsonNode.Parse(body)!;
            Assert.Equal("ok", json["status"]!.GetValue<string>());
            Assert.Equal(Index(host).PersonCount, json["persons"]!.GetValue<int>());
            Assert.Equal(300, Index(host).PersonCount);
            Assert.Equal(before + 1, Index(host).Builds);
        }
        // Searches go on over the rebuilt index.
        var r = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Summary), """{ searchPersons(filter: {name: "Jose Perez Quispe"}) { totalCount } }""");
        Assert.Equal("""{"data":{"searchPersons":[{"totalCount":1}]}}""", r.ToJsonString());
        // A granted operator is past the door; an unknown route is then 404, a wrong method 405.
        var (missing, _, _) = await SendAsync(host.Http, HttpMethod.Post, "/admin/anything", countries.Sign(Grant("PE", "PE", "admin")));
        Assert.Equal(HttpStatusCode.NotFound, missing);
        var (get, _, _) = await SendAsync(host.Http, HttpMethod.Get, "/admin/reindex", countries.Sign(Grant("PE", "PE", "admin")));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get);
    }

    /// <summary>An IPv4 address of this machine other than loopback, or null when it has none.</summary>
    private static IPAddress? NonLoopbackAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    [Fact]
    public async Task Ungranted_adapter_serves_admin_routes_to_loopback_clients_only()
    {
        // Listening on every interface, as a careless development start might.
        var app = AdapterApp.Build(new AdapterOptions
        {
            MappingPath = Path.Combine(DemoCountries.RepoRoot(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = countries.DataDir,
            IndexPath = Path.Combine(countries.DataDir, "pe-admin-open.redtram-index.sqlite"),
            StatePath = Path.Combine(countries.DataDir, "pe-admin-open.redtram-adapter.sqlite"),
            Urls = "http://0.0.0.0:0",
            AllowUngranted = true,
        });
        await app.StartAsync();
        try
        {
            var port = new Uri(AdapterApp.BaseUrl(app)).Port;
            var index = app.Services.GetRequiredService<SearchIndex>();
            using (var local = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") })
            {
                var before = index.Builds;
                var (status, _, _) = await SendAsync(local, HttpMethod.Post, "/admin/reindex", null);
                Assert.Equal(HttpStatusCode.OK, status);
                Assert.Equal(before + 1, index.Builds);
            }

            var address = NonLoopbackAddress();
            Assert.True(address is not null, "the test needs a non-loopback IPv4 address on this machine");
            using var remote = new HttpClient { BaseAddress = new Uri($"http://{address}:{port}") };
            foreach (var forwarded in new[] { false, true })
            {
                var builds = index.Builds;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/reindex");
                if (forwarded)
                    request.Headers.Add("X-Forwarded-For", "127.0.0.1");
                using var response = await remote.SendAsync(request);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Equal(Error("FORBIDDEN", "NOT_LOOPBACK", "the /admin routes of an adapter without grant keys (--allow-ungranted) answer only on the loopback interface"),
                    await response.Content.ReadAsStringAsync());
                Assert.Equal(builds, index.Builds);
            }
            // The rest of the adapter is unchanged: health answers anyone.
            using var health = await remote.GetAsync("/health");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void Loopback_addresses()
    {
        Assert.True(Access.AdminGate.IsLoopback(IPAddress.Loopback));
        Assert.True(Access.AdminGate.IsLoopback(IPAddress.Parse("127.8.9.10")));
        Assert.True(Access.AdminGate.IsLoopback(IPAddress.IPv6Loopback));
        Assert.True(Access.AdminGate.IsLoopback(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.False(Access.AdminGate.IsLoopback(IPAddress.Parse("192.0.2.7")));
        Assert.False(Access.AdminGate.IsLoopback(IPAddress.Parse("::ffff:192.0.2.7")));
        Assert.False(Access.AdminGate.IsLoopback(IPAddress.IPv6Any));
        Assert.False(Access.AdminGate.IsLoopback(null));
    }
}
