using Redtram.Adapters.Conformance;

namespace Redtram.Adapters.Tests.EndToEnd;

public sealed class FixtureAdapter : IAsyncLifetime
{
    public AdapterHost Host { get; private set; } = null!;
    public async Task InitializeAsync() => Host = await AdapterHost.StartFixtureAsync();
    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>The host over the small EC fixture database, over real HTTP.</summary>
public class FixtureAdapterTests(FixtureAdapter fixture) : IClassFixture<FixtureAdapter>
{
    private AdapterHost Host => fixture.Host;

    private const string Hits = "totalCount hits { score reasons { kind field weight } person { id } } pageInfo { hasNextPage endCursor }";

    private async Task<List<string>> FindAsync(object filter)
    {
        var data = await Host.DataAsync($"query($f: PersonFilter!) {{ searchPersons(filter: $f) {{ {Hits} }} }}", new { f = filter });
        return data["searchPersons"]!.AsArray().SelectMany(p => p!["hits"]!.AsArray()).Select(h => h!["person"]!["id"]!.GetValue<string>()).ToList();
    }

    [Fact]
    public async Task Conformance_suite_passes()
    {
        var report = await ConformanceSuite.RunAsync(Host.GraphQLUrl, new ConformanceOptions { Country = "EC" });
        Assert.True(report.Passed, report.ToText());
        Assert.Equal("EC", report.Country);
    }

    [Theory]
    [InlineData("jose quispe", "EC:1")]
    [InlineData("QUISPE MAMANI José Luis", "EC:1")]
    [InlineData("Pepe Quispe", "EC:1")]
    [InlineData("el cholo", "EC:1")]
    [InlineData("Kispe Mamany", "EC:1")]
    [InlineData("Quis Mam", "EC:1")]
    [InlineData("Maria Jose Gonzalez Cruz", "EC:2")]
    [InlineData("Luis Carlos Sousa", "EC:3")]
    [InlineData("Jimena Chaves Billalobos", "EC:4")]
    [InlineData("Pancho Herrera", "EC:5")]
    public async Task Name_variants_find_the_person(string name, string id) => Assert.Contains(id, await FindAsync(new { name }));

