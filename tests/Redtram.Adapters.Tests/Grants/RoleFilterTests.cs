using System.Text.Json.Nodes;
using Redtram.Adapters.Access;
using Xunit.Abstractions;
using static Redtram.Adapters.Tests.Grants.FieldLevelTests;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>
/// The <c>role</c> filter of searchPersons must not reveal a role the request could not see (domain.md §8: "for sensitive
/// persons, L1 without the role"). A participation matches a role filter only when the request could see that role on it:
/// SUSPECT, ACCUSED and CONVICTED always; another role of a participation that does not protect the person (a witness without
/// protection, a complainant) only in a case at FULL or above; a protective participation (victim, presumed victim, smuggled
/// migrant, minor at the facts, protected or reserved identity) only when the person is shown by name (every protective
/// participation in a case at RESTRICTED). Counts, offence categories and follow-up tokens follow the same rule. Over HTTP
/// against the Peru and Paraguay demo adapters (seed story: PY:4 victim and minor, PY:5 protected witness, both in PY:1;
/// PE:10 smuggled migrant in PE:1).
/// </summary>
[Collection("granted countries")]
public class RoleFilterTests(GrantedCountries countries, ITestOutputHelper output)
{
    private const string Page = "totalCount offenceCategories followUpToken hits { person { id pseudonymous } }";

    private static AccessGrant Py(string requester, AccessLevel level, AccessLevel? outside = null, params string[] jitCases) =>
        GrantedCountries.Grant("PY", requester, level, outside, jitCases, caseRef: requester + ":2025-7");

    private async Task<JsonNode> SearchAsync(string country, AccessGrant grant, string filter, string selection = Page)
    {
        var r = await countries.QueryAsync(country, grant, $"{{ searchPersons(filter: {filter}) {{ {selection} }} }}");
        Assert.True(r["errors"] is null || r["errors"]!.AsArray().All(e => (string?)e!["extensions"]?["code"] == "ACCESS_DENIED"), r.ToJsonString());
        return r["data"]!["searchPersons"]![0]!;
    }

