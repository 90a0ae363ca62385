using System.Text.Json.Nodes;
using Redtram.Federation.Composition;
using Redtram.Federation.Execution;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;
using Redtram.Gateway.Tests.Http;

namespace Redtram.Gateway.Tests.Partitions;

/// <summary>
/// Per-country specialisation of fetches (architecture §4): fields above a country's grant are removed from the
/// operation sent to that country and come back null with ACCESS_DENIED naming field, country and level; a country
/// the request may see nothing of is not asked at all. Real HTTP subgraphs; the engine is driven directly.
/// </summary>
public sealed class AccessSpecialisationTests : IAsyncLifetime
{
    private const string National = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query {
          searchPersons(name: String!, countries: [String!]): [Page!]!
          person(id: ID!): Person
        }
        type Page { country: String! total: Int! hits: [Person!] }
        type Person @key(fields: "id") { id: ID! name: String aliases: [String!] secret: String }
        """;

    private const string Registry = """
        extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
        type Query { watchlist: [Person!]! }
        type Person @key(fields: "id") { id: ID! flagged: Boolean! }
        """;

    // The ladder of the test: HIT < SUMMARY < FULL < RESTRICTED.
    private static readonly string[] Ladder = ["NONE", "HIT", "SUMMARY", "FULL", "RESTRICTED"];

    private static readonly Dictionary<string, string> Required = new(StringComparer.Ordinal)
    {
        ["Query.searchPersons"] = "HIT",
        ["Query.person"] = "SUMMARY",
        ["Page.country"] = "HIT",
        ["Page.total"] = "HIT",
        ["Page.hits"] = "SUMMARY",
        ["Person.id"] = "SUMMARY",
        ["Person.name"] = "SUMMARY",
        ["Person.aliases"] = "FULL",
        ["Person.secret"] = "RESTRICTED",
    };

    private static readonly Dictionary<string, FieldRule> Rules = Ladder.ToDictionary(l => l, l => new FieldRule(l, (type, field) =>
    {
        var needed = Required.TryGetValue(type + "." + field, out var r) ? r : "RESTRICTED";
        return Array.IndexOf(Ladder, needed) > Array.IndexOf(Ladder, l) ? needed : null;
    }));

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-access-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, ScriptedSubgraph> _countries = new(StringComparer.Ordinal);
    private ScriptedSubgraph _registry = null!;
    private FederationGateway _engine = null!;
    private HttpSubgraphClient _client = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var result = Composer.Compose([new SubgraphSource("national", "http://national.invalid/graphql", National), new SubgraphSource("registry", "http://registry.invalid/graphql", Registry)]);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        foreach (var cc in new[] { "PE", "CL", "BR" })
        {
            var country = cc;
            _countries[cc] = await ScriptedSubgraph.StartAsync(request => Answer(country, request));
        }

        _registry = await ScriptedSubgraph.StartAsync(_ => ScriptedSubgraph.Json("""
            {"data":{"watchlist":[
              {"__typename":"Person","id":"PE:1","flagged":true},
              {"__typename":"Person","id":"CL:7","flagged":false},
              {"__typename":"Person","id":"BR:3","flagged":true}]}}
            """));
        var urls = new Dictionary<string, Uri> { ["registry"] = new(_registry.Url) };
        foreach (var (cc, s) in _countries)
        {
            urls[PartitionMap.Target("national", cc)] = new Uri(s.Url);
        }

        _client = new HttpSubgraphClient(urls, TimeSpan.FromSeconds(10));
        _engine = new FederationGateway(SupergraphLoader.Load(result.SupergraphSdl!), _client, new EngineOptions
        {
            Partitions = new PartitionMap(new Dictionary<string, IReadOnlyList<string>> { ["national"] = ["PE", "CL", "BR"] }),
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var s in _countries.Values)
        {
            await s.DisposeAsync();
        }

        await _registry.DisposeAsync();
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Every country answers with everything it has, whatever it was asked: the gateway must not pass on what it did not ask for.</summary>
    private static Task<(int, string, string)> Answer(string country, JsonObject request)
    {
        JsonObject Person(string id) => new() { ["__typename"] = "Person", ["id"] = id, ["name"] = "Name " + id, ["aliases"] = new JsonArray("alias " + id), ["secret"] = "secret " + id };
        var query = (string)request["query"]!;
        if (query.Contains("_entities", StringComparison.Ordinal))
        {
            var list = new JsonArray();
            foreach (var rep in (JsonArray)request["variables"]!["representations"]!)
            {
                list.Add(Person((string)rep!["id"]!));
            }

            return ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["_entities"] = list } }.ToJsonString());
        }

        if (query.Contains("person(", StringComparison.Ordinal))
        {
            return ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["person"] = Person(country + ":1") } }.ToJsonString());
        }

        var page = new JsonObject { ["country"] = country, ["total"] = 2, ["hits"] = new JsonArray(Person(country + ":1"), Person(country + ":2")) };
        return ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["searchPersons"] = new JsonArray(page) } }.ToJsonString());
    }

    private sealed class Scope(IReadOnlyDictionary<string, string> levels) : IAccessScope
    {
        public CountryAccess? For(string subgraph, string country) =>
            new(Rules[levels.TryGetValue(country, out var l) ? l : "NONE"], [new("Redtram-Grant", "grant-for-" + country)]);
    }

    private static readonly Scope PeFullClHitBrNone = new(new Dictionary<string, string> { ["PE"] = "FULL", ["CL"] = "HIT", ["BR"] = "NONE" });

    private async Task<JsonObject> RunAsync(string query, IAccessScope? scope, JsonObject? variables = null)
    {
        var result = await _engine.ExecuteAsync(new GraphQLRequest { Query = query, Variables = variables }, scope);
        return JsonNode.Parse(result.ToString())!.AsObject();
    }

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), "expected " + expected + "\nactual   " + actual?.ToJsonString());

    private static JsonObject Error(JsonObject body, string country, string field) =>
        body["errors"]!.AsArray().Single(e => (string?)e!["extensions"]!["country"] == country && (string?)e["extensions"]!["field"] == field)!.AsObject();

    [Fact]
    public async Task Each_country_gets_only_the_fields_of_its_grant_and_the_rest_is_null_with_ACCESS_DENIED()
    {
        var body = await RunAsync("{ searchPersons(name: \"ana\") { country total hits { id name aliases secret } } }", PeFullClHitBrNone);

        // What each country was asked.
        var pe = (string)_countries["PE"].LastRequest!["query"]!;
        Assert.Contains("aliases", pe, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", pe, StringComparison.Ordinal);
        Assert.Equal("query { searchPersons(name: \"ana\") { country total } }", (string)_countries["CL"].LastRequest!["query"]!);
        Assert.Equal(0, _countries["BR"].Requests);
        Assert.Equal("grant-for-PE", _countries["PE"].LastHeaders["Redtram-Grant"]);
        Assert.Equal("grant-for-CL", _countries["CL"].LastHeaders["Redtram-Grant"]);

        AssertJson("""
            [{"country":"PE","total":2,"hits":[
               {"id":"PE:1","name":"Name PE:1","aliases":["alias PE:1"],"secret":null},
               {"id":"PE:2","name":"Name PE:2","aliases":["alias PE:2"],"secret":null}]},
             {"country":"CL","total":2,"hits":null}]
            """, body["data"]!["searchPersons"]);

        Assert.Equal(3, body["errors"]!.AsArray().Count);
        AssertJson("""
            {"message":"Person.secret of PE needs access level RESTRICTED; this request has FULL.","path":["searchPersons",0,"hits",0,"secret"],
             "extensions":{"code":"ACCESS_DENIED","field":"Person.secret","country":"PE","level":"RESTRICTED","granted":"FULL","serviceName":"national","count":2}}
            """, Error(body, "PE", "Person.secret"));
        AssertJson("""
            {"message":"Page.hits of CL needs access level SUMMARY; this request has HIT.","path":["searchPersons",1,"hits"],
             "extensions":{"code":"ACCESS_DENIED","field":"Page.hits","country":"CL","level":"SUMMARY","granted":"HIT","serviceName":"national"}}
            """, Error(body, "CL", "Page.hits"));
        // NONE: nothing about BR's records, not even a page; the error has no path (other countries filled the list).
        AssertJson("""
            {"message":"Query.searchPersons of BR needs access level HIT; this request has NONE.",
             "extensions":{"code":"ACCESS_DENIED","field":"Query.searchPersons","country":"BR","level":"HIT","granted":"NONE","serviceName":"national"}}
            """, Error(body, "BR", "Query.searchPersons"));

        AssertJson("""
            [{"country":"PE","status":"OK","level":"FULL","records":1},
             {"country":"CL","status":"OK","level":"HIT","records":1},
             {"country":"BR","status":"DENIED","level":"NONE","records":0}]
            """, new JsonArray(body["extensions"]!["countries"]!.AsArray().Select(c => (JsonNode)new JsonObject
            {
                ["country"] = c!["country"]!.DeepClone(), ["status"] = c["status"]!.DeepClone(), ["level"] = c["level"]!.DeepClone(), ["records"] = c["records"]!.DeepClone(),
            }).ToArray()));
    }

    [Fact]
    public async Task A_lookup_above_the_grant_is_not_sent_and_answers_null_the_same_whether_or_not_the_record_exists()
    {
        var body = await RunAsync("{ person(id: \"CL:1\") { id name } }", PeFullClHitBrNone);
        Assert.Equal(0, _countries["CL"].Requests);
        AssertJson("""{"person":null}""", body["data"]);
        AssertJson("""
            [{"message":"Query.person of CL needs access level SUMMARY; this request has HIT.","path":["person"],
              "extensions":{"code":"ACCESS_DENIED","field":"Query.person","country":"CL","level":"SUMMARY","granted":"HIT","serviceName":"national"}}]
            """, body["errors"]);
        Assert.Equal("DENIED", (string?)body["extensions"]!["countries"]![0]!["status"]);
    }

    [Fact]
    public async Task Entity_fetches_are_specialised_per_owner_country_and_a_country_with_nothing_left_is_not_asked()
    {
        var body = await RunAsync("{ watchlist { id flagged name aliases } }", PeFullClHitBrNone);
        AssertJson("""
            [{"id":"PE:1","flagged":true,"name":"Name PE:1","aliases":["alias PE:1"]},
             {"id":"CL:7","flagged":false,"name":null,"aliases":null},
             {"id":"BR:3","flagged":true,"name":null,"aliases":null}]
            """, body["data"]!["watchlist"]);
        Assert.Equal(1, _countries["PE"].Requests);
        Assert.Equal(0, _countries["CL"].Requests + _countries["BR"].Requests);
        AssertJson("""["watchlist",1,"name"]""", Error(body, "CL", "Person.name")["path"]);
        AssertJson("""["watchlist",1,"aliases"]""", Error(body, "CL", "Person.aliases")["path"]);
        Assert.Equal("SUMMARY", (string?)Error(body, "BR", "Person.name")["extensions"]!["level"]);
        Assert.Equal(4, body["errors"]!.AsArray().Count);
    }

    [Fact]
    public async Task Variables_used_only_by_removed_fields_are_not_declared_to_the_country()
    {
        var body = await RunAsync(
            "query Q($n: String!, $x: Boolean!) { searchPersons(name: $n, countries: [\"CL\"]) { country hits @include(if: $x) { id } } }",
            PeFullClHitBrNone,
            new JsonObject { ["n"] = "ana", ["x"] = true });
        var sent = _countries["CL"].LastRequest!;
        Assert.Equal("query Q__national__0($n: String!) { searchPersons(name: $n, countries: [\"CL\"]) { country } }", (string)sent["query"]!);
        AssertJson("""{"n":"ana"}""", sent["variables"]);
        AssertJson("""[{"country":"CL","hits":null}]""", body["data"]!["searchPersons"]);
    }

    [Fact]
    public async Task Each_country_reports_the_ids_it_disclosed()
    {
        var result = await _engine.ExecuteAsync(new GraphQLRequest { Query = "{ searchPersons(name: \"ana\") { country hits { id name } } }" }, PeFullClHitBrNone);
        var reports = result.Countries!.Reports.ToDictionary(r => r.Country);
        Assert.Equal(["PE:1", "PE:2"], reports["PE"].DisclosedIds);
        Assert.Empty(reports["CL"].DisclosedIds);   // HIT: the page, no record
        Assert.Empty(reports["BR"].DisclosedIds);   // not asked
        Assert.Equal("DENIED", reports["BR"].Status);
    }

    [Fact]
    public async Task Without_a_scope_nothing_is_removed()
    {
        var body = await RunAsync("{ searchPersons(name: \"ana\", countries: [\"BR\"]) { hits { secret } } }", null);
        AssertJson("""[{"hits":[{"secret":"secret BR:1"},{"secret":"secret BR:2"}]}]""", body["data"]!["searchPersons"]);
        Assert.Null(body["errors"]);
    }

    [Fact]
    public void A_specialised_fetch_is_built_once_per_rule()
    {
        var (plan, errors) = _engine.GetPlan("{ searchPersons(name: \"x\") { country hits { id aliases } } }", null);
        Assert.Empty(errors);
        var fetch = Assert.IsType<FetchNode>(plan!.Root);
        var a = FetchSpecialiser.Specialise(fetch, Rules["SUMMARY"], _engine.Supergraph.Schema);
        Assert.Same(a, FetchSpecialiser.Specialise(fetch, Rules["SUMMARY"], _engine.Supergraph.Schema));
        Assert.Equal("query { searchPersons(name: \"x\") { country hits { id } } }", a.Operation);
        var full = FetchSpecialiser.Specialise(fetch, Rules["FULL"], _engine.Supergraph.Schema);
        Assert.True(full.IsUnchanged);
        Assert.Equal(fetch.Operation, full.Operation);
        var none = FetchSpecialiser.Specialise(fetch, Rules["NONE"], _engine.Supergraph.Schema);
        Assert.Null(none.Operation);
        Assert.Equal("Query.searchPersons", Assert.Single(none.Denied).Coordinate);
    }
}
