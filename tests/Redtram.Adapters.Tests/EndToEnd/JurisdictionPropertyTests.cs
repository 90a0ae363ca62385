using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GraphQLParser.AST;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Redtram.DemoData;
using Redtram.Gateway;
using Redtram.Gateway.Security;
using Xunit.Abstractions;

namespace Redtram.Adapters.Tests.EndToEnd;

/// <summary>
/// The jurisdiction property (issue 5, item 8): for random principals (country, roles, purpose, requesting case) and
/// random queries over the canonical schema, no response ever holds a field or a record the owner's policy denies —
/// through the real gateway (policy, signed grants) and the four demo adapters (per-record enforcement), over HTTP.
/// Every request is sent to a gateway with its caches (documents, plans, specialised fetches, signed grants) warm, twice,
/// and to a gateway whose document and plan cache is off.
/// <para>The oracle works from the policy (<see cref="AccessPolicy.GrantFor"/>, field levels) and from ground truth
/// read from each adapter directly with a home-country grant (who takes part in which case, in which role).</para>
/// </summary>
public sealed class JurisdictionPropertyTests(JurisdictionFixture fixture, ITestOutputHelper output) : IClassFixture<JurisdictionFixture>
{
    [Fact]
    public async Task No_response_holds_a_field_or_record_the_policy_denies()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("REDTRAM_PROPERTY_SEED"), out var s) ? s : 20261130;
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("REDTRAM_PROPERTY_ITERATIONS"), out var n) ? n : 500;
        var random = new Random(seed);
        var generator = new QueryGenerator(fixture.Schema, random);
        var checkedValues = 0;
        var pseudonyms = 0;
        var levelsSeen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < iterations; i++)
        {
            var principal = fixture.RandomPrincipal(random);
            var query = generator.Next();
            foreach (var (name, gateway) in new[] { ("cached", fixture.Cached), ("cached, again", fixture.Cached), ("uncached", fixture.Uncached) })
            {
                var body = await fixture.QueryAsync(gateway, principal, query.Text);
                var oracle = new Oracle(fixture, principal);
                var violations = await oracle.CheckAsync(query, body);
                checkedValues += oracle.Checked;
                pseudonyms += oracle.Pseudonyms;
                foreach (var c in body["extensions"]?["countries"]?.AsArray() ?? [])
                {
                    levelsSeen.Add((string?)c!["level"] ?? "?");
                }

                if (violations.Count > 0)
                {
                    Assert.Fail($"seed {seed}, case {i} ({name}): {principal}\n{query.Text}\n{string.Join("\n", violations.Take(20))}\nresponse: {body.ToJsonString()[..Math.Min(4000, body.ToJsonString().Length)]}");
                }
            }
        }

        output.WriteLine($"seed {seed}: {iterations} principals × queries, 3 requests each, {checkedValues} values checked, {pseudonyms} pseudonymous references; levels seen: {string.Join(", ", levelsSeen.Order())}");
        // The run must have exercised the ladder, or it proves nothing.
        Assert.Superset(new HashSet<string> { "NONE", "HIT", "SUMMARY", "FULL", "RESTRICTED" }, levelsSeen);
        Assert.True(checkedValues > 1000, $"only {checkedValues} values checked");
        Assert.True(pseudonyms > 0, "no protected person was met: the run does not exercise per-record masking");
    }

    [Fact]
    public async Task The_oracle_catches_a_leak()
    {
        // The oracle is only worth something if it fails on a response that shows too much: a BR prosecutor (HIT on PE)
        // shown a PE hit, an alias at SUMMARY, and a victim's identity.
        var principal = new TestPrincipal("BR", ["prosecutor"], "CRIMINAL_INVESTIGATION", "BR:2025-0042");
        var query = new QueryGenerator(fixture.Schema, new Random(1)).Parse("{ searchPersons(filter: {name: \"x\"}) { country totalCount hits { person { id aliases } } } }");
        var leaked = JsonNode.Parse("""{"data":{"searchPersons":[{"country":"PE","totalCount":1,"hits":[{"person":{"id":"PE:10","aliases":["x"]}}]}]}}""")!.AsObject();
        var violations = await new Oracle(fixture, principal).CheckAsync(query, leaked);
        Assert.Contains(violations, v => v.Contains("PersonSearchPage.hits", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Person.aliases", StringComparison.Ordinal));

        var clAtSummary = new TestPrincipal("CL", ["prosecutor"], "CRIMINAL_INVESTIGATION", "CL:2025-0042");
        var victim = JsonNode.Parse("""{"data":{"searchPersons":[{"country":"PE","totalCount":1,"hits":[{"person":{"id":"PE:10","aliases":null}}]}]}}""")!.AsObject();
        var v2 = await new Oracle(fixture, clAtSummary).CheckAsync(query, victim);
        Assert.Contains(v2, v => v.Contains("protected person", StringComparison.Ordinal));

        var secretariat = new TestPrincipal("PE", ["secretariat"], "CRIMINAL_INVESTIGATION", "PE:2025-0042");
        var page = JsonNode.Parse("""{"data":{"searchPersons":[{"country":"PE","totalCount":0,"hits":null}]}}""")!.AsObject();
        var v3 = await new Oracle(fixture, secretariat).CheckAsync(query, page);
        Assert.Contains(v3, v => v.Contains("NONE", StringComparison.Ordinal));
    }
}

/// <summary>A requester: country, roles, and the declared purpose and requesting case.</summary>
public sealed record TestPrincipal(string Country, IReadOnlyList<string> Roles, string Purpose, string CaseReference)
{
    public override string ToString() => $"{Country} {string.Join("+", Roles)} {Purpose} {CaseReference}";
}

/// <summary>Four demo adapters requiring signed grants, and two gateways with the checked-in policy (demo issuers).</summary>
public sealed class JurisdictionFixture : IAsyncLifetime
{
    private static readonly string[] Codes = ["pe", "cl", "br", "py"];
    private readonly List<WebApplication> _apps = [];
    private readonly Dictionary<string, HttpClient> _adapterClients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonObject?> _truth = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _truthGate = new(1, 1);
    private System.Security.Cryptography.ECDsa _grantKey = null!;
    private Redtram.Grants.GrantSigner _signer = null!;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "redtram-jurisdiction-" + Guid.NewGuid().ToString("N"));

    public DevTokenIssuer Tokens { get; private set; } = null!;

    public AccessPolicy Policy { get; private set; } = null!;

    public CanonicalTypes Schema { get; } = CanonicalTypes.Load(Path.Combine(CrossCountryFixture.Root, "schema", "national.graphql"));

    public HttpClient Cached { get; private set; } = null!;

    public HttpClient Uncached { get; private set; } = null!;

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        var root = CrossCountryFixture.Root;
        Tokens = DevTokenIssuer.LoadOrCreate(Path.Combine(DataDir, "issuers"), [.. Codes.Select(c => c.ToUpperInvariant())]);
        var policyDir = Path.Combine(DataDir, "policy");
        Tokens.WritePolicy(Path.Combine(root, "schema", "policy"), policyDir);
        var (policy, errors) = PolicyLoader.Load(policyDir);
        Policy = policy ?? throw new InvalidOperationException(string.Join("; ", errors));

        _grantKey = Redtram.Grants.GrantKeys.CreateP256();
        var kid = Redtram.Grants.GrantKeys.Thumbprint(_grantKey);
        _signer = new Redtram.Grants.GrantSigner(_grantKey, kid);
        var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var cc in Codes)
        {
            DemoDatabase.Create(cc, Path.Combine(DataDir, cc + ".db"), new DemoOptions { Persons = 300 });
            var adapter = AdapterApp.Build(new AdapterOptions
            {
                MappingPath = Path.Combine(root, "adapters", "countries", cc, "mapping.yaml"),
                DataDir = DataDir,
                Urls = "http://127.0.0.1:0",
                GrantKeys = [new Redtram.Grants.GrantKey(kid, _grantKey)],
            });
            await adapter.StartAsync();
            _apps.Add(adapter);
            var url = AdapterApp.BaseUrl(adapter).TrimEnd('/') + "/graphql";
            endpoints[cc.ToUpperInvariant()] = url;
            _adapterClients[cc.ToUpperInvariant()] = new HttpClient { BaseAddress = new Uri(url) };
        }

        Cached = await StartGatewayAsync(policyDir, endpoints, new Redtram.Federation.Execution.EngineOptions());
        Uncached = await StartGatewayAsync(policyDir, endpoints, new Redtram.Federation.Execution.EngineOptions { DocumentCacheSize = 0 });
    }

    private async Task<HttpClient> StartGatewayAsync(string policyDir, Dictionary<string, string> endpoints, Redtram.Federation.Execution.EngineOptions engine)
    {
        var gateway = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = Path.Combine(CrossCountryFixture.Root, "schema", "supergraph.graphql"),
            Urls = "http://127.0.0.1:0",
            Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = endpoints },
            PolicyDirectory = policyDir,
            GrantKey = _grantKey,
            Engine = engine,
            Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(DataDir, "audit-" + Guid.NewGuid().ToString("N") + ".db") },
        });
        await gateway.StartAsync();
        _apps.Add(gateway);
        var address = gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        foreach (var c in _adapterClients.Values)
        {
            c.Dispose();
        }

        Tokens.Dispose();
        _grantKey.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static readonly string[] Roles = [.. RoleNames.ByName.Keys];

    /// <summary>A random requester: one role (sometimes two), a purpose of the policy and one of its own cases: a case
    /// of a JIT it belongs to, the case of an executed MLA request, or an ordinary case.</summary>
    public TestPrincipal RandomPrincipal(Random random)
    {
        var country = Codes[random.Next(Codes.Length)].ToUpperInvariant();
        var roles = new List<string> { Roles[random.Next(Roles.Length)] };
        if (random.Next(5) == 0)
        {
            var other = Roles[random.Next(Roles.Length)];
            if (!roles.Contains(other))
            {
                roles.Add(other);
            }
        }

        var cases = new List<string> { country + ":2025-0042" };
        cases.AddRange(Policy.Jits.SelectMany(j => j.CasesInScope.TryGetValue(country, out var c) ? c : []));
        cases.AddRange(Policy.Agreements.Where(a => a.Requester == country && a.RequestingCases is not null).SelectMany(a => a.RequestingCases!));
        var purposes = Policy.Purposes.Order(StringComparer.Ordinal).ToArray();
        return new TestPrincipal(country, roles, purposes[random.Next(purposes.Length)], cases[random.Next(cases.Count)]);
    }

    public Principal AsPrincipal(TestPrincipal p)
    {
        var roles = p.Roles.Aggregate(Redtram.Gateway.Security.Roles.None, (all, r) => all | RoleNames.ByName[r]);
        return new Principal(DevTokenIssuer.SubjectFor(p.Country, string.Join("+", p.Roles)), DevTokenIssuer.IssuerFor(p.Country), p.Country, roles, null, Now.AddHours(1));
    }

    public async Task<JsonObject> QueryAsync(HttpClient gateway, TestPrincipal p, string query)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(new JsonObject { ["query"] = query }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue(p.Country, p.Roles, DateTimeOffset.UtcNow).Token);
        req.Headers.Add("Redtram-Purpose", p.Purpose);
        req.Headers.Add("Redtram-Legal-Basis", "Property test");
        req.Headers.Add("Redtram-Case-Reference", p.CaseReference);
        using var res = await gateway.SendAsync(req);
        var text = await res.Content.ReadAsStringAsync();
        Assert.True((int)res.StatusCode is 200, $"HTTP {(int)res.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Ground truth for a person: its participations (role, minor, protection, case id), read from the owner's
    /// adapter with a home-country RESTRICTED grant; null when the person does not exist.</summary>
    public async Task<JsonObject?> PersonTruthAsync(string id)
    {
        await _truthGate.WaitAsync();
        try
        {
            if (_truth.TryGetValue(id, out var known))
            {
                return known;
            }

            var owner = id[..id.IndexOf(':')];
            var now = DateTimeOffset.UtcNow;
            var grant = new Redtram.Grants.AccessGrant(owner, owner, ["prosecutor"], "CRIMINAL_INVESTIGATION", owner + ":truth", AccessLevel.Restricted, AccessLevel.Restricted, [], [], "property-test", now, now.AddMinutes(2));
            using var req = new HttpRequestMessage(HttpMethod.Post, "")
            {
                Content = new StringContent(new JsonObject
                {
                    ["query"] = "query($id: ID!) { person(id: $id) { id participations { role minorAtFacts protection case { id } } } }",
                    ["variables"] = new JsonObject { ["id"] = id },
                }.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            req.Headers.Add(Redtram.Grants.AccessGrant.HeaderName, _signer.Sign(grant));
            using var res = await _adapterClients[owner].SendAsync(req);
            var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
            var person = body["data"]?["person"] as JsonObject;
            _truth[id] = person;
            return person;
        }
        finally
        {
            _truthGate.Release();
        }
    }
}

/// <summary>Decides, for one principal, whether a response shows anything the policy denies.</summary>
internal sealed class Oracle(JurisdictionFixture fixture, TestPrincipal requester)
{
    private static readonly HashSet<string> EntityTypes = ["Person", "Case", "Organisation"];
    private static readonly HashSet<string> SummaryRoles = ["SUSPECT", "ACCUSED", "CONVICTED"];
    private static readonly HashSet<string> ProtectiveRoles = ["VICTIM", "PRESUMED_VICTIM", "SMUGGLED_MIGRANT"];
    private static readonly HashSet<string> PseudonymousVisible = ["id", "sourceCountry", "asOf", "handling", "sensitivity", "pseudonymous", "__typename"];
    private readonly Principal _principal = fixture.AsPrincipal(requester);
    private readonly Dictionary<string, Grant> _grants = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];

    public int Checked { get; private set; }

    public int Pseudonyms { get; private set; }

    private Grant GrantOf(string owner) => _grants.TryGetValue(owner, out var g)
        ? g
        : _grants[owner] = fixture.Policy.GrantFor(_principal, owner, requester.Purpose, requester.CaseReference, fixture.Now);

    private HashSet<string> JitCases(string owner)
    {
        var grant = GrantOf(owner);
        return [.. fixture.Policy.Jits.Where(j => grant.JitIds.Contains(j.Id)).SelectMany(j => j.CasesInScope.TryGetValue(owner, out var c) ? c : [])];
    }

    private AccessLevel CaseLevel(string owner, string caseId)
    {
        var grant = GrantOf(owner);
        return JitCases(owner).Contains(caseId) ? grant.Level : grant.LevelOutsideJit;
    }

    public async Task<List<string>> CheckAsync(GeneratedQuery query, JsonObject body)
    {
        if (body["data"] is JsonObject data)
        {
            await WalkAsync(query.Root, "Query", data, null, AccessLevel.Restricted, "");
        }

        return _violations;
    }

    private async Task WalkAsync(Sel selection, string type, JsonObject obj, string? owner, AccessLevel level, string path)
    {
        // Where this object's data comes from, and the level its owner grants for it.
        var isPseudonym = false;
        if (type is "PersonSearchPage" or "CaseSearchPage" && obj["country"] is JsonValue cv)
        {
            owner = (string)cv!;
            level = GrantOf(owner).Level;
            if (level == AccessLevel.None)
            {
                _violations.Add($"{path}: a page of {owner}, whose grant is NONE");
            }
        }
        else if (type == "ContactPoint" && obj["country"] is JsonValue ccv)
        {
            owner = (string)ccv!;
            level = GrantOf(owner).Level;
        }
        else if (EntityTypes.Contains(type) && obj["id"] is JsonValue iv && ((string)iv!).IndexOf(':') > 0)
        {
            var id = (string)iv!;
            owner = id[..id.IndexOf(':')];
            isPseudonym = id.Contains(":~", StringComparison.Ordinal);
            Pseudonyms += isPseudonym ? 1 : 0;
            var grant = GrantOf(owner);
            level = grant.Level;
            if (!isPseudonym && type == "Case")
            {
                level = CaseLevel(owner, id);
            }
            else if (!isPseudonym && type == "Person")
            {
                var truth = await fixture.PersonTruthAsync(id);
                var cases = truth?["participations"]?.AsArray() ?? [];
                var jit = JitCases(owner);
                level = cases.Any(p => jit.Contains((string)p!["case"]!["id"]!)) ? grant.Level : grant.LevelOutsideJit;
                foreach (var p in cases)
                {
                    var protective = ProtectiveRoles.Contains((string)p!["role"]!) || (bool)p["minorAtFacts"]! || (string)p["protection"]! != "NONE";
                    if (protective && CaseLevel(owner, (string)p["case"]!["id"]!) != AccessLevel.Restricted)
                    {
                        _violations.Add($"{path}: protected person {id} shown with its real id (grant {grant})");
                        break;
                    }
                }
            }

            if (level < AccessLevel.Summary)
            {
                _violations.Add($"{path}: record {id} of {owner} shown at {level.Name()}");
            }
        }

        foreach (var child in selection.Children)
        {
            if (child.Name == "__typename" || !obj.TryGetPropertyValue(child.Name, out var value) || value is null)
            {
                continue;
            }

            Checked++;
            var childPath = path + "/" + child.Name;
            if (owner is not null)
            {
                var required = fixture.Policy.RequiredLevel(type, child.Name);
                if (required > level)
                {
                    _violations.Add($"{childPath}: {type}.{child.Name} needs {required.Name()}, {owner} grants {level.Name()} here");
                }
            }

            if (isPseudonym && !PseudonymousVisible.Contains(child.Name))
            {
                _violations.Add($"{childPath}: a pseudonymous reference shows {type}.{child.Name}");
            }

            if (type == "CaseParticipation" && child.Name == "role" && level < AccessLevel.Full && !SummaryRoles.Contains((string)value!))
            {
                _violations.Add($"{childPath}: role {(string)value!} shown below FULL");
            }

            if (child.Children.Count == 0)
            {
                continue;
            }

            var childType = fixture.Schema.FieldType(type, child.Name);
            var childOwner = owner;
            if (type == "Query" && child.Name == "contactPoint")
            {
                childOwner = null;
            }

            var i = 0;
            foreach (var item in value is JsonArray list ? list : new JsonArray(value.DeepClone()))
            {
                if (item is JsonObject o)
                {
                    await WalkAsync(child, childType, o, childOwner, level, childPath + (value is JsonArray ? "/" + i : ""));
                }

                i++;
            }
        }
    }
}

/// <summary>A selection: a field (with arguments printed into the query text) and its sub-selection.</summary>
public sealed record Sel(string Name, List<Sel> Children);

public sealed record GeneratedQuery(string Text, Sel Root);

/// <summary>The object types of the canonical schema: field → named type.</summary>
public sealed class CanonicalTypes
{
    private readonly Dictionary<string, Dictionary<string, string>> _fields = new(StringComparer.Ordinal);

    public static CanonicalTypes Load(string path)
    {
        var types = new CanonicalTypes();
        var doc = GraphQLParser.Parser.Parse(File.ReadAllText(path));
        foreach (var def in doc.Definitions.OfType<GraphQLObjectTypeDefinition>())
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var f in def.Fields?.Items ?? [])
            {
                fields[f.Name.StringValue] = Named(f.Type);
            }

            types._fields[def.Name.StringValue] = fields;
        }

        return types;

        static string Named(GraphQLType t) => t switch
        {
            GraphQLNamedType n => n.Name.StringValue,
            GraphQLListType l => Named(l.Type),
            GraphQLNonNullType nn => Named(nn.Type),
            _ => throw new InvalidOperationException(),
        };
    }

    public bool IsObject(string type) => _fields.ContainsKey(type);

    public IReadOnlyDictionary<string, string> Fields(string type) => _fields[type];

    public string FieldType(string type, string field) => _fields[type][field];
}

