using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Adapters;
using Redtram.DemoData;
using Redtram.Gateway;

namespace Redtram.Adapters.Tests.EndToEnd;

/// <summary>The four demo countries, each its own adapter over its own database, behind the gateway; all over real HTTP.</summary>
public sealed class CrossCountryFixture : IAsyncLifetime
{
    private static readonly string[] Codes = ["pe", "cl", "br", "py"];

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "redtram-e2e-" + Guid.NewGuid().ToString("N"));

    public Dictionary<string, WebApplication> Adapters { get; } = new(StringComparer.Ordinal);

    public WebApplication Gateway { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
        }
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cc in Codes)
        {
            DemoDatabase.Create(cc, Path.Combine(DataDir, cc + ".db"), new DemoOptions { Persons = 300 });
            var adapter = AdapterApp.Build(new AdapterOptions
            {
                MappingPath = Path.Combine(Root, "adapters", "countries", cc, "mapping.yaml"),
                DataDir = DataDir,
                Urls = "http://127.0.0.1:0",
                AllowUngranted = true,
            });
            await adapter.StartAsync();
            Adapters[cc.ToUpperInvariant()] = adapter;
            endpoints[cc.ToUpperInvariant()] = AdapterApp.BaseUrl(adapter).TrimEnd('/') + "/graphql";
        }

        Gateway = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = Path.Combine(Root, "schema", "supergraph.graphql"),
            Urls = "http://127.0.0.1:0",
            Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = endpoints },
            PartitionTimeout = TimeSpan.FromSeconds(5),
        });
        await Gateway.StartAsync();
        var address = Gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task<JsonObject> QueryAsync(string query, JsonObject? variables = null)
    {
        var body = new JsonObject { ["query"] = query };
        if (variables is not null)
        {
            body["variables"] = variables;
        }

        using var res = await Client.PostAsJsonAsync("/graphql", body);
        return (JsonObject)JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Gateway.StopAsync();
        await Gateway.DisposeAsync();
        foreach (var a in Adapters.Values)
        {
            await a.StopAsync();
            await a.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }
}

public sealed class CrossCountrySearchTests(CrossCountryFixture fx) : IClassFixture<CrossCountryFixture>
{
    private const string Search = """
        query($name: String!, $countries: [CountryCode!]) {
          searchPersons(filter: { name: $name }, countries: $countries) {
            country totalCount hits { score reasons { kind } person { id nameAsRecorded sourceCountry } }
          }
        }
        """;

    private static List<string> Ids(JsonObject body) =>
        body["data"]!["searchPersons"]!.AsArray().SelectMany(p => p!["hits"]!.AsArray().Select(h => (string)h!["person"]!["id"]!)).ToList();

    [Fact]
    public async Task Finds_the_same_person_in_two_countries_under_variant_spellings()
    {
        var body = await fx.QueryAsync(Search, new JsonObject { ["name"] = "José Antonio Pérez Quispe" });
        Assert.Null(body["errors"]);
        var ids = Ids(body);
        Assert.Contains("PE:6", ids);
        Assert.Contains("CL:6", ids);
        var pages = body["data"]!["searchPersons"]!.AsArray();
        Assert.Equal(["PE", "CL", "BR", "PY"], pages.Select(p => (string)p!["country"]!));
        var cl = pages.Single(p => (string)p!["country"]! == "CL")!["hits"]!.AsArray().First(h => (string)h!["person"]!["id"]! == "CL:6")!;
        Assert.Equal("Jose Antonio Quispe Perez", (string?)cl["person"]!["nameAsRecorded"]);
        Assert.Equal("CL", (string?)cl["person"]!["sourceCountry"]);
        var countries = body["extensions"]!["countries"]!.AsArray();
        Assert.All(countries, c => Assert.Equal("OK", (string?)c!["status"]));
    }

    [Fact]
    public async Task The_countries_argument_limits_the_search_and_an_entity_is_fetched_from_its_owner()
    {
        var body = await fx.QueryAsync(Search, new JsonObject { ["name"] = "Rosa Mamani", ["countries"] = new JsonArray("CL") });
        Assert.Equal(["CL"], body["extensions"]!["countries"]!.AsArray().Select(c => (string)c!["country"]!));
        Assert.Contains("CL:7", Ids(body));

        var person = await fx.QueryAsync("""{ person(id: "PE:7") { id nameAsRecorded sourceCountry } }""");
        Assert.Equal("PE:7", (string?)person["data"]!["person"]!["id"]);
        Assert.Equal("PE", (string?)person["data"]!["person"]!["sourceCountry"]);
        Assert.Equal(["PE"], person["extensions"]!["countries"]!.AsArray().Select(c => (string)c!["country"]!));
    }

    [Fact]
    public async Task A_document_number_failing_its_check_digit_is_a_clear_error_from_its_country()
    {
        var body = await fx.QueryAsync("""
            { searchPersons(filter: { document: { number: "12.345.678-9", type: NATIONAL_ID, issuer: CL } }, countries: [CL]) { country totalCount } }
            """);
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal("BAD_USER_INPUT", (string?)error["extensions"]!["code"]);
        Assert.Equal("CL", (string?)error["extensions"]!["country"]);
        Assert.Contains("check digit", (string)error["message"]!, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("Perez'; DROP TABLE personas; --")]
    [InlineData("\") { __typename } #")]
    public async Task Injection_strings_have_no_effect(string text)
    {
        var body = await fx.QueryAsync(Search, new JsonObject { ["name"] = text });
        if (body["errors"] is JsonArray errors)
        {
            Assert.All(errors, e => Assert.Equal("BAD_USER_INPUT", (string?)e!["extensions"]!["code"]));
        }

        var after = await fx.QueryAsync(Search, new JsonObject { ["name"] = "José Antonio Pérez Quispe" });
        Assert.Contains("PE:6", Ids(after));
    }
}

/// <summary>A stopped adapter: its part is missing, the others answer, the response says which country failed.</summary>
public sealed class StoppedAdapterTests : IAsyncLifetime
{
    private readonly CrossCountryFixture _fx = new();

    public Task InitializeAsync() => _fx.InitializeAsync();

    public Task DisposeAsync() => _fx.DisposeAsync();

    [Fact]
    public async Task One_adapter_stopped_gives_partial_results_and_country_unavailable()
    {
        await _fx.Adapters["BR"].StopAsync();
        var body = await _fx.QueryAsync("""{ searchPersons(filter: { name: "Luis Gonzalez Benitez" }) { country totalCount hits { person { id } } } }""");
        var pages = body["data"]!["searchPersons"]!.AsArray();
        Assert.Equal(["PE", "CL", "PY"], pages.Select(p => (string)p!["country"]!));
        Assert.Contains(pages.Single(p => (string)p!["country"]! == "PY")!["hits"]!.AsArray(), h => ((string)h!["person"]!["id"]!).StartsWith("PY:", StringComparison.Ordinal));
        var error = Assert.Single(body["errors"]!.AsArray())!;
        Assert.Equal("COUNTRY_UNAVAILABLE", (string?)error["extensions"]!["code"]);
        Assert.Equal("BR", (string?)error["extensions"]!["country"]);
        var statuses = body["extensions"]!["countries"]!.AsArray().ToDictionary(c => (string)c!["country"]!, c => (string)c!["status"]!);
        Assert.Equal("UNAVAILABLE", statuses["BR"]);
        Assert.Equal("OK", statuses["PE"]);
        Assert.Equal("OK", statuses["PY"]);
    }
}
