using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Redtram.Adapters.Api;
using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Conformance;

public sealed class ConformanceOptions
{
    /// <summary>The adapter's country; discovered from its answers when null.</summary>
    public string? Country { get; init; }
    /// <summary>The contract; the embedded schema/national.graphql when null.</summary>
    public string? CanonicalSdl { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(20);
    /// <summary>Optional client (e.g. with mTLS or a grant header); a plain one is created otherwise.</summary>
    public HttpClient? Http { get; init; }
}

public sealed record ConformanceCheck(string Name, bool Passed, string Detail, long ElapsedMs);

public sealed record ConformanceReport(Uri Url, string? Country, IReadOnlyList<ConformanceCheck> Checks)
{
    public bool Passed => Checks.Count > 0 && Checks.All(c => c.Passed);
    public int FailedCount => Checks.Count(c => !c.Passed);

    /// <summary>One line per check, then a summary line (for `redtram adapter check --url`).</summary>
    public string ToText()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Conformance of {Url} ({Country ?? "country unknown"})");
        foreach (var c in Checks)
            sb.AppendLine($"  {(c.Passed ? "PASS" : "FAIL")}  {c.Name,-28} {c.Detail} ({c.ElapsedMs} ms)");
        sb.AppendLine(Passed ? $"PASSED: {Checks.Count} checks" : $"FAILED: {FailedCount} of {Checks.Count} checks");
        return sb.ToString();
    }
}

/// <summary>
/// The conformance kit every country adapter must pass, run against its GraphQL URL: the served schema is the canonical
/// one, entities resolve in order with nulls for unknown ids, the search semantics hold (accents, case, surname order,
/// prefixes, check digits, phone formats, pagination, the countries filter), bad input is BAD_USER_INPUT, and injection
/// strings change nothing. The suite discovers sample records from the adapter itself, so it runs on any data.
/// </summary>
public static class ConformanceSuite
{
    private static readonly string[] Injections =
    [
        "' OR '1'='1", "x' OR 1=1 --", "\"; DROP TABLE persons; --", "1; SELECT * FROM sqlite_master", "' UNION SELECT NULL, NULL --",
        "%' OR ''='", "Robert'); DELETE FROM personas;--", "\\'; --", "$1 OR 1=1", "'||(SELECT 1)||'",
    ];

    public static async Task<ConformanceReport> RunAsync(Uri adapterUrl, ConformanceOptions? options = null, CancellationToken ct = default)
    {
        options ??= new ConformanceOptions();
        var owned = options.Http is null;
        var http = options.Http ?? new HttpClient { Timeout = options.RequestTimeout };
        try
        {
            var run = new Run(http, adapterUrl, options);
            await run.ExecuteAsync(ct);
            return new ConformanceReport(adapterUrl, run.Country, run.Checks);
        }
        finally
        {
            if (owned)
                http.Dispose();
        }
    }

    private sealed class Run(HttpClient http, Uri url, ConformanceOptions options)
    {
        public List<ConformanceCheck> Checks { get; } = [];
        public string? Country { get; private set; } = options.Country;
        private JsonArray _sample = [];

        private const string PersonFields = "id sourceCountry givenNames surnames { value kind } aliases birthDate birthDatePrecision nationalities documents { type number normalized issuer checkDigitValid } phones { e164 } participations { role case { id } }";

