using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Composition;
using Redtram.Federation.Execution;
using Redtram.Federation.Operations;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Tests.Planning.Regressions;

/// <summary>Shared plumbing for the planner regression tests: compose subgraph SDLs, plan, execute in process.</summary>
internal static class RegressionHarness
{
    internal static SupergraphDefinition Compose(params SubgraphSource[] subgraphs)
    {
        var result = Composer.Compose(subgraphs);
        Assert.True(result.Succeeded, "composition failed:\n" + string.Join("\n", result.Errors));
        return SupergraphLoader.Load(result.SupergraphSdl!);
    }

    internal static QueryPlan Plan(SupergraphDefinition sg, string query)
    {
        var doc = Parser.Parse(query);
        var op = OperationNormalizer.SelectOperation(doc, null, out _)!;
        var node = OperationNormalizer.Normalize(sg.ApiSchema, doc, op);
        return new QueryPlanner(sg).Plan(node);
    }

    internal static async Task<string> ExecuteAsync(SupergraphDefinition sg, ISubgraphClient client, string query)
    {
        var result = await new FederationGateway(sg, client, new EngineOptions()).ExecuteAsync(new GraphQLRequest { Query = query });
        return result.ToString();
    }
}

/// <summary>One request a subgraph received: its operation text and the representations, for entity fetches.</summary>
internal sealed record SubgraphCall(string Subgraph, string Query, string? Representations);

/// <summary>
/// An in-process subgraph: its SDL (used to decide which type conditions apply, as the real subgraph would), the
/// value of its <c>Query</c> type, and how it turns one representation into an entity. Values are plain JSON; a field
/// with arguments is stored under its printed form, e.g. <c>fee(currency: EUR)</c>. Asking for a field the canned
/// object does not hold, or for a type the SDL does not define, is an error, as it would be in a real subgraph.
/// </summary>
internal sealed class CannedSubgraph
{
    private readonly Dictionary<string, HashSet<string>> _supertypes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _types = new(StringComparer.Ordinal) { "Query" };

    public CannedSubgraph(string sdl, JsonObject query, Func<JsonObject, JsonObject?>? entity = null)
    {
        Query = query;
        Entity = entity;
        foreach (var def in Parser.Parse(sdl).Definitions)
        {
            switch (def)
            {
                case GraphQLObjectTypeDefinition o:
                    Declare(o.Name.StringValue, o.Interfaces?.Items);
                    break;
                case GraphQLObjectTypeExtension o:
                    Declare(o.Name.StringValue, o.Interfaces?.Items);
                    break;
                case GraphQLInterfaceTypeDefinition i:
                    Declare(i.Name.StringValue, i.Interfaces?.Items);
                    break;
                case GraphQLUnionTypeDefinition u:
                    _types.Add(u.Name.StringValue);
                    foreach (var member in u.Types?.Items ?? [])
                    {
                        Supertypes(member.Name.StringValue).Add(u.Name.StringValue);
                    }

                    break;
            }
        }
    }

    public JsonObject Query { get; }

    public Func<JsonObject, JsonObject?>? Entity { get; }

    public bool Applies(string typeCondition, string typename)
    {
        if (!_types.Contains(typeCondition))
        {
            throw new InvalidOperationException($"Unknown type \"{typeCondition}\".");
        }

        return typeCondition == typename || Supertypes(typename).Contains(typeCondition);
    }

    private void Declare(string name, IEnumerable<GraphQLNamedType>? interfaces)
    {
        _types.Add(name);
        foreach (var i in interfaces ?? [])
        {
            Supertypes(name).Add(i.Name.StringValue);
        }
    }

    private HashSet<string> Supertypes(string name)
    {
        if (!_supertypes.TryGetValue(name, out var set))
        {
            _supertypes[name] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }
}

/// <summary>Answers subgraph requests from <see cref="CannedSubgraph"/>s and records every request.</summary>
internal sealed class CannedSubgraphClient(IReadOnlyDictionary<string, CannedSubgraph> subgraphs) : ISubgraphClient
{
    private readonly List<SubgraphCall> _calls = [];

