using BenchmarkDotNet.Attributes;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Operations;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;
using Redtram.Federation.Validation;

namespace Redtram.Benchmarks;

/// <summary>
/// Parse + validate + normalize + plan of the benchmark operations on the shop supergraph: each step alone, the
/// whole pipeline cold (a new engine per operation, so nothing is cached but the supergraph's own metadata), and
/// the engine's plan cache hit (<see cref="FederationGateway.GetPlan"/> on the same text).
/// </summary>
[MemoryDiagnoser]
public class PlanningBenchmarks
{
    private SupergraphDefinition _supergraph = null!;
    private FederationGateway _warmEngine = null!;
    private QueryPlanner _planner = null!;
    private BenchQuery _query = null!;
    private GraphQLDocument _document = null!;
    private OperationNode _operation = null!;
    private RecordedSubgraphClient _client = null!;

    [Params("shop", "requires")]
    public string Query { get; set; } = "shop";

    [GlobalSetup]
    public void Setup()
    {
        _supergraph = SupergraphLoader.Load(File.ReadAllText(Queries.FixturePath(Queries.ShopSupergraphFile)));
        _query = Queries.Get(Query);
        _client = new RecordedSubgraphClient();
        _warmEngine = new FederationGateway(_supergraph, _client);
        _planner = new QueryPlanner(_supergraph);
        _document = Parser.Parse(_query.Query);
        var def = OperationNormalizer.SelectOperation(_document, _query.OperationName, out _)!;
        _operation = OperationNormalizer.Normalize(_supergraph.ApiSchema, _document, def);
        if (DocumentValidator.Validate(_supergraph.ApiSchema, _document).Count > 0 || _warmEngine.GetPlan(_query.Query, _query.OperationName).Plan is null)
        {
            throw new InvalidOperationException($"The benchmark query '{Query}' does not validate or plan.");
        }
    }

    [Benchmark(Description = "parse")]
    public GraphQLDocument Parse() => Parser.Parse(_query.Query, new ParserOptions { Ignore = IgnoreOptions.Comments });

    [Benchmark(Description = "validate")]
    public int Validate() => DocumentValidator.Validate(_supergraph.ApiSchema, _document).Count;

    [Benchmark(Description = "normalize+plan")]
    public QueryPlan NormalizeAndPlan()
    {
        var def = OperationNormalizer.SelectOperation(_document, _query.OperationName, out _)!;
        return _planner.Plan(OperationNormalizer.Normalize(_supergraph.ApiSchema, _document, def));
    }

    [Benchmark(Description = "plan (normalized op)")]
    public QueryPlan PlanOnly() => _planner.Plan(_operation);

    [Benchmark(Description = "cold: new engine + GetPlan")]
    public QueryPlan? Cold() => new FederationGateway(_supergraph, _client).GetPlan(_query.Query, _query.OperationName).Plan;

    [Benchmark(Baseline = true, Description = "cached: GetPlan same text")]
    public QueryPlan? Cached() => _warmEngine.GetPlan(_query.Query, _query.OperationName).Plan;
}