/// <summary>Random operations over the canonical schema: a root search or lookup with a random selection below it.</summary>
public sealed class QueryGenerator(CanonicalTypes schema, Random random)
{
    private static readonly string[] Names =
    [
        "Jose Antonio Perez Quispe", "Rosa Mamani", "Yelitza Rondon Perez", "Lucia Ramirez Acosta", "Luis Alberto Gonzalez Benitez",
        "Ramon Duarte Ledesma", "Ana Lucia Lopez Vargas", "Maria Jose Villalba", "Quispe", "Silva", "Maria", "Juan Carlos Huaman Torres",
    ];

    private static readonly string[] PersonIds = ["PE:6", "PE:7", "PE:10", "PE:11", "CL:6", "CL:10", "CL:11", "BR:1", "BR:4", "PY:1", "PY:4", "PY:5", "PE:150", "CL:200", "BR:120", "PY:130", "PE:999999"];
    private static readonly string[] CaseIds = ["PE:1", "CL:2500123456-3", "BR:1", "PY:1", "PE:999999"];
    private static readonly string[] Countries = ["PE", "CL", "BR", "PY"];

    public GeneratedQuery Next()
    {
        var (root, args, type) = random.Next(10) switch
        {
            < 4 => ("searchPersons", $"(filter: {{name: \"{Names[random.Next(Names.Length)]}\"}}{CountriesArg()})", "PersonSearchPage"),
            < 6 => ("searchCases", random.Next(2) == 0 ? $"(filter: {{participantName: \"{Names[random.Next(Names.Length)]}\"}}{CountriesArg()})" : $"(filter: {{offenceCategory: TIP}}, first: 5{CountriesArg()})", "CaseSearchPage"),
            < 8 => ("person", $"(id: \"{PersonIds[random.Next(PersonIds.Length)]}\")", "Person"),
            < 9 => ("case", $"(id: \"{CaseIds[random.Next(CaseIds.Length)]}\")", "Case"),
            _ => ("contactPoint", $"(country: {Countries[random.Next(Countries.Length)]})", "ContactPoint"),
        };
        var sel = new Sel(root, Select(type, 0));
        var text = new StringBuilder("{ ").Append(root).Append(args).Append(' ');
        Print(text, sel.Children);
        text.Append(" }");
        return new GeneratedQuery(text.ToString(), new Sel("", [sel]));
    }

