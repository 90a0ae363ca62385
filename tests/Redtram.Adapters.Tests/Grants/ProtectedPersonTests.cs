using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Redtram.Adapters.Access;
using static Redtram.Adapters.Tests.Grants.FieldLevelTests;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>
/// Protected persons of the seed story: Paraguay's PY:4 (Lucía Ramírez Acosta, victim, minor at the facts, identity reserved)
/// and PY:5 (Ramón Duarte Ledesma, protected witness), both in case PY:1; Peru's PE:10 (smuggled migrant) in case PE:1.
/// </summary>
[Collection("granted countries")]
public partial class ProtectedPersonTests(GrantedCountries countries)
{
    private const string IdentityFields =
        "id sourceCountry handling { code } sensitivity pseudonymous givenNames surnames { value } nameAsRecorded aliases sex birthDate birthDatePrecision nationalities documents { number } phones { e164 } participations { role }";

    [GeneratedRegex("^PY:~[A-Z2-7]{16}$")]
    private static partial Regex PyPseudonym();

    private static AccessGrant PyGrant(string requester, AccessLevel level, AccessLevel? outside = null, params string[] jitCases) =>
        GrantedCountries.Grant("PY", requester, level, outside, jitCases, caseRef: requester + ":2025-118");

    private async Task<JsonObject> PersonAsync(AccessGrant grant, string id, string fields = IdentityFields) =>
        await countries.QueryAsync("PY", grant, $"query($id: ID!) {{ person(id: $id) {{ {fields} }} }}", new { id });

    [Fact]
    public async Task Victim_is_a_pseudonymous_reference_at_FULL()
    {
        var r = await PersonAsync(PyGrant("BR", AccessLevel.Full), "PY:4");
        var id = r["data"]!["person"]!["id"]!.GetValue<string>();
        Assert.Matches(PyPseudonym(), id);
        Assert.Equal($$$"""
            {"person":{"id":"{{{id}}}","sourceCountry":"PY","handling":{"code":"H2"},"sensitivity":"RESTRICTED","pseudonymous":true,"givenNames":null,"surnames":null,"nameAsRecorded":null,"aliases":null,"sex":null,"birthDate":null,"birthDatePrecision":null,"nationalities":null,"documents":null,"phones":null,"participations":null}}
            """.Trim(), J(r["data"]));
        AssertErrors(r, Protected("""["person"]""", 1, "PY"));
    }

    [Fact]
    public async Task Victim_is_revealed_at_RESTRICTED_in_the_jit_scope_and_to_the_home_country()
    {
        const string Fields = "id pseudonymous givenNames documents { number } participations { role minorAtFacts protection case { id } }";
        const string Expected = """{"person":{"id":"PY:4","pseudonymous":false,"givenNames":["Lucía"],"documents":[{"number":"5.873.120"}],"participations":[{"role":"VICTIM","minorAtFacts":true,"protection":"RESERVED_IDENTITY","case":{"id":"PY:1"}}]}}""";
        var jit = await PersonAsync(PyGrant("BR", AccessLevel.Restricted, AccessLevel.Hit, "PY:1"), "PY:4", Fields);
        Assert.Null(jit["errors"]);
        Assert.Equal(Expected, J(jit["data"]));

        var home = await PersonAsync(GrantedCountries.Grant("PY", "PY", AccessLevel.Restricted), "PY:4", Fields);
        Assert.Null(home["errors"]);
        Assert.Equal(Expected, J(home["data"]));

        // RESTRICTED, but the victim's case is outside the JIT: still pseudonymous (FULL outside).
        var otherJit = await PersonAsync(PyGrant("BR", AccessLevel.Restricted, AccessLevel.Full, "PY:101"), "PY:4", Fields);
        Assert.True(otherJit["data"]!["person"]!["pseudonymous"]!.GetValue<bool>());
        // A home analyst (FULL by national rules): pseudonymous too.
        var analyst = await PersonAsync(GrantedCountries.Grant("PY", "PY", AccessLevel.Full), "PY:4", Fields);
        Assert.True(analyst["data"]!["person"]!["pseudonymous"]!.GetValue<bool>());
        Assert.Null(analyst["data"]!["person"]!["givenNames"]);
    }