    /// <summary>The requests received, ordered by subgraph name, then operation text, then representations.</summary>
    public IReadOnlyList<SubgraphCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls.OrderBy(c => c.Subgraph, StringComparer.Ordinal).ThenBy(c => c.Query, StringComparer.Ordinal).ThenBy(c => c.Representations, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>One line per request: <c>subgraph: query</c>, or <c>subgraph: representations => selection</c> for entity fetches.</summary>
    public string Received => string.Join("\n", Calls.Select(c => c.Representations is null ? $"{c.Subgraph}: {c.Query}" : $"{c.Subgraph}: {c.Representations} => {EntitySelection(c.Query)}"));

    private static string EntitySelection(string query)
    {
        const string Entities = "_entities(representations: $representations) ";
        var start = query.IndexOf(Entities, StringComparison.Ordinal);
        return start < 0 ? query : query[(start + Entities.Length)..^2];
    }

    public Task<SubgraphResponse> ExecuteAsync(string subgraph, string query, string? operationName, JsonObject? variables, CancellationToken cancellationToken)
    {
        var representations = variables?["representations"] as JsonArray;
        lock (_calls)
        {
            _calls.Add(new SubgraphCall(subgraph, query, representations?.ToJsonString()));
        }

        var sg = subgraphs[subgraph];
        try
        {
            var op = Parser.Parse(query).Definitions.OfType<GraphQLOperationDefinition>().Single();
            var data = new JsonObject();
            Execute(sg, sg.Query, "Query", op.SelectionSet, data, variables);
            return Task.FromResult(new SubgraphResponse(data, null));
        }
        catch (InvalidOperationException ex)
        {
            return Task.FromResult(new SubgraphResponse(null, [new JsonObject { ["message"] = ex.Message }]));
        }
    }

    private static void Execute(CannedSubgraph sg, JsonObject source, string typename, GraphQLSelectionSet set, JsonObject target, JsonObject? variables)
    {
        foreach (var selection in set.Selections)
        {
            switch (selection)
            {
                case GraphQLInlineFragment frag:
                    if (frag.TypeCondition is null || sg.Applies(frag.TypeCondition.Type.Name.StringValue, typename))
                    {
                        Execute(sg, source, typename, frag.SelectionSet, target, variables);
                    }

                    break;
                case GraphQLField field:
                    var responseKey = (field.Alias?.Name ?? field.Name).StringValue;
                    var value = Resolve(sg, source, typename, field, variables);
                    target[responseKey] = target[responseKey] is JsonObject existing && value is JsonObject incoming ? Merge(existing, incoming) : value;
                    break;
                default:
                    throw new InvalidOperationException($"Unsupported selection {selection.Kind}.");
            }
        }
    }

    private static JsonNode? Resolve(CannedSubgraph sg, JsonObject source, string typename, GraphQLField field, JsonObject? variables)
    {
        var name = field.Name.StringValue;
        if (name == "__typename")
        {
            return typename;
        }

        JsonNode? value;
        if (name == "_entities" && typename == "Query")
        {
            var entities = new JsonArray();
            foreach (var rep in (JsonArray)variables!["representations"]!)
            {
                entities.Add(sg.Entity!((JsonObject)rep!)?.DeepClone());
            }

            value = entities;
        }
        else
        {
            var key = field.Arguments is { Items.Count: > 0 } args
                ? $"{name}({string.Join(", ", args.Items.Select(a => $"{a.Name.StringValue}: {Print(a.Value, variables)}"))})"
                : name;
            if (!source.TryGetPropertyValue(key, out value))
            {
                throw new InvalidOperationException($"Cannot query field \"{key}\" on type \"{typename}\".");
            }
        }

        return Complete(sg, value, field, variables);
    }

    private static JsonNode? Complete(CannedSubgraph sg, JsonNode? value, GraphQLField field, JsonObject? variables)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonArray list:
                var items = new JsonArray();
                foreach (var item in list)
                {
                    items.Add(Complete(sg, item, field, variables));
                }

                return items;
            case JsonObject obj:
                if (field.SelectionSet is null)
                {
                    throw new InvalidOperationException($"Field \"{field.Name.StringValue}\" needs a selection set.");
                }

                var result = new JsonObject();
                Execute(sg, obj, (string)obj["__typename"]!, field.SelectionSet, result, variables);
                return result;
            default:
                return value.DeepClone();
        }
    }

    private static JsonObject Merge(JsonObject existing, JsonObject incoming)
    {
        foreach (var (k, v) in incoming.ToList())
        {
            incoming.Remove(k);
            existing[k] = existing[k] is JsonObject e && v is JsonObject i ? Merge(e, i) : v;
        }

        return existing;
    }

    private static string Print(GraphQLValue value, JsonObject? variables) => value switch
    {
        GraphQLVariable v => variables![v.Name.StringValue]!.ToJsonString(),
        GraphQLStringValue s => JsonSerializer.Serialize(s.Value.ToString()),
        GraphQLIntValue i => i.Value.ToString(),
        GraphQLFloatValue f => f.Value.ToString(),
        GraphQLBooleanValue b => b.Value.ToString(),
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLNullValue => "null",
        _ => throw new InvalidOperationException($"Unsupported argument value {value.Kind}."),
    };
}
