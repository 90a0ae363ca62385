using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>Per-record field levels and role limiting at the adapter, over HTTP with the demo data (Peru's seed story: case PE:1
/// of JIT-CL-PE-2025-01, suspects PE:6–9 and PE:11, smuggled migrant PE:10).</summary>
[Collection("granted countries")]
public class FieldLevelTests(GrantedCountries countries)
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string J(JsonNode? n) => n?.ToJsonString(Relaxed) ?? "null";

    /// <summary>The errors of a response as compact JSON, sorted (the order of sibling fields is not part of the contract).</summary>
    internal static List<string> Errors(JsonObject response) =>
        (response["errors"]?.AsArray() ?? []).Select(J).Order(StringComparer.Ordinal).ToList();

    /// <summary>Asserts the exact errors of a response (in any order).</summary>
    internal static void AssertErrors(JsonObject response, params string[] expected) =>
        Assert.Equal(string.Join("\n", expected.Order(StringComparer.Ordinal)), string.Join("\n", Errors(response)));

    internal static string Denied(string field, string path, string level, string granted, int count, string country = "PE") =>
        $$$$"""{"message":"{{{{field}}}} of {{{{country}}}} needs access level {{{{level}}}}; the grant gives {{{{granted}}}} for this record.","path":{{{{path}}}},"extensions":{"code":"ACCESS_DENIED","country":"{{{{country}}}}","field":"{{{{field}}}}","level":"{{{{level}}}}","granted":"{{{{granted}}}}","count":{{{{count}}}}}}""";

    internal static string Protected(string path, int count, string country = "PE") =>
        $$$"""{"message":"protected persons of {{{country}}} are returned as pseudonymous references: their identity needs RESTRICTED on their cases","path":{{{path}}},"extensions":{"code":"ACCESS_DENIED","country":"{{{country}}}","level":"RESTRICTED","reason":"PROTECTED_PERSON","count":{{{count}}}}}""";

    private static AccessGrant Grant(AccessLevel level, AccessLevel? outside = null, params string[] jitCases) =>
        GrantedCountries.Grant("PE", "CL", level, outside, jitCases);

    [Fact]
    public async Task Summary_grant_withholds_FULL_fields_with_one_error_per_field()
    {
        var r = await countries.QueryAsync("PE", Grant(AccessLevel.Summary), """
            { person(id: "PE:6") { id givenNames aliases sex nationalities documents { number localType } phones { e164 imeis }
                participations { role minorAtFacts case { id localNumber jitIds offences { category localLegalRef } } } } }
            """);
        Assert.Equal("""
            {"person":{"id":"PE:6","givenNames":["José","Antonio"],"aliases":null,"sex":null,"nationalities":null,"documents":[{"number":"41234567","localType":null}],"phones":[{"e164":"+51952123456","imeis":null}],"participations":[{"role":"SUSPECT","minorAtFacts":null,"case":{"id":"PE:1","localNumber":"2301014502-2025-41-0","jitIds":null,"offences":[{"category":"SOM","localLegalRef":null}]}}]}}
            """.Trim(), J(r["data"]));
        AssertErrors(r,
            Denied("Case.jitIds", """["person","participations",0,"case","jitIds"]""", "FULL", "SUMMARY", 1),
            Denied("CaseParticipation.minorAtFacts", """["person","participations",0,"minorAtFacts"]""", "FULL", "SUMMARY", 1),
            Denied("IdentityDocument.localType", """["person","documents",0,"localType"]""", "FULL", "SUMMARY", 1),
            Denied("Offence.localLegalRef", """["person","participations",0,"case","offences",0,"localLegalRef"]""", "FULL", "SUMMARY", 1),
            Denied("Person.aliases", """["person","aliases"]""", "FULL", "SUMMARY", 1),
            Denied("Person.nationalities", """["person","nationalities"]""", "FULL", "SUMMARY", 1),
            Denied("Person.sex", """["person","sex"]""", "FULL", "SUMMARY", 1),
            Denied("Phone.imeis", """["person","phones",0,"imeis"]""", "FULL", "SUMMARY", 1));
        // The message leads as the gateway's does ("Person.aliases of PE needs access level FULL; this request has SUMMARY.").
        var aliases = r["errors"]!.AsArray().Single(e => (string)e!["extensions"]!["field"]! == "Person.aliases")!;
        Assert.Equal("Person.aliases of PE needs access level FULL; the grant gives SUMMARY for this record.", (string)aliases["message"]!);
    }

    [Fact]
    public async Task One_error_per_field_counts_every_occurrence()
    {
        var r = await countries.QueryAsync("PE", Grant(AccessLevel.Summary), """
            { searchPersons(filter: {name: "Quispe"}, first: 100) { hits { person { id pseudonymous aliases } } } }
            """);
        var hits = r["data"]!["searchPersons"]![0]!["hits"]!.AsArray().Select(h => h!["person"]!).ToList();
        Assert.All(hits, p => Assert.Null(p["aliases"]));
        var identified = hits.FindIndex(p => !p["pseudonymous"]!.GetValue<bool>());
        var pseudonymous = hits.FindIndex(p => p["pseudonymous"]!.GetValue<bool>());
        Assert.True(identified >= 0 && pseudonymous >= 0, "the name matches identified and protected persons");
        // Aliases of identified persons are withheld (FULL); protected persons come back as pseudonymous references.
        AssertErrors(r,
            Denied("Person.aliases", $"[\"searchPersons\",0,\"hits\",{identified},\"person\",\"aliases\"]", "FULL", "SUMMARY",
                hits.Count(p => !p["pseudonymous"]!.GetValue<bool>())),
            Protected($"[\"searchPersons\",0,\"hits\",{pseudonymous},\"person\"]", hits.Count(p => p["pseudonymous"]!.GetValue<bool>())));
    }

    [Fact]
    public async Task Full_grant_sees_the_record()
    {
        var r = await countries.QueryAsync("PE", Grant(AccessLevel.Full), """
            { person(id: "PE:6") { aliases sex documents { localType } participations { role minorAtFacts case { jitIds offences { localLegalRef } } } } }
            """);
        Assert.Null(r["errors"]);
        Assert.Equal("""
            {"person":{"aliases":["El Chato"],"sex":"MALE","documents":[{"localType":"DNI"}],"participations":[{"role":"SUSPECT","minorAtFacts":false,"case":{"jitIds":["JIT-CL-PE-2025-01"],"offences":[{"localLegalRef":"PE-CP-303-B"}]}}]}}
            """.Trim(), J(r["data"]));
    }

    [Fact]
    public async Task Roles_are_limited_to_suspect_accused_convicted_below_FULL()
    {
        const string Query = """{ case(id: "PE:1") { participants { role person { id } } } }""";
        var summary = await countries.QueryAsync("PE", Grant(AccessLevel.Summary), Query);
        Assert.Null(summary["errors"]);
        Assert.Equal(["PE:11:SUSPECT", "PE:6:SUSPECT", "PE:7:SUSPECT", "PE:8:SUSPECT", "PE:9:SUSPECT"], Participants(summary));
        var full = await countries.QueryAsync("PE", Grant(AccessLevel.Full), """{ case(id: "PE:1") { participants { role } } }""");
        Assert.Equal(["SMUGGLED_MIGRANT", "SUSPECT", "SUSPECT", "SUSPECT", "SUSPECT", "SUSPECT"],
            full["data"]!["case"]!["participants"]!.AsArray().Select(p => p!["role"]!.GetValue<string>()).Order().ToList());

        // Person.participations: a witness's participation is not shown at SUMMARY.
        var home = GrantedCountries.Grant("PE", "PE", AccessLevel.Restricted);
        var witnesses = await countries.QueryAsync("PE", home, """
            { searchPersons(filter: {role: WITNESS}, first: 100) { hits { person { id participations { role protection minorAtFacts } } } } }
            """);
        var witness = witnesses["data"]!["searchPersons"]![0]!["hits"]!.AsArray().Select(h => h!["person"]!)
            .First(p => p["participations"]!.AsArray().All(x => x!["role"]!.GetValue<string>() == "WITNESS" && x["protection"]!.GetValue<string>() == "NONE" && !x["minorAtFacts"]!.GetValue<bool>()));
        var id = witness["id"]!.GetValue<string>();
        var atSummary = await countries.QueryAsync("PE", Grant(AccessLevel.Summary), "query($id: ID!) { person(id: $id) { id participations { role } } }", new { id });
        Assert.Equal($$$"""{"person":{"id":"{{{id}}}","participations":[]}}""", J(atSummary["data"]));
        var atFull = await countries.QueryAsync("PE", Grant(AccessLevel.Full), "query($id: ID!) { person(id: $id) { participations { role } } }", new { id });
        Assert.Equal("WITNESS", atFull["data"]!["person"]!["participations"]![0]!["role"]!.GetValue<string>());
    }

    private static List<string> Participants(JsonObject r) =>
        r["data"]!["case"]!["participants"]!.AsArray().Select(p => p!["person"]!["id"]!.GetValue<string>() + ":" + p["role"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Hit_grant_answers_hit_or_no_hit_only()
    {
        var r = await countries.QueryAsync("PE", Grant(AccessLevel.Hit), """
            { searchPersons(filter: {name: "Jose Perez Quispe"}) { country totalCount hits { person { id } } contactPoint { country } }
              person(id: "PE:6") { id } }
            """);
        Assert.Equal("""{"searchPersons":[{"country":"PE","totalCount":1,"hits":null,"contactPoint":{"country":"PE"}}],"person":null}""", J(r["data"]));
        AssertErrors(r,
            Denied("PersonSearchPage.hits", """["searchPersons",0,"hits"]""", "SUMMARY", "HIT", 1),
            Denied("Query.person", """["person"]""", "SUMMARY", "HIT", 1));
    }

    [Fact]
    public async Task Jit_case_at_FULL_records_outside_the_scope_at_HIT()
    {
        var home = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "PE", AccessLevel.Restricted),
            """{ searchCases(filter: {offenceCategory: SOM}, first: 100) { totalCount hits { case { id } } } }""");
        var somTotal = home["data"]!["searchCases"]![0]!["totalCount"]!.GetValue<int>();
        var other = home["data"]!["searchCases"]![0]!["hits"]!.AsArray().Select(h => h!["case"]!["id"]!.GetValue<string>()).First(id => id != "PE:1");
        Assert.True(somTotal > 1);

        var jit = Grant(AccessLevel.Full, AccessLevel.Hit, "PE:1");
        var r = await countries.QueryAsync("PE", jit, """
            query($other: ID!) { inScope: case(id: "PE:1") { id jitIds offences { localLegalRef } }
              outside: case(id: $other) { id }
              searchCases(filter: {offenceCategory: SOM}, first: 100) { totalCount hits { case { id } } pageInfo { hasNextPage } }
              person(id: "PE:6") { aliases } }
            """, new { other });
        Assert.Equal($$$"""
            {"inScope":{"id":"PE:1","jitIds":["JIT-CL-PE-2025-01"],"offences":[{"localLegalRef":"PE-CP-303-B"}]},"outside":null,"searchCases":[{"totalCount":{{{somTotal}}},"hits":[{"case":{"id":"PE:1"}}],"pageInfo":{"hasNextPage":false}}],"person":{"aliases":["El Chato"]}}
            """.Trim(), J(r["data"]));
        AssertErrors(r,
            Denied("CaseSearchPage.hits", """["searchCases",0,"hits"]""", "SUMMARY", "HIT", somTotal - 1),
            Denied("Query.case", """["outside"]""", "SUMMARY", "HIT", 1));
        // An unknown id gets the same answer as a record outside the scope: the reply does not tell whether it exists.
        var missing = await countries.QueryAsync("PE", jit, """{ missing: case(id: "PE:987654") { id } }""");
        Assert.Equal("""{"missing":null}""", J(missing["data"]));
        AssertErrors(missing, Denied("Query.case", """["missing"]""", "SUMMARY", "HIT", 1));

        // Outside the JIT at SUMMARY (an agreement): the other case is listed, its FULL fields are withheld.
        var withAgreement = await countries.QueryAsync("PE", Grant(AccessLevel.Full, AccessLevel.Summary, "PE:1"),
            "query($other: ID!) { inScope: case(id: \"PE:1\") { jitIds } outside: case(id: $other) { id jitIds } }", new { other });
        Assert.Equal($$$"""{"inScope":{"jitIds":["JIT-CL-PE-2025-01"]},"outside":{"id":"{{{other}}}","jitIds":null}}""", J(withAgreement["data"]));
        AssertErrors(withAgreement, Denied("Case.jitIds", """["outside","jitIds"]""", "FULL", "SUMMARY", 1));
    }

    [Fact]
    public async Task Person_outside_the_jit_scope_is_not_listed()
    {
        var jit = Grant(AccessLevel.Full, AccessLevel.Hit, "PE:1");
        var home = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "PE", AccessLevel.Restricted),
            """{ searchPersons(filter: {role: ACCUSED}, first: 1) { totalCount hits { person { id } } } }""");
        var accused = home["data"]!["searchPersons"]![0]!["totalCount"]!.GetValue<int>();
        var someone = home["data"]!["searchPersons"]![0]!["hits"]![0]!["person"]!["id"]!.GetValue<string>();
        var r = await countries.QueryAsync("PE", jit, """
            query($id: ID!) { searchPersons(filter: {role: ACCUSED}) { totalCount hits { person { id } } } person(id: $id) { id } }
            """, new { id = someone });
        Assert.Equal($$$"""{"searchPersons":[{"totalCount":{{{accused}}},"hits":[]}],"person":null}""", J(r["data"]));
        AssertErrors(r,
            Denied("PersonSearchPage.hits", """["searchPersons",0,"hits"]""", "SUMMARY", "HIT", accused),
            Denied("Query.person", """["person"]""", "SUMMARY", "HIT", 1));
    }

    [Fact]
    public async Task Participations_in_cases_outside_the_jit_scope_are_left_out()
    {
        // A generated person (no protective participation) who takes part in two cases or more; the JIT covers one of them.
        var home = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "PE", AccessLevel.Restricted), """
            { searchPersons(filter: {bornFrom: "1900-01-01"}, first: 100) { hits { person { id participations { role minorAtFacts protection case { id } } } } } }
            """);
        var person = home["data"]!["searchPersons"]![0]!["hits"]!.AsArray().Select(h => h!["person"]!)
            .First(p => p["participations"]!.AsArray() is var parts && parts.Select(x => x!["case"]!["id"]!.GetValue<string>()).Distinct().Count() >= 2
                        && parts.All(x => x!["role"]!.GetValue<string>() is "SUSPECT" or "ACCUSED" or "CONVICTED" or "WITNESS" or "COMPLAINANT"
                                          && x["protection"]!.GetValue<string>() == "NONE" && !x["minorAtFacts"]!.GetValue<bool>()));
        var id = person["id"]!.GetValue<string>();
        var cases = person["participations"]!.AsArray().Select(x => x!["case"]!["id"]!.GetValue<string>()).ToList();
        var inScope = cases[0];
        var r = await countries.QueryAsync("PE", Grant(AccessLevel.Full, AccessLevel.Hit, inScope),
            "query($id: ID!) { person(id: $id) { id participations { case { id } } } }", new { id });
        var expected = string.Join(",", cases.Where(c => c == inScope).Select(c => $$$"""{"case":{"id":"{{{c}}}"}}"""));
        Assert.Equal($$$"""{"person":{"id":"{{{id}}}","participations":[{{{expected}}}]}}""", J(r["data"]));
        AssertErrors(r, Denied("CaseParticipation.case", """["person","participations"]""", "SUMMARY", "HIT", cases.Count(c => c != inScope)));
    }

    [Fact]
    public async Task Entities_below_summary_resolve_to_null()
    {
        var jit = Grant(AccessLevel.Full, AccessLevel.Hit, "PE:1");
        var r = await countries.QueryAsync("PE", jit, """
            { _entities(representations: [{__typename: "Case", id: "PE:1"}, {__typename: "Case", id: "PE:101"}, {__typename: "Person", id: "PE:6"}]) { ... on Case { id } ... on Person { id } } }
            """);
        Assert.Equal("""{"_entities":[{"id":"PE:1"},null,{"id":"PE:6"}]}""", J(r["data"]));
        AssertErrors(r, Denied("Case.id", """["_entities",1]""", "SUMMARY", "HIT", 1));
    }
}

public class EmbeddedFieldLevelsTests
{
    [Fact]
    public void Every_field_of_the_canonical_schema_has_a_level()
    {
        var doc = GraphQLParser.Parser.Parse(Redtram.Adapters.Api.CanonicalSchema.Sdl);
        var missing = doc.Definitions.OfType<GraphQLParser.AST.GraphQLObjectTypeDefinition>()
            .SelectMany(t => t.Fields!.Items.Select(f => t.Name.StringValue + "." + f.Name.StringValue))
            .Where(k => !Redtram.Adapters.Access.FieldLevels.All.ContainsKey(k))
            .ToList();
        Assert.Empty(missing);
        Assert.Equal(AccessLevel.Full, Redtram.Adapters.Access.FieldLevels.Required("Person", "aliases"));
        Assert.Equal(AccessLevel.Hit, Redtram.Adapters.Access.FieldLevels.Required("PersonSearchPage", "followUpToken"));
        Assert.Equal(AccessLevel.Restricted, Redtram.Adapters.Access.FieldLevels.Required("Person", "unknownField"));
    }
}
