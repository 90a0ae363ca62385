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

    private string StatePath(string country) => Path.Combine(countries.DataDir, country.ToLowerInvariant() + ".redtram-adapter.sqlite");

    /// <summary>The owner's record of a pseudonym handed out (one, for this requesting country).</summary>
    private PseudonymRecord Recorded(string country, string id) => Assert.Single(PseudonymLookup.Find(StatePath(country), PseudonymLookup.Normalize(id)!));

    [Fact]
    public async Task Pseudonym_differs_per_request_and_per_requesting_country_and_stays_resolvable_by_the_country_that_got_it()
    {
        async Task<string> IdFor(string requester) =>
            (await PersonAsync(PyGrant(requester, AccessLevel.Full), "PY:4", "id"))["data"]!["person"]!["id"]!.GetValue<string>();
        var br1 = await IdFor("BR");
        var br2 = await IdFor("BR");
        var ar = await IdFor("AR");
        Assert.Matches(PyPseudonym(), br1);
        Assert.Matches(PyPseudonym(), br2);
        Assert.Matches(PyPseudonym(), ar);
        // Two requests of the same country cannot tell they met the same person; two countries cannot either.
        Assert.Equal(3, new[] { br1, br2, ar }.Distinct().Count());

        // The owner recorded each: local id, requesting country, time, context.
        var record = Recorded("PY", br1);
        Assert.Equal(("4", "BR", "lookup:PY:4"), (record.LocalId, record.RequesterCountry, record.Context));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record.Created);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - DateTimeOffset.Parse(record.Created, System.Globalization.CultureInfo.InvariantCulture)).TotalMinutes) < 5);
        Assert.Equal(("4", "AR"), (Recorded("PY", ar).LocalId, Recorded("PY", ar).RequesterCountry));

        // The pseudonymous id is an id: looked up by the country that got it, it gives the same pseudonymous view, with that
        // reference (two references of the same person in one request each keep their own)…
        var again = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Full), """
            query($a: ID!, $b: ID!) { a: person(id: $a) { id pseudonymous givenNames } b: person(id: $b) { id pseudonymous } }
            """, new { a = br1, b = br2 });
        Assert.Equal($$$"""{"a":{"id":"{{{br1}}}","pseudonymous":true,"givenNames":null},"b":{"id":"{{{br2}}}","pseudonymous":true}}""", J(again["data"]));
        AssertErrors(again, Protected("""["a"]""", 2, "PY"));
        var entities = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Full), """
            query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Person { id pseudonymous } } }
            """, new { reps = new[] { new Dictionary<string, string> { ["__typename"] = "Person", ["id"] = br1 }, new Dictionary<string, string> { ["__typename"] = "Person", ["id"] = br2 } } });
        Assert.Equal($$$"""{"_entities":[{"id":"{{{br1}}}","pseudonymous":true},{"id":"{{{br2}}}","pseudonymous":true}]}""", J(entities["data"]));
        AssertErrors(entities, Protected("""["_entities",0]""", 2, "PY"));
        // …another country cannot use it, nor an unknown or malformed one resolve…
        var stolen = await PersonAsync(PyGrant("AR", AccessLevel.Full), br1, "id");
        Assert.Equal("""{"person":null}""", J(stolen["data"]));
        Assert.Null(stolen["errors"]);
        Assert.Equal("""{"person":null}""", J((await PersonAsync(PyGrant("BR", AccessLevel.Full), "PY:~AAAAAAAAAAAAAAAA", "id"))["data"]));
        Assert.Equal("""{"person":null}""", J((await PersonAsync(PyGrant("BR", AccessLevel.Full), "PY:~" + br1[4..].ToLowerInvariant(), "id"))["data"]));
        // …and a RESTRICTED grant on the victim's case turns it into the record.
        var revealed = await PersonAsync(PyGrant("BR", AccessLevel.Restricted, AccessLevel.Hit, "PY:1"), br1, "id givenNames");
        Assert.Equal("""{"person":{"id":"PY:4","givenNames":["Lucía"]}}""", J(revealed["data"]));
        // Another protected person of the same request: another pseudonym.
        var both = await countries.QueryAsync("PY", PyGrant("BR", AccessLevel.Full), """{ a: person(id: "PY:4") { id } b: person(id: "PY:5") { id } c: person(id: "PY:4") { id } }""");
        Assert.NotEqual(J(both["data"]!["a"]), J(both["data"]!["b"]));
        Assert.Equal(J(both["data"]!["a"]), J(both["data"]!["c"]));
    }

    [Fact]
    public async Task A_name_search_and_a_case_participant_list_cannot_be_joined()
    {
        // The leak this closes: a name search returned PY:~X for "Lucia Ramirez Acosta", and case(PY:1).participants at FULL
        // listed the same PY:~X as the VICTIM — name linked to victim-in-case. Now each context has its own pseudonyms.
        var grant = PyGrant("BR", AccessLevel.Full);
        const string Search = """searchPersons(filter: {document: {number: "5.873.120"}}) { hits { person { id pseudonymous } } }""";
        const string Participants = """case(id: "PY:1") { participants { role person { id pseudonymous } } }""";
        static string Hit(JsonNode data) => (string)data["searchPersons"]![0]!["hits"]![0]!["person"]!["id"]!;
        static List<string> Protected(JsonNode data) => [.. data["case"]!["participants"]!.AsArray()
            .Where(p => (bool)p!["person"]!["pseudonymous"]!).Select(p => (string)p!["person"]!["id"]!)];

        // Two requests…
        var byName = (await countries.QueryAsync("PY", grant, "{ " + Search + " }"))["data"]!;
        var byCase = (await countries.QueryAsync("PY", grant, "{ " + Participants + " }"))["data"]!;
        var hit = Hit(byName);
        Assert.Matches(PyPseudonym(), hit);
        Assert.Equal(2, Protected(byCase).Count);
        Assert.DoesNotContain(hit, Protected(byCase));
        // …or two root fields of one request.
        var one = (await countries.QueryAsync("PY", grant, "{ " + Search + " " + Participants + " }"))["data"]!;
        Assert.DoesNotContain(Hit(one), Protected(one));
        Assert.Equal(2, Protected(one).Distinct().Count());
        // The same list twice in one request is the same context: the same pseudonyms, in the same order.
        var twice = (await countries.QueryAsync("PY", grant, "{ a: " + Participants + " b: " + Participants + " }"))["data"]!;
        Assert.Equal(J(twice["a"]), J(twice["b"]));

        // The owner knows what each stands for: the hit in the "hit" context, the participants in "case:PY:1".
        Assert.Equal(("4", "BR", "hit"), (Recorded("PY", hit).LocalId, Recorded("PY", hit).RequesterCountry, Recorded("PY", hit).Context));
        var victim = (string)byCase["case"]!["participants"]!.AsArray().Single(p => (string)p!["role"]! == "VICTIM")!["person"]!["id"]!;
        var witness = (string)byCase["case"]!["participants"]!.AsArray().Single(p => (string)p!["role"]! == "WITNESS")!["person"]!["id"]!;
        Assert.Equal(("4", "BR", "case:PY:1"), (Recorded("PY", victim).LocalId, Recorded("PY", victim).RequesterCountry, Recorded("PY", victim).Context));
        Assert.Equal(("5", "case:PY:1"), (Recorded("PY", witness).LocalId, Recorded("PY", witness).Context));
        // A participant's pseudonym is a reference like any other: the same view for the country that got it, the record
        // once its grant covers the case at RESTRICTED.
        Assert.Equal($$$"""{"person":{"id":"{{{victim}}}","pseudonymous":true}}""", J((await PersonAsync(grant, victim, "id pseudonymous"))["data"]));
        Assert.Equal("""{"person":{"id":"PY:4"}}""", J((await PersonAsync(PyGrant("BR", AccessLevel.Restricted, AccessLevel.Hit, "PY:1"), victim, "id"))["data"]));
    }

    [Fact]
    public async Task A_look_up_by_national_id_and_a_name_search_cannot_be_joined()
    {
        // person(id: "PY:4") and a search by the victim's document in one request: two references that must not tie the
        // document (or name) to the national id PY:4.
        var grant = PyGrant("BR", AccessLevel.Full);
        var data = (await countries.QueryAsync("PY", grant,
            """{ byId: person(id: "PY:4") { id pseudonymous } searchPersons(filter: {document: {number: "5.873.120"}}) { hits { person { id } } } }"""))["data"]!;
        var byId = (string)data["byId"]!["id"]!;
        var hit = (string)data["searchPersons"]![0]!["hits"]![0]!["person"]!["id"]!;
        Assert.Matches(PyPseudonym(), byId);
        Assert.Matches(PyPseudonym(), hit);
        Assert.NotEqual(byId, hit);
        Assert.Equal(("4", "lookup:PY:4"), (Recorded("PY", byId).LocalId, Recorded("PY", byId).Context));
        Assert.Equal(("4", "hit"), (Recorded("PY", hit).LocalId, Recorded("PY", hit).Context));
    }

    [Fact]
    public async Task A_protected_person_in_two_cases_has_a_pseudonym_per_case()
    {
        // A person of Peru's demo data with a protective participation in one case and a participation in another.
        var home = GrantedCountries.Grant("PE", "PE", AccessLevel.Restricted);
        var victims = await countries.QueryAsync("PE", home, """
            { searchPersons(filter: {role: VICTIM}, first: 100) { hits { person { id participations { case { id } } } } } }
            """);
        var person = victims["data"]!["searchPersons"]![0]!["hits"]!.AsArray().Select(h => h!["person"]!)
            .First(p => p["participations"]!.AsArray().Select(x => (string)x!["case"]!["id"]!).Distinct().Count() >= 2);
        var id = (string)person["id"]!;
        var cases = person["participations"]!.AsArray().Select(x => (string)x!["case"]!["id"]!).Distinct().Take(2).ToArray();
        var r = await countries.QueryAsync("PE", GrantedCountries.Grant("PE", "CL", AccessLevel.Full), """
            query($a: ID!, $b: ID!) { a: case(id: $a) { participants { person { id pseudonymous } } } b: case(id: $b) { participants { person { id pseudonymous } } } }
            """, new { a = cases[0], b = cases[1] });
        List<string> Pseudonyms(string alias) => [.. r["data"]![alias]!["participants"]!.AsArray()
            .Where(p => (bool)p!["person"]!["pseudonymous"]!).Select(p => (string)p!["person"]!["id"]!)];
        var inA = Pseudonyms("a").Single(p => Recorded("PE", p).LocalId == id[3..]);
        var inB = Pseudonyms("b").Single(p => Recorded("PE", p).LocalId == id[3..]);
        Assert.NotEqual(inA, inB);
        Assert.Equal("case:" + cases[0], Recorded("PE", inA).Context);
        Assert.Equal("case:" + cases[1], Recorded("PE", inB).Context);
        Assert.Empty(Pseudonyms("a").Intersect(Pseudonyms("b")));
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

    private static PseudonymRecord Record(Pseudonyms p, string pseudonym, string localId, string requester, string context) =>
        new(pseudonym, localId, requester, p.Now(), context);

    [Fact]
    public void Pseudonyms_are_keyed_by_person_country_request_and_context_and_survive_a_restart()
    {
        var path = Path.Combine(_dir, "py.redtram-adapter.sqlite");
        var state = new AdapterState(path);
        var secret = state.StoredSecret();
        Assert.Equal(32, secret.Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var first = new Pseudonyms(secret, state);
        var nonce = Pseudonyms.NewNonce();
        var pseudonym = first.Compute("4", "BR", nonce, Pseudonyms.HitContext);
        Assert.Matches("^[A-Z2-7]{16}$", pseudonym);
        Assert.Equal(pseudonym, first.Compute("4", "BR", nonce, "hit"));
        // Any other input gives another pseudonym.
        string[] others =
        [
            first.Compute("4", "BR", Pseudonyms.NewNonce(), "hit"), first.Compute("4", "AR", nonce, "hit"),
            first.Compute("4", "BR", nonce, Pseudonyms.CaseContext("PY:1")), first.Compute("5", "BR", nonce, "hit"),
            first.Compute("41", "BR", nonce, "hit"), new Pseudonyms(new byte[32], state).Compute("4", "BR", nonce, "hit"),
        ];
        Assert.Equal(others.Length + 1, others.Append(pseudonym).Distinct().Count());

        // Nothing resolves before it is recorded; then only for the country it was handed to.
        Assert.Null(first.Resolve("BR", pseudonym));
        first.Save([Record(first, pseudonym, "4", "BR", "hit"), Record(first, others[2], "4", "BR", "case:PY:1")]);
        Assert.Equal("4", first.Resolve("BR", pseudonym));
        Assert.Equal("4", first.Resolve("BR", others[2]));
        Assert.Null(first.Resolve("AR", pseudonym));
        Assert.Null(first.Resolve("BR", "AAAAAAAAAAAAAAAA"));
        Assert.Null(first.Resolve("BR", pseudonym.ToLowerInvariant()));
        Assert.Null(first.Resolve("BR", pseudonym[..15]));

        // A new process: same state file, same secret, the records are read back.
        var restarted = new AdapterState(path);
        Assert.Equal(secret, restarted.StoredSecret());
        var second = new Pseudonyms(restarted.StoredSecret(), restarted);
        Assert.Equal("4", second.Resolve("BR", pseudonym));
        Assert.Equal(pseudonym, second.Compute("4", "BR", nonce, "hit"));
        var record = Assert.Single(PseudonymLookup.Find(path, pseudonym));
        Assert.Equal((pseudonym, "4", "BR", "hit"), (record.Pseudonym, record.LocalId, record.RequesterCountry, record.Context));
        Assert.Throws<AdapterConfigurationException>(() => new Pseudonyms(new byte[16], restarted));
        Assert.Throws<AdapterConfigurationException>(() => new Pseudonyms(secret, restarted, TimeSpan.Zero));
    }

    [Fact]
    public void Pseudonyms_expire_after_the_retention_and_are_pruned()
    {
        var path = Path.Combine(_dir, "pe.redtram-adapter.sqlite");
        var state = new AdapterState(path);
        var now = DateTimeOffset.UtcNow;
        var clock = now;
        var pseudonyms = new Pseudonyms(state.StoredSecret(), state, TimeSpan.FromDays(400), () => clock);
        var nonce = Pseudonyms.NewNonce();
        var old = pseudonyms.Compute("10", "CL", nonce, "hit");
        pseudonyms.Save([Record(pseudonyms, old, "10", "CL", "hit")]);
        clock = now.AddDays(300);
        var recent = pseudonyms.Compute("10", "CL", nonce, "case:PE:1");
        pseudonyms.Save([Record(pseudonyms, recent, "10", "CL", "case:PE:1")]);

        clock = now.AddDays(399);
        Assert.Equal("10", pseudonyms.Resolve("CL", old));
        clock = now.AddDays(401);
        // Past the retention a pseudonym is no longer honoured, even before it is pruned…
        Assert.Null(pseudonyms.Resolve("CL", old));
        Assert.Equal("10", pseudonyms.Resolve("CL", recent));
        Assert.Single(PseudonymLookup.Find(path, old));
        // …and pruning (at start-up, then at most daily) deletes it.
        Assert.Equal(1, pseudonyms.Prune());
        Assert.Empty(PseudonymLookup.Find(path, old));
        Assert.Single(PseudonymLookup.Find(path, recent));
        Assert.Equal(0, pseudonyms.Prune());
    }

    [Fact]
    public void A_state_file_of_format_v1_is_migrated_and_its_pseudonyms_stay_resolvable()
    {
        var path = Path.Combine(_dir, "py.redtram-adapter.sqlite");
        Directory.CreateDirectory(_dir);
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"""
                CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
                CREATE TABLE pseudonym(requester TEXT NOT NULL, pseudonym TEXT NOT NULL, local_id TEXT NOT NULL, created TEXT NOT NULL, PRIMARY KEY (requester, pseudonym));
                INSERT INTO pseudonym VALUES ('BR', 'ABCDEFGHIJKLMNOP', '4', '{DateTimeOffset.UtcNow.AddDays(-3):o}');
                INSERT INTO pseudonym VALUES ('AR', 'QRSTUVWXYZ234567', '5', '2020-01-01T00:00:00.0000000+00:00');
                """;
            cmd.ExecuteNonQuery();
        }
        // Read as it is by the owner's command, before any adapter opened it…
        Assert.Equal(("4", "BR", AdapterState.LegacyContext), Assert.Single(PseudonymLookup.Find(path, "ABCDEFGHIJKLMNOP")) is var v1 ? (v1.LocalId, v1.RequesterCountry, v1.Context) : default);
        // …then migrated when the adapter opens it: the recent one resolves, the one older than the retention is pruned.
        var state = new AdapterState(path);
        var pseudonyms = new Pseudonyms(state.StoredSecret(), state);
        Assert.Equal("4", pseudonyms.Resolve("BR", "ABCDEFGHIJKLMNOP"));
        var record = Assert.Single(PseudonymLookup.Find(path, "ABCDEFGHIJKLMNOP"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", record.Created);
        Assert.Equal(AdapterState.LegacyContext, record.Context);
        Assert.Equal(1, pseudonyms.Prune());
        Assert.Empty(PseudonymLookup.Find(path, "QRSTUVWXYZ234567"));
        // Opening it again changes nothing.
        Assert.Equal("4", new Pseudonyms(new AdapterState(path).StoredSecret(), new AdapterState(path)).Resolve("BR", "ABCDEFGHIJKLMNOP"));
    }

    [Theory]
    [InlineData("PY:~ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP")]
    [InlineData("  py:~abcdefghijklmnop ", "ABCDEFGHIJKLMNOP")]
    [InlineData("~ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP")]
    [InlineData("ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP")]
    [InlineData("PY:~ABCDEFGHIJKLMNO", null)]
    [InlineData("PY:~ABCDEFGHIJKLMNO1", null)]
    [InlineData("PY:4", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Pseudonym_references_are_normalised(string? quoted, string? expected) =>
        Assert.Equal(expected, PseudonymLookup.Normalize(quoted));
}