    [Fact]
    public async Task Story_victim_and_protected_witness_are_not_found_by_their_role_below_RESTRICTED()
    {
        // Brazil at HIT on Paraguay's data (the default between REDTRAM prosecutors): the victim's name is a hit, but no role
        // filter finds her — neither her own role nor another one — alone or with her document or phone.
        var hit = Py("BR", AccessLevel.Hit);
        const string Nothing = """{"totalCount":0,"offenceCategories":[],"followUpToken":null}""";
        const string HitPage = "totalCount offenceCategories followUpToken";
        foreach (var filter in new[]
                 {
                     """{name: "Lucia Ramirez Acosta", role: VICTIM}""", """{name: "Lucia Ramirez Acosta", role: SUSPECT}""",
                     """{name: "Lucia Ramirez Acosta", role: WITNESS}""", """{document: {number: "5.873.120"}, role: VICTIM}""",
                     """{phone: "0983 410 226", role: VICTIM}""", """{name: "Ramon Duarte Ledesma", role: WITNESS}""",
                 })
            Assert.True(Nothing == J(await SearchAsync("PY", hit, filter, HitPage)), filter);
        // Without the role her document is a hit (entity type, offence category, contact point: domain.md §8, L1).
        var byDocument = await SearchAsync("PY", hit, """{document: {number: "5.873.120"}}""", "totalCount offenceCategories");
        Assert.Equal("""{"totalCount":1,"offenceCategories":["TIP"]}""", J(byDocument));
        // A suspect's role is what a hit is for.
        Assert.Equal(1, (await SearchAsync("PY", hit, """{document: {number: "3.456.789"}, role: SUSPECT}""", HitPage))["totalCount"]!.GetValue<int>());

        // At FULL (all of Paraguay's records): still nothing.
        var full = Py("BR", AccessLevel.Full);
        Assert.Equal("""{"totalCount":0,"offenceCategories":[],"followUpToken":null,"hits":[]}""",
            J(await SearchAsync("PY", full, """{name: "Lucia Ramirez Acosta", role: VICTIM}""")));
        Assert.Equal(0, (await SearchAsync("PY", full, """{name: "Ramon Duarte Ledesma", role: WITNESS}"""))["totalCount"]!.GetValue<int>());

        // The JIT at RESTRICTED on PY:1: both are shown by name, and found by their roles.
        var jit = Py("BR", AccessLevel.Restricted, AccessLevel.Hit, "PY:1");
        var victim = await SearchAsync("PY", jit, """{name: "Lucia Ramirez Acosta", role: VICTIM}""", "totalCount offenceCategories hits { person { id pseudonymous } }");
        Assert.Equal("""{"totalCount":1,"offenceCategories":["TIP"],"hits":[{"person":{"id":"PY:4","pseudonymous":false}}]}""", J(victim));
        Assert.Equal("""[{"person":{"id":"PY:5","pseudonymous":false}}]""",
            J((await SearchAsync("PY", jit, """{name: "Ramon Duarte Ledesma", role: WITNESS}"""))["hits"]));
        Assert.Equal(0, (await SearchAsync("PY", jit, """{name: "Lucia Ramirez Acosta", role: SUSPECT}"""))["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Story_smuggled_migrant_is_found_by_her_role_only_at_RESTRICTED()
    {
        const string Filter = """{name: "Yelitza Carolina Rondon Perez", role: SMUGGLED_MIGRANT}""";
        var full = await SearchAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Full, AccessLevel.Hit, ["PE:1"]), Filter);
        Assert.Equal("""{"totalCount":0,"offenceCategories":[],"followUpToken":null,"hits":[]}""", J(full));
        var byPassport = await SearchAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Full, AccessLevel.Hit, ["PE:1"]),
            """{document: {number: "128456790", issuer: VE}, role: SMUGGLED_MIGRANT}""");
        Assert.Equal(0, byPassport["totalCount"]!.GetValue<int>());
        var restricted = await SearchAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Restricted, AccessLevel.Hit, ["PE:1"]), Filter,
            "totalCount hits { person { id pseudonymous } }");
        Assert.Equal("""{"totalCount":1,"hits":[{"person":{"id":"PE:10","pseudonymous":false}}]}""", J(restricted));
    }

    // ------------------------------------------------------------------ oracle over the demo data

    private sealed record Part(string Role, string Case, bool Protective);

    private sealed record Person(string Id, List<Part> Parts);

    private static bool IsProtective(JsonNode p) =>
        (string)p["role"]! is "VICTIM" or "PRESUMED_VICTIM" or "SMUGGLED_MIGRANT" || (bool)p["minorAtFacts"]! || (string)p["protection"]! != "NONE";

    private static AccessLevel CaseLevel(AccessGrant grant, string caseId) => grant.InJitScope(caseId) ? grant.Level : grant.LevelOutsideJit;

    private static bool Named(Person p, AccessGrant grant) => p.Parts.All(x => !x.Protective || CaseLevel(grant, x.Case) == AccessLevel.Restricted);

    /// <summary>The oracle: whether the request could see <paramref name="role"/> on one of the person's participations.</summary>
    private static bool RoleSeen(Person p, string role, AccessGrant grant) => p.Parts.Any(x => x.Role == role && (x.Protective
        ? Named(p, grant)
        : role is "SUSPECT" or "ACCUSED" or "CONVICTED" || CaseLevel(grant, x.Case) >= AccessLevel.Full));

    private static AccessGrant Home(string country) => GrantedCountries.Grant(country, country, AccessLevel.Restricted, caseRef: country + ":2025-1");

    /// <summary>Every page of a search (first: 100, then the cursors): total, hits, the first page.</summary>
    private async Task<(int Total, List<JsonNode> Hits, JsonNode First)> AllAsync(string country, AccessGrant grant, string filter, string hit)
    {
        var hits = new List<JsonNode>();
        JsonNode? first = null;
        string? after = null;
        while (true)
        {
            var r = await countries.QueryAsync(country, grant,
                $"query($after: String) {{ searchPersons(filter: {filter}, first: 100, after: $after) {{ totalCount offenceCategories followUpToken pageInfo {{ hasNextPage endCursor }} hits {{ {hit} }} }} }}",
                new { after });
            Assert.True(r["errors"] is null || r["errors"]!.AsArray().All(e => (string?)e!["extensions"]?["code"] == "ACCESS_DENIED"), r.ToJsonString());
            var page = r["data"]!["searchPersons"]![0]!;
            first ??= page;
            hits.AddRange(page["hits"]?.AsArray().Select(h => h!) ?? []);
            if (page["pageInfo"]?["hasNextPage"]?.GetValue<bool>() != true)
                return (page["totalCount"]!.GetValue<int>(), hits, first);
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
    }

    private readonly Dictionary<string, List<string>> _categories = [];

    private async Task<string> CategoriesAsync(string country, IEnumerable<string> caseIds)
    {
        var found = new HashSet<string>();
        foreach (var id in caseIds.Distinct())
        {
            if (!_categories.TryGetValue(id, out var cats))
            {
                var r = await countries.QueryAsync(country, Home(country), "query($id: ID!) { case(id: $id) { offences { category } } }", new { id });
                _categories[id] = cats = r["data"]!["case"] is JsonObject c ? [.. c["offences"]!.AsArray().Select(o => (string)o!["category"]!)] : [];
            }
            found.UnionWith(cats);
        }
        return string.Join(",", new[] { "TIP", "SOM", "RELATED" }.Where(found.Contains));
    }

    [Theory]
    [InlineData("PY")]
    [InlineData("PE")]
    public async Task Role_filter_matches_only_roles_the_request_could_see(string country)
    {
        var jitCase = country + ":1";
        var grants = new (string Label, AccessGrant Grant)[]
        {
            ("home RESTRICTED", Home(country)),
            ("home FULL", GrantedCountries.Grant(country, country, AccessLevel.Full)),
            ("BR HIT", GrantedCountries.Grant(country, "BR", AccessLevel.Hit)),
            ("BR SUMMARY", GrantedCountries.Grant(country, "BR", AccessLevel.Summary)),
            ("BR FULL", GrantedCountries.Grant(country, "BR", AccessLevel.Full)),
            ("BR FULL in JIT, SUMMARY outside", GrantedCountries.Grant(country, "BR", AccessLevel.Full, AccessLevel.Summary, [jitCase])),
            ("BR RESTRICTED in JIT, HIT outside", GrantedCountries.Grant(country, "BR", AccessLevel.Restricted, AccessLevel.Hit, [jitCase])),
            ("BR RESTRICTED in JIT, FULL outside", GrantedCountries.Grant(country, "BR", AccessLevel.Restricted, AccessLevel.Full, [jitCase])),
            ("BR RESTRICTED everywhere", GrantedCountries.Grant(country, "BR", AccessLevel.Restricted)),
        };
        var statePath = Path.Combine(countries.DataDir, country.ToLowerInvariant() + ".redtram-adapter.sqlite");
        int matched = 0, withheld = 0, withheldProtective = 0, withheldOther = 0;
        foreach (var role in new[] { "SUSPECT", "ACCUSED", "CONVICTED", "VICTIM", "PRESUMED_VICTIM", "SMUGGLED_MIGRANT", "WITNESS", "COMPLAINANT" })
        {
            // Ground truth: the persons with this role, and all their participations, as the owner sees them.
            var (_, truthHits, _) = await AllAsync(country, Home(country), $"{{role: {role}}}",
                "person { id participations { role minorAtFacts protection case { id } } }");
            var persons = truthHits.Select(h => new Person((string)h["person"]!["id"]!,
                [.. h["person"]!["participations"]!.AsArray().Select(p => new Part((string)p!["role"]!, (string)p["case"]!["id"]!, IsProtective(p)))])).ToList();
            foreach (var (label, grant) in grants)
            {
                var context = $"{label}, role {role}";
                var expected = persons.Where(p => RoleSeen(p, role, grant)).ToList();
                matched += expected.Count;
                withheld += persons.Count - expected.Count;
                foreach (var p in persons.Except(expected))
                    if (p.Parts.Any(x => x.Role == role && x.Protective))
                        withheldProtective++;
                    else
                        withheldOther++;
                var (total, hits, first) = await AllAsync(country, grant, $"{{role: {role}}}", "person { id pseudonymous }");
                Assert.True(expected.Count == total, $"{context}: totalCount {total}, expected {expected.Count}");
                Assert.True(await CategoriesAsync(country, expected.SelectMany(p => p.Parts.Select(x => x.Case))) == string.Join(",", first["offenceCategories"]!.AsArray().Select(c => (string)c!)),
                    $"{context}: offenceCategories {J(first["offenceCategories"])}");
                // The follow-up token stands for exactly the matches.
                var token = (string?)first["followUpToken"];
                var tokenIds = token is null ? [] : FollowUpLookup.Find(statePath, token)!.MatchedLocalIds.Order(StringComparer.Ordinal).ToList();
                Assert.True(expected.Select(p => p.Id[3..]).Order(StringComparer.Ordinal).SequenceEqual(tokenIds), $"{context}: follow-up token ids");

                // Listed: below SUMMARY nothing; with records outside the JIT below SUMMARY only those in its scope. Persons shown
                // by name by id, the others as pseudonymous references.
                var listable = grant.Level < AccessLevel.Summary ? []
                    : expected.Where(p => grant.LevelOutsideJit >= AccessLevel.Summary || p.Parts.Any(x => grant.InJitScope(x.Case))).ToList();
                var named = hits.Where(h => !(bool)h["person"]!["pseudonymous"]!).Select(h => (string)h["person"]!["id"]!).Order(StringComparer.Ordinal).ToList();
                Assert.True(listable.Where(p => Named(p, grant)).Select(p => p.Id).Order(StringComparer.Ordinal).SequenceEqual(named), $"{context}: listed {string.Join(", ", named)}");
                Assert.True(listable.Count(p => !Named(p, grant)) == hits.Count(h => (bool)h["person"]!["pseudonymous"]!), $"{context}: pseudonymous hits");
            }
        }
        output.WriteLine($"{country}: 8 roles × {grants.Length} grants: {matched} person matches, {withheld} withheld ({withheldProtective} through a protective participation, {withheldOther} through another role below FULL)");
        // The run must have met every kind, or it proves nothing.
        Assert.True(matched > 100 && withheldProtective > 50 && withheldOther > 20, $"matched {matched}, withheld {withheldProtective} + {withheldOther}");
    }
}