    /// <summary>The selection tree of a hand-written query without arguments below the root (for the oracle's self-test).</summary>
    public GeneratedQuery Parse(string query)
    {
        var doc = GraphQLParser.Parser.Parse(query);
        var op = doc.Definitions.OfType<GraphQLOperationDefinition>().Single();
        return new GeneratedQuery(query, new Sel("", Convert(op.SelectionSet)));

        static List<Sel> Convert(GraphQLSelectionSet? set) =>
            [.. (set?.Selections ?? []).OfType<GraphQLField>().Select(f => new Sel(f.Name.StringValue, Convert(f.SelectionSet)))];
    }

    private string CountriesArg()
    {
        if (random.Next(3) == 0)
        {
            return "";
        }

        var picked = Countries.Where(_ => random.Next(2) == 0).ToList();
        return picked.Count == 0 ? "" : ", countries: [" + string.Join(", ", picked) + "]";
    }

    private List<Sel> Select(string type, int depth)
    {
        var result = new List<Sel>();
        foreach (var (name, fieldType) in schema.Fields(type))
        {
            var must = (name == "id" && type is "Person" or "Case" or "Organisation") || (name == "country" && type is "PersonSearchPage" or "CaseSearchPage" or "ContactPoint");
            if (!must && random.Next(100) >= 45)
            {
                continue;
            }

            if (schema.IsObject(fieldType))
            {
                if (depth >= 4)
                {
                    continue;
                }

                result.Add(new Sel(name, Select(fieldType, depth + 1)));
            }
            else
            {
                result.Add(new Sel(name, []));
            }
        }

        if (result.Count == 0)
        {
            result.Add(new Sel("__typename", []));
        }

        return result;
    }

    private static void Print(StringBuilder sb, List<Sel> set)
    {
        sb.Append("{ ");
        foreach (var s in set)
        {
            sb.Append(s.Name).Append(' ');
            if (s.Children.Count > 0)
            {
                Print(sb, s.Children);
                sb.Append(' ');
            }
        }

        sb.Append('}');
    }
}
