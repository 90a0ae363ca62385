using System.Net;
using System.Text.Json.Nodes;
using Redtram.Federation.Composition;
using Redtram.Gateway.Tests.Http;

namespace Redtram.Gateway.Tests.Partitions;

/// <summary>
/// One subgraph served by one endpoint per country (architecture §3): searches fan out in parallel and concatenate,
/// entity fetches are grouped by the country in the key, a failing country never fails the others.
/// </summary>
public sealed class PartitionedSubgraphTests : IAsyncLifetime
{
    private const string National = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query {
          searchPersons(name: String!, countries: [String!]): [Person!]!
          person(id: ID!): Person
        }
        type Person @key(fields: "id") { id: ID! name: String }
        """;

    private const string Registry = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { watchlist: [Person!]! }
        type Person @key(fields: "id") { id: ID! flagged: Boolean! }
        """;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-partitions-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, ScriptedSubgraph> _countries = new(StringComparer.Ordinal);
    private ScriptedSubgraph _registry = null!;
    private string _supergraph = "";

    /// <summary>Set by a test to make every country wait until all of them are in flight (proves the fan-out is parallel).</summary>
    private CountdownEvent? _barrier;

    private readonly HashSet<string> _slow = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var result = Composer.Compose([new SubgraphSource("national", "http://national.invalid/graphql", National), new SubgraphSource("registry", "http://registry.invalid/graphql", Registry)]);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        _supergraph = Path.Combine(_dir, "supergraph.graphql");
        File.WriteAllText(_supergraph, result.SupergraphSdl);

        foreach (var cc in new[] { "PE", "CL", "BR" })
        {
            var country = cc;
            _countries[cc] = await ScriptedSubgraph.StartAsync(request => Answer(country, request));
        }

