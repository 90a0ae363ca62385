using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Redtram.Federation.Execution;
using Redtram.Federation.Supergraph;

namespace Redtram.Benchmarks;

/// <summary>
/// The engine's <see cref="FederationGateway.ExecuteAsync"/> end to end without HTTP (plan from the cache): variable
/// coercion, fetches against recorded subgraph responses, entity representations, merge, result shaping and writing
/// the response JSON. "replay only" is the cost of the in-memory client alone for the same fetches (request body
/// serialization + parsing the recorded response), so execute − replay ≈ the engine's merge + shaping cost.
/// </summary>
[MemoryDiagnoser]
public class ExecutionBenchmarks
{
    private FederationGateway _engine = null!;
    private RecordedSubgraphClient _client = null!;
    private GraphQLRequest _request = null!;
    private readonly List<(string Subgraph, string Query, JsonObject? Variables)> _fetches = [];
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private Utf8JsonWriter _writer = null!;

    [Params("shop", "requires", "root")]
    public string Query { get; set; } = "shop";

    [GlobalSetup]
    public async Task Setup()
    {
        var supergraph = SupergraphLoader.Load(File.ReadAllText(Queries.FixturePath(Queries.ShopSupergraphFile)));
        var q = Queries.Get(Query);
        _client = new RecordedSubgraphClient(new FakeSubgraphs(supergraph));
        _request = new GraphQLRequest { Query = q.Query, OperationName = q.OperationName, Variables = q.Variables() };

        // Record every subgraph response once (and the fetches, for the replay baseline), then replay only.
        var capture = new CapturingClient(_client, _fetches);
        var first = await new FederationGateway(supergraph, capture).ExecuteAsync(_request);
        if (first.Errors.Count > 0)
        {
            throw new InvalidOperationException($"The benchmark query '{Query}' failed: {first}");
        }

        _client.ReplayOnly = true;
        _engine = new FederationGateway(supergraph, _client);
        _writer = new Utf8JsonWriter(_output);
        if (Execute().Result == 0)
        {
            throw new InvalidOperationException("No output.");
        }
    }

    [Benchmark(Baseline = true, Description = "execute + write response")]
    public async Task<int> Execute()
    {
        var result = await _engine.ExecuteAsync(_request);
        _output.ResetWrittenCount();
        _writer.Reset(_output);
        result.WriteTo(_writer);
        _writer.Flush();
        return result.Errors.Count == 0 ? _output.WrittenCount : -1;
    }

    [Benchmark(Description = "replay only (client cost)")]
    public async Task<int> ReplayOnly()
    {
        var n = 0;
        foreach (var (subgraph, query, variables) in _fetches)
        {
            var r = await _client.ExecuteAsync(subgraph, query, null, variables, default);
            n += r.Data is null ? 0 : 1;
        }

        return n;
    }

    private sealed class CapturingClient(ISubgraphClient inner, List<(string, string, JsonObject?)> fetches) : ISubgraphClient
    {
        public Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, CancellationToken cancellationToken)
        {
            lock (fetches)
            {
                fetches.Add((subgraph, query, (JsonObject?)variables?.DeepClone()));
            }

            return inner.ExecuteAsync(subgraph, query, operationName, variables, cancellationToken);
        }
    }
}
