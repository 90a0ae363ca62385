using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Redtram.Federation.Execution;

namespace Redtram.Benchmarks;

/// <summary>
/// In-memory subgraph client replaying recorded responses. Per call it does what <see cref="HttpSubgraphClient"/>
/// does minus the network: serializes the request body (query + variables) and parses the recorded response JSON
/// into a fresh tree, so the engine merges nodes it owns. Responses are recorded on first use from
/// <see cref="FakeSubgraphs"/> (the same resolvers the HTTP load command serves).
/// </summary>
public sealed class RecordedSubgraphClient(FakeSubgraphs? source = null) : ISubgraphClient
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };
    private readonly ConcurrentDictionary<string, byte[]> _recorded = new(StringComparer.Ordinal);

    /// <summary>Number of distinct subgraph requests recorded.</summary>
    public int RecordedCount => _recorded.Count;

    /// <summary>When set, a request that was not recorded fails instead of being recorded.</summary>
    public bool ReplayOnly { get; set; }

    public Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + query.Length);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            w.WriteString("query", query);
            if (operationName is not null)
            {
                w.WriteString("operationName", operationName);
            }

            if (variables is not null && variables.Count > 0)
            {
                w.WritePropertyName("variables");
                variables.WriteTo(w);
            }

            w.WriteEndObject();
        }

        var key = subgraph + "\n" + Encoding.UTF8.GetString(buffer.WrittenSpan);
        if (!_recorded.TryGetValue(key, out var recorded))
        {
            if (ReplayOnly || source is null)
            {
                throw new SubgraphRequestException(SubgraphFailure.Unavailable, $"No recorded response for this request to \"{subgraph}\".");
            }

            using var doc = JsonDocument.Parse(buffer.WrittenMemory);
            var vars = doc.RootElement.TryGetProperty("variables", out var v) ? v.Clone() : default;
            recorded = _recorded.GetOrAdd(key, source.Respond(subgraph, query, vars));
        }

        var obj = (JsonObject)JsonNode.Parse(recorded)!;
        var data = obj["data"];
        var errors = obj["errors"] as JsonArray;
        obj.Remove("data");
        obj.Remove("errors");
        return Task.FromResult(new SubgraphResponse(data, errors));
    }
}