        _registry = await ScriptedSubgraph.StartAsync(_ => ScriptedSubgraph.Json("""
            {"data":{"watchlist":[
              {"__typename":"Person","id":"CL:7","flagged":true},
              {"__typename":"Person","id":"PE:1","flagged":false},
              {"__typename":"Person","id":"CL:8","flagged":true},
              {"__typename":"Person","id":"AR:5","flagged":true}]}}
            """));
    }

    private async Task<(int, string, string)> Answer(string country, JsonObject request)
    {
        if (_barrier is { } barrier)
        {
            barrier.Signal();
            if (!barrier.Wait(TimeSpan.FromSeconds(10)))
            {
                return (500, "text/plain", "not all countries were asked at once");
            }
        }

        if (_slow.Contains(country))
        {
            await Task.Delay(2000);
        }

        var query = (string)request["query"]!;
        if (query.Contains("_entities", StringComparison.Ordinal))
        {
            var result = new JsonArray();
            foreach (var rep in (JsonArray)request["variables"]!["representations"]!)
            {
                var id = (string)rep!["id"]!;
                result.Add(id.StartsWith(country + ":", StringComparison.Ordinal) ? new JsonObject { ["name"] = $"{country} person {id}" } : null);
            }

            return await ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["_entities"] = result } }.ToJsonString());
        }

        var people = new JsonArray(
            new JsonObject { ["id"] = country + ":1", ["name"] = "Ana " + country },
            new JsonObject { ["id"] = country + ":2", ["name"] = "Rosa " + country });
        return await ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["searchPersons"] = people } }.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _countries.Values)
        {
            await s.DisposeAsync();
        }

        await _registry.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<RunningGateway> StartGatewayAsync(IReadOnlyDictionary<string, string>? countries = null, TimeSpan? timeout = null)
    {
        var map = countries ?? _countries.ToDictionary(c => c.Key, c => c.Value.Url);
        return await RunningGateway.StartAsync(_supergraph, new Dictionary<string, string> { ["registry"] = _registry.Url }, partitions: new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = map }, partitionTimeout: timeout);
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), "expected " + expected + "\nactual   " + actual?.ToJsonString());

    [Fact]
    public async Task A_search_fans_out_to_every_country_in_parallel_and_concatenates()
    {
        await using var gw = await StartGatewayAsync();
        _barrier = new CountdownEvent(3);
        var (status, _, body) = await gw.PostAsync("""{"query":"{ searchPersons(name: \"ana\") { id name } }"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson("""
            [{"id":"PE:1","name":"Ana PE"},{"id":"PE:2","name":"Rosa PE"},
             {"id":"CL:1","name":"Ana CL"},{"id":"CL:2","name":"Rosa CL"},
             {"id":"BR:1","name":"Ana BR"},{"id":"BR:2","name":"Rosa BR"}]
            """, body["data"]!["searchPersons"]);
        Assert.Null(body["errors"]);
        var countries = body["extensions"]!["countries"]!.AsArray();
        Assert.Equal(["PE", "CL", "BR"], countries.Select(c => (string)c!["country"]!));
        Assert.All(countries, c => Assert.Equal("OK", (string?)c!["status"]));
        Assert.All(countries, c => Assert.Equal(2, (int)c!["records"]!));
    }

    [Fact]
    public async Task The_countries_argument_limits_the_fan_out()
    {
        await using var gw = await StartGatewayAsync();
        var (_, _, body) = await gw.PostAsync("""{"query":"query($c: [String!]) { searchPersons(name: \"ana\", countries: $c) { id } }","variables":{"c":["CL","BR"]}}""");
        AssertJson("""[{"id":"CL:1"},{"id":"CL:2"},{"id":"BR:1"},{"id":"BR:2"}]""", body["data"]!["searchPersons"]);
        Assert.Equal(0, _countries["PE"].Requests);
        Assert.Equal(["CL", "BR"], body["extensions"]!["countries"]!.AsArray().Select(c => (string)c!["country"]!));
    }

    [Fact]
    public async Task A_lookup_by_id_goes_to_the_owner_only()
    {
        await using var gw = await StartGatewayAsync();
        var (_, _, body) = await gw.PostAsync("""{"query":"{ person(id: \"BR:9\") { id } }"}""");
        Assert.Equal(1, _countries["BR"].Requests);
        Assert.Equal(0, _countries["PE"].Requests + _countries["CL"].Requests);
        Assert.Equal("BR", (string?)body["extensions"]!["countries"]![0]!["country"]);
    }

    [Fact]
    public async Task Entity_fetches_are_grouped_by_the_country_in_the_key_and_put_back_in_order()
    {
        await using var gw = await StartGatewayAsync();
        var (_, _, body) = await gw.PostAsync("""{"query":"{ watchlist { id flagged name } }"}""");
        Assert.True(body["data"] is not null, body.ToJsonString());
        AssertJson("""
            [{"id":"CL:7","flagged":true,"name":"CL person CL:7"},
             {"id":"PE:1","flagged":false,"name":"PE person PE:1"},
             {"id":"CL:8","flagged":true,"name":"CL person CL:8"},
             {"id":"AR:5","flagged":true,"name":null}]
            """, body["data"]!["watchlist"]);
        Assert.Equal(1, _countries["CL"].Requests);
        AssertJson("""[{"__typename":"Person","id":"CL:7"},{"__typename":"Person","id":"CL:8"}]""", _countries["CL"].LastRequest!["variables"]!["representations"]);
        AssertJson("""[{"__typename":"Person","id":"PE:1"}]""", _countries["PE"].LastRequest!["variables"]!["representations"]);
        Assert.Equal(0, _countries["BR"].Requests);
        var error = Assert.Single(body["errors"]!.AsArray());
        Assert.Equal("COUNTRY_UNAVAILABLE", (string?)error!["extensions"]!["code"]);
        Assert.Equal("AR", (string?)error["extensions"]!["country"]);
        AssertJson("""["watchlist",3]""", error["path"]);
    }

    [Fact]
    public async Task A_country_that_is_down_or_slow_never_fails_the_others()
    {
        var map = _countries.ToDictionary(c => c.Key, c => c.Value.Url);
        map["CL"] = "http://127.0.0.1:1/graphql";
        _slow.Add("BR");
        await using var gw = await StartGatewayAsync(map, TimeSpan.FromMilliseconds(500));
        var (status, _, body) = await gw.PostAsync("""{"query":"{ searchPersons(name: \"ana\") { id } }"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        AssertJson("""[{"id":"PE:1"},{"id":"PE:2"}]""", body["data"]!["searchPersons"]);
        var errors = body["errors"]!.AsArray().OrderBy(e => (string)e!["extensions"]!["country"]!, StringComparer.Ordinal).ToList();
        Assert.Equal(["BR", "CL"], errors.Select(e => (string)e!["extensions"]!["country"]!));
        Assert.All(errors, e => Assert.Equal("COUNTRY_UNAVAILABLE", (string?)e!["extensions"]!["code"]));
        var statuses = body["extensions"]!["countries"]!.AsArray().ToDictionary(c => (string)c!["country"]!, c => (string)c!["status"]!);
        Assert.Equal("OK", statuses["PE"]);
        Assert.Equal("UNAVAILABLE", statuses["CL"]);
        Assert.Equal("TIMEOUT", statuses["BR"]);
    }
}