        public async Task ExecuteAsync(CancellationToken ct)
        {
            await Check("schema matches contract", ct, SchemaAsync);
            await Check("discover sample records", ct, DiscoverAsync);
            await Check("entities in order", ct, EntitiesAsync);
            await Check("name: accents and case", ct, c => NameVariantAsync(c, p => Names.Fold(FullName(p)).ToLowerInvariant(), "accent- and case-folded name"));
            await Check("name: surnames reversed", ct, c => NameVariantAsync(c, p => string.Join(' ', Given(p).Concat(Surnames(p).AsEnumerable().Reverse())), "surnames reversed", needTwoSurnames: true));
            await Check("name: prefixes", ct, c => NameVariantAsync(c, p => string.Join(' ', Given(p).Take(1).Concat(Surnames(p).Take(1).Select(s => Names.Fold(s).Split(' ')[^1][..Math.Min(4, Names.Fold(s).Split(' ')[^1].Length)]))), "given name and surname prefix"));
            await Check("document: check digit errors", ct, CheckDigitAsync);
            await Check("document: any format", ct, DocumentAsync);
            await Check("phone: any format", ct, PhoneAsync);
            await Check("pagination", ct, PaginationAsync);
            await Check("countries filter", ct, CountriesAsync);
            await Check("bad input", ct, BadInputAsync);
            await Check("injection strings", ct, InjectionAsync);
        }

        private async Task Check(string name, CancellationToken ct, Func<CancellationToken, Task<string>> body)
        {
            var sw = Stopwatch.StartNew();
            try
            {
                var detail = await body(ct);
                Checks.Add(new ConformanceCheck(name, true, detail, sw.ElapsedMilliseconds));
            }
            catch (ConformanceFailure e)
            {
                Checks.Add(new ConformanceCheck(name, false, e.Message, sw.ElapsedMilliseconds));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException)
            {
                Checks.Add(new ConformanceCheck(name, false, $"{e.GetType().Name}: {e.Message}", sw.ElapsedMilliseconds));
            }
        }

        private sealed class ConformanceFailure(string message) : Exception(message);

        private static void Require(bool condition, string message)
        {
            if (!condition)
                throw new ConformanceFailure(message);
        }

