using BenchmarkDotNet.Attributes;
using Redtram.Federation.Execution;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;
using Redtram.Gateway.Security;

namespace Redtram.Benchmarks;

/// <summary>
/// What the owner's access rules add to one request (issue 5 target: ≤ 50 µs): the policy-backed access scope of a
/// request, one grant per owner country (cached per principal shape), and the fetch specialised per country (cached
/// per fetch and level). The canonical supergraph and the checked-in policy; a CL prosecutor in the PE–CL JIT
/// searching the four demo countries (PE: RESTRICTED via the JIT, CL: home, BR and PY: HIT).
/// </summary>
[MemoryDiagnoser]
public class JurisdictionBenchmarks
{
    private static readonly string[] Countries = ["PE", "CL", "BR", "PY"];
    private static readonly HashSet<string> National = ["national"];

    private const string Search = """
        query Search($name: String!) {
          searchPersons(filter: { name: $name }) {
            country totalCount contactPoint { office email }
            hits { score reasons { kind field } person { id givenNames surnames { value } aliases sex birthDate
              documents { type number localType } phones { e164 imeis }
              participations { role minorAtFacts protection case { id localNumber status offences { category localLegalRef } } } } }
          }
        }
        """;

    private AccessPolicy _policy = null!;
    private FetchNode _fetch = null!;
    private SupergraphDefinition _supergraph = null!;
    private Principal _principal = null!;
    private RequestContext _context = null!;
    private DateTimeOffset _now;
    private GrantHeaders _grants = null!;

    [GlobalSetup]
    public void Setup()
    {
        var root = Queries.RepoRoot;
        var (policy, errors) = PolicyLoader.Load(Path.Combine(root, "schema", "policy"));
        _policy = policy ?? throw new InvalidOperationException(string.Join("; ", errors));
        _supergraph = SupergraphLoader.Load(File.ReadAllText(Path.Combine(root, "schema", "supergraph.graphql")));
        var engine = new FederationGateway(_supergraph, new RecordedSubgraphClient(), new EngineOptions
        {
            Partitions = new PartitionMap(new Dictionary<string, IReadOnlyList<string>> { ["national"] = Countries }),
        });
        var (plan, planErrors) = engine.GetPlan(Search, "Search");
        _fetch = plan?.Root as FetchNode ?? throw new InvalidOperationException("expected one fetch: " + string.Join("; ", planErrors.Select(e => e.Message)));
        _principal = new Principal("bench-user", "https://idp.cl.example", "CL", Roles.Prosecutor, null, DateTimeOffset.UtcNow.AddHours(1));
        _context = new RequestContext("CRIMINAL_INVESTIGATION", "Tratado PE-CL art. 5", "CL:2500123456-3");
        _now = DateTimeOffset.UtcNow;
        _grants = new GrantHeaders(Redtram.Grants.GrantKeys.CreateP256());
        Check();
    }

    private void Check()
    {
        var scope = new PolicyAccessScope(_policy, _principal, _context, _now, National);
        var levels = Countries.Select(c => scope.For("national", c)!.Rule.Level).ToArray();
        if (string.Join(",", levels) != "RESTRICTED,RESTRICTED,HIT,HIT")
        {
            throw new InvalidOperationException("unexpected grants " + string.Join(",", levels));
        }
    }

    /// <summary>Per request, warm: the scope, four grants (cached), four specialised fetches (cached).</summary>
    [Benchmark(Baseline = true)]
    public int ScopeAndSpecialisation()
    {
        var scope = new PolicyAccessScope(_policy, _principal, _context, _now, National);
        var n = 0;
        foreach (var c in Countries)
        {
            var access = scope.For("national", c)!;
            n += FetchSpecialiser.Specialise(_fetch, access.Rule, _supergraph.Schema).Denied.Count;
        }

        return n;
    }

    /// <summary>As <see cref="ScopeAndSpecialisation"/>, with the signed grant header of each country (cached per user,
    /// owner and grant for half its lifetime, so signing happens once a minute per user and country).</summary>
    [Benchmark]
    public int ScopeSpecialisationAndSignedGrants()
    {
        string? userRef = null;   // as the HTTP handler: the user reference once per request
        var scope = new PolicyAccessScope(_policy, _principal, _context, _now, National, (p, c, g, owner) => _grants.For(_policy, p, userRef ??= GrantHeaders.UserRef(p), c, g, owner));
        var n = 0;
        foreach (var c in Countries)
        {
            var access = scope.For("national", c)!;
            n += FetchSpecialiser.Specialise(_fetch, access.Rule, _supergraph.Schema).Denied.Count + (access.Headers?.Count ?? 0);
        }

        return n;
    }

    /// <summary>Signing one grant (what a cache miss costs: first request of a user for a country, then once a minute).</summary>
    [Benchmark]
    public string SignOneGrant()
    {
        var grant = _policy.GrantFor(_principal, "PE", _context.Purpose, _context.CaseReference, _now);
        return new GrantHeaders(_signingKey).For(_policy, _principal, _context, grant, "PE")[0].Value;
    }

    private readonly System.Security.Cryptography.ECDsa _signingKey = Redtram.Grants.GrantKeys.CreateP256();

    /// <summary>The four grants evaluated from the policy without the cache (agreements and JITs scanned).</summary>
    [Benchmark]
    public int GrantsUncached()
    {
        var n = 0;
        foreach (var c in Countries)
        {
            n += (int)_policy.GrantFor(_principal, c, _context.Purpose, _context.CaseReference, _now).Level;
        }

        return n;
    }

    /// <summary>Specialising the search fetch for HIT and for SUMMARY without the cache (first request of a level).</summary>
    [Benchmark]
    public int SpecialiseCold()
    {
        var hit = FetchSpecialiser.Build(_fetch, _policy.RuleFor(AccessLevel.Hit), _supergraph.Schema);
        var summary = FetchSpecialiser.Build(_fetch, _policy.RuleFor(AccessLevel.Summary), _supergraph.Schema);
        return hit.Denied.Count + summary.Denied.Count;
    }
}