    [Fact]
    public async Task Smuggled_migrant_of_a_jit_at_FULL_stays_pseudonymous_RESTRICTED_reveals()
    {
        var full = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Full, AccessLevel.Hit, ["PE:1"]),
            """{ person(id: "PE:10") { id pseudonymous nameAsRecorded } }""");
        Assert.True(full["data"]!["person"]!["pseudonymous"]!.GetValue<bool>());
        Assert.Null(full["data"]!["person"]!["nameAsRecorded"]);
        Assert.StartsWith("PE:~", full["data"]!["person"]!["id"]!.GetValue<string>());
        var restricted = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Restricted, AccessLevel.Hit, ["PE:1"]),
            """{ person(id: "PE:10") { id pseudonymous nameAsRecorded } }""");
        Assert.Null(restricted["errors"]);
        Assert.Equal("""{"person":{"id":"PE:10","pseudonymous":false,"nameAsRecorded":"Yelitza Carolina Rondón Pérez"}}""", J(restricted["data"]));
    }

    [Fact]
    public async Task Searches_find_protected_persons_only_as_pseudonymous_hits()
    {
        var grant = PyGrant("BR", AccessLevel.Full);
        var r = await countries.QueryAsync("PY", grant, """
            { byName: searchPersons(filter: {name: "Lucia Acosta Ramires"}) { hits { reasons { kind field } person { id pseudonymous givenNames } } }
              byDocument: searchPersons(filter: {document: {number: "5.873.120"}}) { hits { reasons { kind field } person { id pseudonymous nameAsRecorded } } }
              byPhone: searchPersons(filter: {phone: "0983 410 226"}) { hits { reasons { kind field } person { id pseudonymous phones { e164 } } } } }
            """);
        var byName = r["data"]!["byName"]![0]!["hits"]!.AsArray();
        var lucia = byName.Select(h => h!["person"]!).Single(p => p["pseudonymous"]!.GetValue<bool>());
        var id = lucia["id"]!.GetValue<string>();
        Assert.Matches(PyPseudonym(), id);
        Assert.Null(lucia["givenNames"]);
        Assert.Equal($$$"""[{"reasons":[{"kind":"DOCUMENT","field":"documents.normalized"}],"person":{"id":"{{{id}}}","pseudonymous":true,"nameAsRecorded":null}}]""",
            J(r["data"]!["byDocument"]![0]!["hits"]));
        Assert.Equal($$$"""[{"reasons":[{"kind":"PHONE","field":"phones.e164"}],"person":{"id":"{{{id}}}","pseudonymous":true,"phones":null}}]""",
            J(r["data"]!["byPhone"]![0]!["hits"]));
        // One error for the whole request, counting every pseudonymous reference handed out.
        var protectedErrors = r["errors"]!.AsArray().Where(e => e!["extensions"]!["reason"]?.GetValue<string>() == "PROTECTED_PERSON").ToList();
        Assert.Equal(3, Assert.Single(protectedErrors)!["extensions"]!["count"]!.GetValue<int>());
        Assert.DoesNotContain("Luc", r.ToJsonString());
        Assert.DoesNotContain("5873120", r.ToJsonString());
    }

    [Fact]
    public async Task Pseudonym_is_stable_per_requesting_country_and_differs_between_countries()
    {
        async Task<string> IdFor(string requester) =>
            (await PersonAsync(PyGrant(requester, AccessLevel.Full), "PY:4", "id"))["data"]!["person"]!["id"]!.GetValue<string>();
        var br1 = await IdFor("BR");
        var br2 = await IdFor("BR");
        var ar = await IdFor("AR");
        Assert.Equal(br1, br2);
        Assert.NotEqual(br1, ar);
        Assert.Matches(PyPseudonym(), ar);
        var witness = (await PersonAsync(PyGrant("BR", AccessLevel.Full), "PY:5", "id"))["data"]!["person"]!["id"]!.GetValue<string>();
        Assert.NotEqual(br1, witness);

        // The pseudonymous id is an id: looked up by the country that got it, it gives the same pseudonymous view…
        var again = await PersonAsync(PyGrant("BR", AccessLevel.Full), br1, "id pseudonymous givenNames");
        Assert.Equal($$$"""{"person":{"id":"{{{br1}}}","pseudonymous":true,"givenNames":null}}""", J(again["data"]));
        AssertErrors(again, Protected("""["person"]""", 1, "PY"));
        var entities = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Full), """
            query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { id pseudonymous } } }
            """, new { reps = new[] { new Dictionary<string, string> { ["__typename"] = "Person", ["id"] = br1 } } });
        Assert.Equal($$$"""{"_entities":[{"id":"{{{br1}}}","pseudonymous":true}]}""", J(entities["data"]));
        AssertErrors(entities, Protected("""["_entities",0]""", 1, "PY"));
        // …another country cannot use it…
        var stolen = await PersonAsync(PyGrant("AR", AccessLevel.Full), br1, "id");
        Assert.Equal("""{"person":null}""", J(stolen["data"]));
        Assert.Null(stolen["errors"]);
        // …and a RESTRICTED grant on the victim's case turns it into the record.
        var revealed = await PersonAsync(PyGrant("BR", AccessLevel.Restricted, AccessLevel.Hit, "PY:1"), br1, "id givenNames");
        Assert.Equal("""{"person":{"id":"PY:4","givenNames":["Lucía"]}}""", J(revealed["data"]));
    }

    [Fact]
    public async Task Case_participants_at_FULL_include_protected_persons_as_pseudonymous_references()
    {
        var r = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Full), """
            { case(id: "PY:1") { participants { role minorAtFacts protection person { id pseudonymous nameAsRecorded } } } }
            """);
        var parts = r["data"]!["case"]!["participants"]!.AsArray();
        var rows = parts.Select(p => $"{p!["role"]}|{p["minorAtFacts"]}|{p["protection"]}|{p["person"]!["pseudonymous"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["SUSPECT|false|NONE|false", "SUSPECT|false|NONE|false", "SUSPECT|false|NONE|false", "VICTIM|true|RESERVED_IDENTITY|true", "WITNESS|false|PROTECTED_WITNESS|true"], rows);
        foreach (var p in parts.Where(p => p!["person"]!["pseudonymous"]!.GetValue<bool>()))
        {
            Assert.Matches(PyPseudonym(), p!["person"]!["id"]!.GetValue<string>());
            Assert.Null(p["person"]!["nameAsRecorded"]);
        }
        var error = Assert.Single(r["errors"]!.AsArray())!;
        Assert.Equal(2, error["extensions"]!["count"]!.GetValue<int>());
        var firstIndex = error["path"]![2]!.GetValue<int>();
        Assert.Equal($"""["case","participants",{firstIndex},"person"]""", J(error["path"]));
        Assert.True(parts[firstIndex]!["person"]!["pseudonymous"]!.GetValue<bool>());

        // At SUMMARY the victim and the witness are not listed at all.
        var summary = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Summary), """{ case(id: "PY:1") { participants { role person { pseudonymous } } } }""");
        Assert.Null(summary["errors"]);
        Assert.Equal("""{"case":{"participants":[{"role":"SUSPECT","person":{"pseudonymous":false}},{"role":"SUSPECT","person":{"pseudonymous":false}},{"role":"SUSPECT","person":{"pseudonymous":false}}]}}""",
            J(summary["data"]));
    }
}