        private async Task<JsonObject> PostAsync(string query, object? variables, CancellationToken ct)
        {
            using var response = await http.PostAsJsonAsync(url, new { query, variables }, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            Require((int)response.StatusCode < 500, $"HTTP {(int)response.StatusCode} for a GraphQL request");
            return JsonNode.Parse(text)?.AsObject() ?? throw new ConformanceFailure("empty response");
        }

        private async Task<JsonNode> DataAsync(string query, object? variables, CancellationToken ct)
        {
            var r = await PostAsync(query, variables, ct);
            Require(r["errors"] is null, "unexpected errors: " + Trim(r["errors"]?.ToJsonString()));
            return r["data"] ?? throw new ConformanceFailure("no data");
        }

        private static string Trim(string? s) => s is null ? "" : s.Length > 300 ? s[..300] + "…" : s;

        private static string? Code(JsonObject r) => r["errors"]?[0]?["extensions"]?["code"]?.GetValue<string>();

        // ---------------------------------------------------------------- checks

        private async Task<string> SchemaAsync(CancellationToken ct)
        {
            var data = await DataAsync("{ _service { sdl } }", null, ct);
            var sdl = data["_service"]?["sdl"]?.GetValue<string>() ?? throw new ConformanceFailure("_service.sdl is empty");
            var problems = SchemaComparer.Compare(options.CanonicalSdl ?? CanonicalSchema.Sdl, sdl);
            Require(problems.Count == 0, $"{problems.Count} differences: {string.Join("; ", problems.Take(8))}");
            Require(sdl.Contains("specs.apollo.dev/federation/v2", StringComparison.Ordinal), "the SDL does not @link Federation v2");
            return "same types, fields, arguments and enum values; Federation v2 link";
        }

        private async Task<string> DiscoverAsync(CancellationToken ct)
        {
            var data = await DataAsync($"query($f: PersonFilter!) {{ searchPersons(filter: $f, first: 100) {{ country totalCount hits {{ person {{ {PersonFields} }} }} }} }}",
                new { f = new { bornFrom = "1900-01-01" } }, ct);
            var pages = data["searchPersons"]!.AsArray();
            Require(pages.Count == 1, $"a search without countries returns one page for the adapter's country, got {pages.Count}");
            var country = pages[0]!["country"]!.GetValue<string>();
            Require(Country is null || Country == country, $"the page country is {country}, expected {Country}");
            Country = country;
            _sample = new JsonArray(pages[0]!["hits"]!.AsArray().Select(h => h!["person"]!.DeepClone()).ToArray());
            Require(_sample.Count > 0, "no person with a birth date to sample (the suite needs some data)");
            Require(_sample.All(p => p!["id"]!.GetValue<string>().StartsWith(country + ":", StringComparison.Ordinal)), "ids are not \"CC:localId\" of the adapter's country");
            return $"country {country}, {pages[0]!["totalCount"]} persons with a birth date, {_sample.Count} sampled";
        }

        private JsonNode SamplePerson(Func<JsonNode, bool> predicate, string what) =>
            _sample.FirstOrDefault(p => p is not null && predicate(p)) ?? throw new ConformanceFailure($"no sampled person with {what}");

        private static IEnumerable<string> Given(JsonNode p) => p["givenNames"]!.AsArray().Select(x => x!.GetValue<string>());
        private static List<string> Surnames(JsonNode p) => p["surnames"]!.AsArray().Where(s => s!["kind"]!.GetValue<string>() != "SPOUSAL").Select(x => x!["value"]!.GetValue<string>()).ToList();
        private static string FullName(JsonNode p) => string.Join(' ', Given(p).Concat(Surnames(p)));
        private static string Id(JsonNode p) => p["id"]!.GetValue<string>();

        private async Task<string> EntitiesAsync(CancellationToken ct)
        {
            var person = SamplePerson(p => p["participations"]!.AsArray().Count > 0, "a participation");
            var caseId = person["participations"]![0]!["case"]!["id"]!.GetValue<string>();
            var other = Country == "AR" ? "BO" : "AR";
            var reps = new object[]
            {
                new Dictionary<string, object> { ["__typename"] = "Person", ["id"] = Id(person) },
                new Dictionary<string, object> { ["__typename"] = "Person", ["id"] = Country + ":does-not-exist-0" },
                new Dictionary<string, object> { ["__typename"] = "Case", ["id"] = caseId },
                new Dictionary<string, object> { ["__typename"] = "ContactPoint", ["country"] = Country! },
                new Dictionary<string, object> { ["__typename"] = "Person", ["id"] = other + ":1" },
                new Dictionary<string, object> { ["__typename"] = "Case", ["id"] = Country + ":does-not-exist-0" },
            };
            var data = await DataAsync("query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Person { id } ... on Case { id } ... on ContactPoint { country office } } }", new { r = reps }, ct);
            var list = data["_entities"]!.AsArray();
            Require(list.Count == reps.Length, $"{list.Count} entities for {reps.Length} representations");
            Require(list[0]?["id"]?.GetValue<string>() == Id(person), "entity 0 is not the person asked for");
            Require(list[1] is null, "an unknown person id must resolve to null");
            Require(list[2]?["id"]?.GetValue<string>() == caseId, "entity 2 is not the case asked for");
            Require(list[3]?["country"]?.GetValue<string>() == Country, "entity 3 is not the contact point");
            Require(list[4] is null, "another country's id must resolve to null");
            Require(list[5] is null, "an unknown case id must resolve to null");
            return "Person, Case, ContactPoint in order; unknown and foreign ids null";
        }

        private async Task<bool> FindsAsync(object filter, string id, CancellationToken ct)
        {
            var data = await DataAsync("query($f: PersonFilter!) { searchPersons(filter: $f, first: 100) { hits { score reasons { kind } person { id } } } }", new { f = filter }, ct);
            return data["searchPersons"]!.AsArray().SelectMany(p => p!["hits"]!.AsArray()).Any(h => h!["person"]!["id"]!.GetValue<string>() == id);
        }

        private async Task<string> NameVariantAsync(CancellationToken ct, Func<JsonNode, string> variant, string what, bool needTwoSurnames = false)
        {
            var person = SamplePerson(p => Given(p).Any() && Surnames(p).Count >= (needTwoSurnames ? 2 : 1) && p["birthDatePrecision"]!.GetValue<string>() == "DAY"
                                           && Surnames(p).All(s => Names.Fold(s).Split(' ')[^1].Length >= 3), needTwoSurnames ? "given names, two surnames and a birth day" : "a name and a birth day");
            var name = variant(person);
            var birth = person["birthDate"]!.GetValue<string>();
            Require(await FindsAsync(new { name, bornFrom = birth, bornTo = birth }, Id(person), ct), $"{Id(person)} not found by its {what} \"{name}\"");
            return $"{Id(person)} found by its {what}";
        }

        private async Task<string> CheckDigitAsync(CancellationToken ct)
        {
            var cases = new[] { ("CL", "12.345.678-9", "RUN"), ("BR", "529.982.247-24", "CPF") };
            foreach (var (issuer, number, rule) in cases)
            {
                var r = await PostAsync("query($f: PersonFilter!) { searchPersons(filter: $f) { totalCount } }", new { f = new { document = new { number, issuer } } }, ct);
                Require(Code(r) == "BAD_USER_INPUT", $"{rule} {number} must be a BAD_USER_INPUT error, got {Trim(r.ToJsonString())}");
                var message = r["errors"]![0]!["message"]!.GetValue<string>();
                Require(message.Contains(rule, StringComparison.Ordinal), $"the error must name the rule {rule}: \"{message}\"");
            }
            return "bad RUN and CPF rejected with BAD_USER_INPUT naming the rule";
        }

        private async Task<string> DocumentAsync(CancellationToken ct)
        {
            var person = SamplePerson(p => p["documents"]!.AsArray().Any(d => d!["checkDigitValid"]?.GetValue<bool>() != false), "a valid document");
            var doc = person["documents"]!.AsArray().First(d => d!["checkDigitValid"]?.GetValue<bool>() != false)!;
            var number = doc["number"]!.GetValue<string>();
            var spaced = string.Join(' ', doc["normalized"]!.GetValue<string>().Chunk(3).Select(c => new string(c))).ToLowerInvariant();
            foreach (var n in new[] { number, spaced })
                Require(await FindsAsync(new { document = new { number = n, issuer = doc["issuer"]!.GetValue<string>(), type = doc["type"]!.GetValue<string>() } }, Id(person), ct),
                    $"{Id(person)} not found by its document written \"{n}\"");
            return $"{Id(person)} found by its {doc["type"]} as recorded and reformatted";
        }

        private async Task<string> PhoneAsync(CancellationToken ct)
        {
            var person = SamplePerson(p => p["phones"]!.AsArray().Count > 0, "a phone");
            var e164 = person["phones"]![0]!["e164"]!.GetValue<string>();
            var digits = e164[1..];
            var formats = new[] { e164, "00" + digits, $"+{digits[..2]} {string.Join('-', digits[2..].Chunk(3).Select(c => new string(c)))}", $"({digits[..2]}) {digits[2..]}".Replace("(", "+(", StringComparison.Ordinal) };
            foreach (var f in formats)
                Require(await FindsAsync(new { phone = f }, Id(person), ct), $"{Id(person)} not found by phone \"{f}\"");
            return $"{Id(person)} found by {formats.Length} formats of its phone";
        }

        private async Task<string> PaginationAsync(CancellationToken ct)
        {
            const string q = "query($f: PersonFilter!, $n: Int, $a: String) { searchPersons(filter: $f, first: $n, after: $a) { totalCount hits { cursor person { id } } pageInfo { hasNextPage endCursor } } }";
            var f = new { bornFrom = "1900-01-01" };
            var all = (await DataAsync(q, new { f, n = 10 }, ct))["searchPersons"]![0]!;
            var p1 = (await DataAsync(q, new { f, n = 5 }, ct))["searchPersons"]![0]!;
            var end = p1["pageInfo"]!["endCursor"]?.GetValue<string>();
            Require(end is not null, "endCursor missing on a non-empty page");
            var p2 = (await DataAsync(q, new { f, n = 5, a = end }, ct))["searchPersons"]![0]!;
            var ids = p1["hits"]!.AsArray().Concat(p2["hits"]!.AsArray()).Select(h => h!["person"]!["id"]!.GetValue<string>()).ToList();
            var expected = all["hits"]!.AsArray().Select(h => h!["person"]!["id"]!.GetValue<string>()).ToList();
            Require(ids.SequenceEqual(expected), "two pages of 5 differ from one page of 10");
            Require(ids.Distinct().Count() == ids.Count, "pages overlap");
            Require(p1["totalCount"]!.GetValue<int>() == p2["totalCount"]!.GetValue<int>(), "totalCount changes between pages");
            var total = all["totalCount"]!.GetValue<int>();
            Require(p1["pageInfo"]!["hasNextPage"]!.GetValue<bool>() == (total > 5), "hasNextPage is wrong");
            var mid = p1["hits"]![2]!["cursor"]!.GetValue<string>();
            var p3 = (await DataAsync(q, new { f, n = 2, a = mid }, ct))["searchPersons"]![0]!;
            Require(p3["hits"]!.AsArray().Select(h => h!["person"]!["id"]!.GetValue<string>()).SequenceEqual(expected.Skip(3).Take(2)), "a hit's cursor does not continue after that hit");
            return $"pages consistent over {total} hits";
        }

        private async Task<string> CountriesAsync(CancellationToken ct)
        {
            var other = Country == "AR" ? "BO" : "AR";
            const string q = "query($f: PersonFilter!, $c: [CountryCode!]) { searchPersons(filter: $f, countries: $c) { country totalCount } searchCases(filter: {openedFrom: \"1900-01-01\"}, countries: $c) { country } }";
            var f = new { bornFrom = "1900-01-01" };
            var none = await DataAsync(q, new { f, c = new[] { other } }, ct);
            Require(none["searchPersons"]!.AsArray().Count == 0 && none["searchCases"]!.AsArray().Count == 0, $"countries: [{other}] must return no page");
            var own = await DataAsync(q, new { f, c = new[] { other, Country } }, ct);
            Require(own["searchPersons"]!.AsArray().Count == 1 && own["searchPersons"]![0]!["country"]!.GetValue<string>() == Country, "countries with the adapter's country must return its page");
            Require(own["searchCases"]!.AsArray().Count == 1, "searchCases must honour countries too");
            var cp = await DataAsync("query($c: CountryCode!, $o: CountryCode!) { mine: contactPoint(country: $c) { country email } other: contactPoint(country: $o) { country } }", new { c = Country, o = other }, ct);
            Require(cp["mine"]?["country"]?.GetValue<string>() == Country && cp["other"] is null, "contactPoint answers for the adapter's country only");
            return "other countries get no page; own country one page; contact point";
        }

        private async Task<string> BadInputAsync(CancellationToken ct)
        {
            var probes = new (string Label, string Query, object? Vars)[]
            {
                ("first 101", "{ searchPersons(filter: {bornFrom: \"1900-01-01\"}, first: 101) { totalCount } }", null),
                ("first -1", "{ searchPersons(filter: {bornFrom: \"1900-01-01\"}, first: -1) { totalCount } }", null),
                ("foreign cursor", "{ searchPersons(filter: {bornFrom: \"1900-01-01\"}, after: \"bm90IGEgY3Vyc29y\") { totalCount } }", null),
                ("empty filter", "{ searchPersons(filter: {}) { totalCount } }", null),
                ("empty case filter", "{ searchCases(filter: {}) { totalCount } }", null),
                ("malformed id", "{ person(id: \"12345\") { id } }", null),
                ("malformed case id", "{ case(id: \"nope\") { id } }", null),
                ("born range reversed", "{ searchPersons(filter: {bornFrom: \"2000-01-01\", bornTo: \"1990-01-01\"}) { totalCount } }", null),
                ("bad ICCS", "{ searchPersons(filter: {iccsCode: \"trata\"}) { totalCount } }", null),
                ("not a phone", "{ searchPersons(filter: {phone: \"call me\"}) { totalCount } }", null),
                ("particles only", "{ searchPersons(filter: {name: \"de la\"}) { totalCount } }", null),
            };
            foreach (var (label, query, vars) in probes)
            {
                var r = await PostAsync(query, vars, ct);
                Require(Code(r) == "BAD_USER_INPUT", $"{label}: expected BAD_USER_INPUT, got {Trim(r.ToJsonString())}");
            }
            var unknownCountry = await PostAsync("{ contactPoint(country: XX) { country } }", null, ct);
            Require(unknownCountry["errors"] is not null, "an unknown country must be an error");
            return $"{probes.Length} bad inputs are BAD_USER_INPUT; unknown country rejected";
        }

        private async Task<string> InjectionAsync(CancellationToken ct)
        {
            var count = 0;
            foreach (var payload in Injections)
            {
                var twin = new string(payload.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray());
                foreach (var (label, filter, twinFilter) in new (string, object, object)[]
                {
                    ("name", new { name = payload }, new { name = twin }),
                    ("document", new { document = new { number = payload } }, new { document = new { number = twin } }),
                    ("document passport", new { document = new { number = payload, type = "PASSPORT" } }, new { document = new { number = twin, type = "PASSPORT" } }),
                    ("phone", new { phone = payload }, new { phone = twin }),
                    ("iccsCode", new { iccsCode = payload }, new { iccsCode = twin }),
                })
                {
                    var (n, error) = await CountAsync("PersonFilter", "searchPersons", filter, ct);
                    var (n2, _) = await CountAsync("PersonFilter", "searchPersons", twinFilter, ct);
                    Require(error is null or "BAD_USER_INPUT", $"{label} \"{payload}\": error {error}");
                    Require(n <= n2, $"{label} \"{payload}\": {n} hits, more than its plain-text twin ({n2})");
                    count++;
                }
                foreach (var (label, filter, twinFilter) in new (string, object, object)[]
                {
                    ("localNumber", new { localNumber = payload }, new { localNumber = twin }),
                    ("participantName", new { participantName = payload }, new { participantName = twin }),
                })
                {
                    var (n, error) = await CountAsync("CaseFilter", "searchCases", filter, ct);
                    var (n2, _) = await CountAsync("CaseFilter", "searchCases", twinFilter, ct);
                    Require(error is null or "BAD_USER_INPUT", $"{label} \"{payload}\": error {error}");
                    Require(n <= n2, $"{label} \"{payload}\": {n} hits, more than its plain-text twin ({n2})");
                    count++;
                }
                var r = await PostAsync("query($id: ID!) { person(id: $id) { id } case(id: $id) { id } }", new { id = $"{Country}:{payload}" }, ct);
                Require(Code(r) is null or "BAD_USER_INPUT" && r["data"]?["person"] is null && r["data"]?["case"] is null, $"id \"{payload}\": {Trim(r.ToJsonString())}");
                var cursor = await PostAsync("query($a: String) { searchPersons(filter: {bornFrom: \"1900-01-01\"}, after: $a) { totalCount } }", new { a = payload }, ct);
                Require(Code(cursor) == "BAD_USER_INPUT", $"cursor \"{payload}\": {Trim(cursor.ToJsonString())}");
                count += 2;
            }
            return $"{count} injection probes: no error but BAD_USER_INPUT, never more rows than the plain text";
        }

        private async Task<(int Count, string? Error)> CountAsync(string filterType, string field, object filter, CancellationToken ct)
        {
            var r = await PostAsync($"query($f: {filterType}!) {{ {field}(filter: $f, first: 0) {{ totalCount }} }}", new { f = filter }, ct);
            if (r["errors"] is not null)
                return (0, Code(r) ?? "NO_CODE");
            return (r["data"]![field]!.AsArray().Sum(p => p!["totalCount"]!.GetValue<int>()), null);
        }
    }
}