    [Fact]
    public async Task Exact_name_ranks_first_with_reasons()
    {
        var data = await Host.DataAsync($"query {{ searchPersons(filter: {{name: \"José Luis Quispe Mamani\"}}) {{ {Hits} }} }}");
        var hit = data["searchPersons"]![0]!["hits"]![0]!;
        Assert.Equal("EC:1", hit["person"]!["id"]!.GetValue<string>());
        Assert.Equal(1.0, hit["score"]!.GetValue<double>());
        Assert.Equal("NAME_EXACT", hit["reasons"]![0]!["kind"]!.GetValue<string>());
        var reordered = await Host.DataAsync($"query {{ searchPersons(filter: {{name: \"Mamani Quispe Jose\"}}) {{ {Hits} }} }}");
        Assert.Equal("NAME_REORDERED", reordered["searchPersons"]![0]!["hits"]![0]!["reasons"]![0]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task Documents_phones_dates_and_codes_filter()
    {
        Assert.Equal(["EC:1"], await FindAsync(new { document = new { number = "171003406-5" } }));
        Assert.Equal(["EC:3"], await FindAsync(new { document = new { number = "52998224725", issuer = "BR" } }));
        Assert.Equal(["EC:3"], await FindAsync(new { document = new { number = "fx 123456", type = "PASSPORT", issuer = "BR" } }));
        Assert.Equal(["EC:1"], await FindAsync(new { phone = "+593 99 123 4567" }));
        Assert.Equal(["EC:2"], await FindAsync(new { phone = "098 765 4321" }));
        // Year-only birth dates match a range that overlaps the year.
        Assert.Contains("EC:2", await FindAsync(new { bornFrom = "1990-06-01", bornTo = "1990-06-30" }));
        Assert.DoesNotContain("EC:2", await FindAsync(new { bornFrom = "1991-01-01", bornTo = "1999-12-31" }));
        Assert.Equal(["EC:3"], await FindAsync(new { role = "SMUGGLED_MIGRANT" }));
        Assert.Equal(["EC:1", "EC:3", "EC:4", "EC:5", "EC:6"], (await FindAsync(new { offenceCategory = "TIP" })).Order().ToList());
        Assert.Equal(["EC:2", "EC:3"], (await FindAsync(new { iccsCode = "0805" })).Order().ToList());
        Assert.Equal(["EC:1", "EC:5"], (await FindAsync(new { nationality = "EC" })).Order().ToList());
        Assert.Equal(["EC:1"], await FindAsync(new { name = "quispe", nationality = "EC", role = "SUSPECT", offenceCategory = "TIP" }));
    }

    [Fact]
    public async Task Bad_check_digit_is_bad_user_input_naming_the_rule()
    {
        var r = await Host.QueryAsync("""{ searchPersons(filter: {document: {number: "12.345.678-9", issuer: CL}}) { totalCount } }""");
        Assert.Equal("BAD_USER_INPUT", r.Code());
        Assert.Equal("RUN 12.345.678-9 fails its mod-11 check digit (expected 5)", r["errors"]![0]!["message"]!.GetValue<string>());
        var ec = await Host.QueryAsync("""{ searchPersons(filter: {document: {number: "1710034066"}}) { totalCount } }""");
        Assert.Equal("cédula (EC) 1710034066 fails its mod-10 check digit (expected 5)", ec["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cases_search_and_lookups()
    {
        var data = await Host.DataAsync("""
            { byNumber: searchCases(filter: {localNumber: "1701-0182-3040-123"}) { totalCount hits { reasons { kind } case { id localNumber status localStatus office openedOn jitIds exploitationForms confidential sensitivity
                  offences { localLegalRef category iccsCode stage aggravatingFactors } organisations { id name kind taxId } contactPoint { country }
                  participants { role minorAtFacts protection person { id nameAsRecorded sensitivity } } } } }
              byParticipant: searchCases(filter: {participantName: "Souza"}) { totalCount hits { case { id } reasons { kind field } } }
              byStatus: searchCases(filter: {status: ARCHIVED, openedFrom: "2022-01-01", openedTo: "2022-12-31"}) { totalCount }
              som: searchCases(filter: {offenceCategory: SOM}) { totalCount }
              case(id: "EC:1") { id }
              foreign: case(id: "PE:1") { id }
              person(id: "EC:4") { id sensitivity participations { role minorAtFacts protection case { id } } }
              contactPoint(country: EC) { email channels } }
            """);
        var c = data["byNumber"]![0]!["hits"]![0]!["case"]!;
        Assert.Equal("EC:1", c["id"]!.GetValue<string>());
        Assert.Equal("INVESTIGATION", c["status"]!.GetValue<string>());
        Assert.Equal("JIT-EC-PE-2024-01", c["jitIds"]![0]!.GetValue<string>());
        Assert.Equal("EC-COIP-91", c["offences"]![0]!["localLegalRef"]!.GetValue<string>());
        Assert.Equal(2, c["offences"]![0]!["aggravatingFactors"]!.AsArray().Count);
        Assert.Equal("TRANSPORT", c["organisations"]![0]!["kind"]!.GetValue<string>());
        Assert.Equal("RESTRICTED", c["sensitivity"]!.GetValue<string>());
        Assert.Equal(3, c["participants"]!.AsArray().Count);
        Assert.Equal(2, data["byParticipant"]![0]!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, data["byStatus"]![0]!["totalCount"]!.GetValue<int>());
        Assert.Equal(1, data["som"]![0]!["totalCount"]!.GetValue<int>());
        Assert.Equal("EC:1", data["case"]!["id"]!.GetValue<string>());
        Assert.Null(data["foreign"]);
        Assert.Equal("RESTRICTED", data["person"]!["sensitivity"]!.GetValue<string>());
        Assert.Equal("RESERVED_IDENTITY", data["person"]!["participations"]![0]!["protection"]!.GetValue<string>());
        Assert.Equal(4, data["contactPoint"]!["channels"]!.AsArray().Count);
    }

    [Fact]
    public async Task Entities_resolve_in_order()
    {
        var r = await Host.DataAsync("""{ _entities(representations: [{__typename: "Person", id: "EC:1"}, {__typename: "Case", id: "EC:2"}, {__typename: "Person", id: "EC:99"}, {__typename: "Organisation", id: "EC:1"}, {__typename: "Person", id: "EC:3"}]) { __typename ... on Person { id surnames { value } } ... on Case { id } ... on Organisation { name } } }""");
        var list = r["_entities"]!.AsArray();
        Assert.Equal("EC:1", list[0]!["id"]!.GetValue<string>());
        Assert.Equal("EC:2", list[1]!["id"]!.GetValue<string>());
        Assert.Null(list[2]);
        Assert.Equal("Transportes Andinos S.A.", list[3]!["name"]!.GetValue<string>());
        Assert.Equal("EC:3", list[4]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nested_entities_are_batched_not_one_query_per_row()
    {
        var db = ((Redtram.Adapters.Data.NationalStore)Host.Services.GetService(typeof(Redtram.Adapters.Data.NationalStore))!).Db;
        await Host.DataAsync("{ searchPersons(filter: {bornFrom: \"1900-01-01\"}) { totalCount } }");
        var before = db.QueryCount;
        await Host.DataAsync("""{ searchPersons(filter: {bornFrom: "1900-01-01"}) { hits { person { id participations { role case { id organisations { name } participants { person { id } } } } } } } }""");
        // One statement per table and level, whatever the number of rows: persons (persons, documents, participations),
        // their cases (cases, offences, organisation links, participants), organisations, the participants' persons (3):
        // 11. Under load a level's loader may dispatch in two batches, so a little more is allowed — never one per row.
        Assert.InRange(db.QueryCount - before, 11, 14);
        before = db.QueryCount;
        var r = await Host.DataAsync("""{ _entities(representations: [{__typename: "Person", id: "EC:1"}, {__typename: "Person", id: "EC:2"}, {__typename: "Person", id: "EC:3"}, {__typename: "Person", id: "EC:4"}]) { ... on Person { id } } }""");
        Assert.Equal(4, r["_entities"]!.AsArray().Count(e => e is not null));
        Assert.InRange(db.QueryCount - before, 1, 3);
    }

    [Fact]
    public async Task Broken_requests_are_4xx_or_graphql_errors_never_500()
    {
        using var bad = await Host.Http.PostAsync("/graphql", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(400, (int)bad.StatusCode);
        var syntax = await Host.QueryAsync("{ searchPersons(filter: { name: ");
        Assert.NotNull(syntax["errors"]);
        var variables = await Host.QueryAsync("query($n: Int) { searchPersons(filter: {name: \"x y\"}, first: $n) { totalCount } }", new { n = "ten" });
        Assert.NotNull(variables["errors"]);
        using var health = await Host.Http.GetAsync("/health");
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task Index_is_reused_for_the_same_epoch_and_rebuilt_on_demand()
    {
        using var r = await Host.Http.PostAsync("/admin/reindex", null);
        Assert.True(r.IsSuccessStatusCode);
        Assert.Contains("EC:1", await FindAsync(new { name = "quispe" }));
    }
}