public sealed class PseudonymStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-pseudonyms-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public void Secret_is_generated_once_and_pseudonyms_survive_a_restart()
    {
        var path = Path.Combine(_dir, "py.redtram-adapter.sqlite");
        var state = new AdapterState(path);
        var secret = state.StoredSecret();
        Assert.Equal(32, secret.Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var first = new Pseudonyms(secret, state);
        var pseudonym = first.For("BR", "4");
        Assert.Matches("^[A-Z2-7]{16}$", pseudonym);
        Assert.Equal(pseudonym, first.For("BR", "4"));
        Assert.NotEqual(pseudonym, first.For("AR", "4"));

        // A new process: same state file, same secret, the map is read back.
        var restarted = new AdapterState(path);
        Assert.Equal(secret, restarted.StoredSecret());
        var second = new Pseudonyms(restarted.StoredSecret(), restarted);
        Assert.Equal("4", second.Resolve("BR", pseudonym));
        Assert.Null(second.Resolve("AR", pseudonym));
        Assert.Null(second.Resolve("BR", "AAAAAAAAAAAAAAAA"));
        Assert.Equal(pseudonym, second.For("BR", "4"));
        // Another secret gives other pseudonyms.
        Assert.NotEqual(pseudonym, new Pseudonyms(new byte[32], restarted).For("BR", "4"));
        Assert.Throws<AdapterConfigurationException>(() => new Pseudonyms(new byte[16], restarted));
    }
}
