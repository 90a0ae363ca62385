using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Redtram.Federation.Planning;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Execution;

/// <summary>Runs a query plan: sends fetches, builds entity representations, merges results into one data tree.</summary>
public sealed partial class PlanExecutor(GraphSchema supergraphSchema, ISubgraphClient client, PartitionMap? partitions = null)
{
    /// <summary>Executes the plan; returns the merged data tree (before result shaping) and the errors collected.</summary>
    public async Task<JsonObject> ExecuteAsync(QueryPlan plan, JsonObject variables, List<GraphQLError> errors, CancellationToken ct, CountryReports? countries = null, IAccessScope? access = null)
    {
        var state = new State(variables, errors, countries) { Access = access };
        if (plan.Root is not null)
        {
            await RunAsync(plan.Root, state, ct).ConfigureAwait(false);
        }

        return state.Data;
    }

    private sealed class State(JsonObject variables, List<GraphQLError> errors, CountryReports? countries)
    {
        public CountryReports? Countries { get; } = countries;

        public IAccessScope? Access { get; init; }

        public JsonObject Data { get; } = [];

        public JsonObject Variables { get; } = variables;

        public List<GraphQLError> Errors { get; } = errors;

        public Lock Gate { get; } = new();
    }

    private Task RunAsync(PlanNode node, State state, CancellationToken ct) => node switch
    {
        FetchNode f => FetchRootAsync(f, state, ct),
        FlattenNode fl => FetchEntitiesAsync(fl, state, ct),
        SequenceNode s => RunSequenceAsync(s, state, ct),
        ParallelNode p => Task.WhenAll(p.Nodes.Select(n => RunAsync(n, state, ct))),
        ConditionNode c => RunConditionAsync(c, state, ct),
        _ => Task.CompletedTask,
    };

    private async Task RunSequenceAsync(SequenceNode s, State state, CancellationToken ct)
    {
        foreach (var n in s.Nodes)
        {
            await RunAsync(n, state, ct).ConfigureAwait(false);
        }
    }

    private Task RunConditionAsync(ConditionNode c, State state, CancellationToken ct)
    {
        var value = state.Variables.TryGetPropertyValue(c.Variable, out var v) && v is JsonValue jv && jv.TryGetValue<bool>(out var b) && b;
        var branch = value ? c.IfClause : c.ElseClause;
        return branch is null ? Task.CompletedTask : RunAsync(branch, state, ct);
    }

    private static JsonObject? FetchVariables(FetchNode f, JsonObject variables, JsonArray? representations) => FetchVariables(f.VariableUsages, variables, representations);

    private static JsonObject? FetchVariables(IReadOnlyList<string> usages, JsonObject variables, JsonArray? representations)
    {
        if (usages.Count == 0 && representations is null)
        {
            return null;
        }

        var vars = new JsonObject();
        if (representations is not null)
        {
            vars["representations"] = representations;
        }

        foreach (var name in usages)
        {
            if (variables.TryGetPropertyValue(name, out var v))
            {
                vars[name] = v?.DeepClone();
            }
        }

        return vars;
    }

    private async Task<SubgraphResponse?> SendAsync(FetchNode f, JsonObject? vars, State state, Func<GraphQLError, IEnumerable<List<object>?>> errorPaths, CancellationToken ct)
    {
        using var activity = FederationTelemetry.Source.StartActivity("graphql.fetch", ActivityKind.Client);
        activity?.SetTag("graphql.subgraph.name", f.Subgraph);
        activity?.SetTag("graphql.fetch.entity", f.IsEntityFetch);
        var start = Stopwatch.GetTimestamp();
        FederationTelemetry.SubgraphFetches.Add(1, new KeyValuePair<string, object?>("subgraph", f.Subgraph));
        try
        {
            var response = await client.ExecuteAsync(f.Subgraph, f.Operation, null, vars, ct).ConfigureAwait(false);
            return response;
        }
        catch (SubgraphRequestException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Failure.ToString());
            FederationTelemetry.SubgraphErrors.Add(1, new KeyValuePair<string, object?>("subgraph", f.Subgraph));
            var code = ex.Failure switch
            {
                SubgraphFailure.Timeout => ErrorCodes.SubgraphTimeout,
                SubgraphFailure.InvalidResponse => ErrorCodes.SubgraphInvalidResponse,
                _ => ErrorCodes.SubgraphUnavailable,
            };
            var error = new GraphQLError(ex.Message, code).WithExtension("serviceName", f.Subgraph);
            lock (state.Gate)
            {
                var paths = errorPaths(error).ToList();
                if (paths.Count == 0 || paths.All(p => p is null))
                {
                    state.Errors.Add(error);
                }
                else
                {
                    foreach (var p in paths.Take(1))
                    {
                        error.Path = p;
                        state.Errors.Add(error);
                    }
                }
            }

            return null;
        }
        finally
        {
            FederationTelemetry.FetchDuration.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, new KeyValuePair<string, object?>("subgraph", f.Subgraph));
        }
    }

    private async Task FetchRootAsync(FetchNode f, State state, CancellationToken ct)
    {
        if (partitions?.CountriesOf(f.Subgraph) is { } countries)
        {
            await FetchRootPartitionedAsync(f, countries, state, ct).ConfigureAwait(false);
            return;
        }

        var response = await SendAsync(f, FetchVariables(f, state.Variables, null), state, _ => [], ct).ConfigureAwait(false);
        if (response is null)
        {
            return;
        }

        if (f.HasPlannerAliases && response.Data is not null)
        {
            RemovePlannerAliases(response.Data);
        }

        lock (state.Gate)
        {
            if (response.Data is JsonObject data)
            {
                MergeInto(state.Data, data);
            }

            if (response.Errors is not null)
            {
                foreach (var e in response.Errors)
                {
                    state.Errors.Add(ConvertError(e, f.Subgraph, p => p));
                }
            }
        }
    }

    private async Task FetchEntitiesAsync(FlattenNode flatten, State state, CancellationToken ct)
    {
        var f = flatten.Node;
        var reps = new JsonArray();
        var targets = new List<List<(JsonObject Obj, List<object> Path)>>();
        lock (state.Gate)
        {
            var found = new List<(JsonObject, List<object>)>();
            Collect(state.Data, flatten.Path, 0, [], found);
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (obj, path) in found)
            {
                var typename = obj.TryGetPropertyValue("__typename", out var tn) && tn is JsonValue tv && tv.TryGetValue<string>(out var s) ? s : null;
                if (typename is null || !HasKeys(f.KeyFields!, obj, typename))
                {
                    continue;
                }

                var rep = Project(f.Requires!, obj, typename);
                if (rep is null)
                {
                    continue;
                }

                if (f.TypenameRewrite is not null)
                {
                    rep["__typename"] = f.TypenameRewrite;
                }

                var text = rep.ToJsonString();
                if (seen.TryGetValue(text, out var index))
                {
                    targets[index].Add((obj, path));
                    continue;
                }

                seen[text] = reps.Count;
                reps.Add(rep);
                targets.Add([(obj, path)]);
            }
        }

        if (reps.Count == 0)
        {
            return;
        }

        IEnumerable<List<object>?> AllPaths(GraphQLError _) => targets.SelectMany(t => t.Select(x => (List<object>?)x.Path));
        var response = partitions?.CountriesOf(f.Subgraph) is not null
            ? await FetchEntitiesPartitionedAsync(f, reps, targets.Select(t => t[0].Path).ToList(), state, ct).ConfigureAwait(false)
            : await SendAsync(f, FetchVariables(f, state.Variables, reps), state, AllPaths, ct).ConfigureAwait(false);
        if (response is null)
        {
            return;
        }

        if (f.HasPlannerAliases && response.Data is not null)
        {
            RemovePlannerAliases(response.Data);
        }

        lock (state.Gate)
        {
            if (response.Data is JsonObject data && data["_entities"] is JsonArray entities)
            {
                for (var i = 0; i < entities.Count && i < targets.Count; i++)
                {
                    if (entities[i] is not JsonObject result)
                    {
                        continue;
                    }

                    var list = targets[i];
                    for (var j = 0; j < list.Count; j++)
                    {
                        MergeInto(list[j].Obj, j == list.Count - 1 ? result : (JsonObject)result.DeepClone());
                    }
                }
            }

            if (response.Errors is not null)
            {
                foreach (var e in response.Errors)
                {
                    if (e is JsonObject eo && eo["path"] is JsonArray p && p.Count >= 2 && p[0]?.GetValue<string>() == "_entities" && p[1] is JsonValue iv && iv.TryGetValue<int>(out var idx) && idx >= 0 && idx < targets.Count)
                    {
                        foreach (var (_, objPath) in targets[idx])
                        {
                            state.Errors.Add(ConvertError(e, f.Subgraph, rest =>
                            {
                                var full = new List<object>(objPath);
                                full.AddRange(rest.Skip(2));
                                return full;
                            }));
                        }
                    }
                    else
                    {
                        // An entity error without a usable path belongs to the entity fetch as a whole.
                        var first = targets.Count > 0 ? targets[0][0].Path : null;
                        state.Errors.Add(ConvertError(e, f.Subgraph, _ => first is null ? null! : new List<object>(first)));
                    }
                }
            }
        }
    }

    /// <summary>Puts fields fetched under a planner alias back under their response key.</summary>
    private static void RemovePlannerAliases(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                List<string>? renames = null;
                foreach (var (key, value) in o)
                {
                    if (key.Contains(Planning.SubSelectionSet.AliasMarker, StringComparison.Ordinal))
                    {
                        (renames ??= []).Add(key);
                    }

                    if (value is not null)
                    {
                        RemovePlannerAliases(value);
                    }
                }

                if (renames is not null)
                {
                    foreach (var key in renames)
                    {
                        var value = o[key];
                        o.Remove(key);
                        var original = key[..key.IndexOf(Planning.SubSelectionSet.AliasMarker, StringComparison.Ordinal)];
                        if (o.TryGetPropertyValue(original, out var existing) && existing is not null && value is not null)
                        {
                            // The same field fetched twice (e.g. through an interface and through a type): combine.
                            o[original] = CombineAliased(existing, value);
                        }
                        else
                        {
                            o[original] = value;
                        }
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        RemovePlannerAliases(item);
                    }
                }

                break;
        }
    }

    private static JsonNode CombineAliased(JsonNode existing, JsonNode incoming)
    {
        if (existing is JsonObject eo && incoming is JsonObject io)
        {
            foreach (var (k, v) in io.ToList())
            {
                io.Remove(k);
                eo[k] = eo.TryGetPropertyValue(k, out var cur) && cur is not null && v is not null ? CombineAliased(cur, v) : v;
            }

            return eo;
        }

        if (existing is JsonArray ea && incoming is JsonArray ia && ea.Count == ia.Count)
        {
            var items = ia.ToList();
            ia.Clear();
            for (var i = 0; i < items.Count; i++)
            {
                if (ea[i] is { } cur && items[i] is { } v)
                {
                    var detached = cur;
                    ea[i] = null;
                    ea[i] = CombineAliased(detached, v);
                }
            }

            return ea;
        }

        return incoming;
    }

    private static void Collect(JsonNode? node, IReadOnlyList<string> path, int index, List<object> current, List<(JsonObject, List<object>)> found)
    {
        if (node is null)
        {
            return;
        }

        if (index == path.Count)
        {
            if (node is JsonObject o)
            {
                found.Add((o, [.. current]));
            }
            else if (node is JsonArray arr)
            {
                // A list at the end of the path (e.g. a nested list type): collect its objects.
                for (var i = 0; i < arr.Count; i++)
                {
                    current.Add(i);
                    Collect(arr[i], path, index, current, found);
                    current.RemoveAt(current.Count - 1);
                }
            }

            return;
        }

        var segment = path[index];
        if (segment == "@")
        {
            if (node is JsonArray arr)
            {
                for (var i = 0; i < arr.Count; i++)
                {
                    current.Add(i);
                    Collect(arr[i], path, index + 1, current, found);
                    current.RemoveAt(current.Count - 1);
                }
            }

            return;
        }

        if (node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child))
        {
            current.Add(segment);
            Collect(child, path, index + 1, current, found);
            current.RemoveAt(current.Count - 1);
        }
        else if (node is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                current.Add(i);
                Collect(list[i], path, index, current, found);
                current.RemoveAt(current.Count - 1);
            }
        }
    }

    private bool Applies(string? typeCondition, string typename) =>
        typeCondition is null || typeCondition == typename || supergraphSchema.IsPossibleType(typeCondition, typename);

    /// <summary>Whether every key field for the object's type is present and non-null.</summary>
    private bool HasKeys(Planning.SubSelectionSet keys, JsonObject obj, string typename)
    {
        var any = false;
        foreach (var item in keys.Items)
        {
            if (item is SubFragment fr && Applies(fr.TypeCondition, typename))
            {
                any = true;
                if (!AllPresent(fr.SelectionSet, obj))
                {
                    return false;
                }
            }
        }

        return any;
    }

    private static bool AllPresent(Planning.SubSelectionSet set, JsonObject obj)
    {
        foreach (var item in set.Items)
        {
            switch (item)
            {
                case SubField f:
                    if (!obj.TryGetPropertyValue(f.ResponseKey, out var v) || v is null)
                    {
                        return false;
                    }

                    if (f.SelectionSet is not null && v is JsonObject child && !AllPresent(f.SelectionSet, child))
                    {
                        return false;
                    }

                    break;
                case SubFragment fr when fr.TypeCondition is null:
                    if (!AllPresent(fr.SelectionSet, obj))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>Projects an object through a representation selection.</summary>
    private JsonObject? Project(Planning.SubSelectionSet set, JsonObject obj, string typename)
    {
        var result = new JsonObject();
        ProjectInto(set, obj, typename, result);
        return result;
    }

    private void ProjectInto(Planning.SubSelectionSet set, JsonObject obj, string typename, JsonObject result)
    {
        foreach (var item in set.Items)
        {
            switch (item)
            {
                case SubField f:
                    {
                        if (!obj.TryGetPropertyValue(f.ResponseKey, out var v))
                        {
                            continue;
                        }

                        // Representations carry field names: a required field may be fetched under an alias.
                        result[f.Name] = f.SelectionSet is null || v is null ? v?.DeepClone() : ProjectValue(f.SelectionSet, v);
                        break;
                    }

                case SubFragment fr:
                    if (Applies(fr.TypeCondition, typename))
                    {
                        ProjectInto(fr.SelectionSet, obj, typename, result);
                    }

                    break;
            }
        }
    }

    private JsonNode? ProjectValue(Planning.SubSelectionSet set, JsonNode value)
    {
        switch (value)
        {
            case JsonObject o:
                var tn = o.TryGetPropertyValue("__typename", out var t) && t is JsonValue tv && tv.TryGetValue<string>(out var s) ? s : "";
                var r = new JsonObject();
                ProjectInto(set, o, tn, r);
                return r;
            case JsonArray a:
                var list = new JsonArray();
                foreach (var item in a)
                {
                    list.Add(item is null ? null : ProjectValue(set, item));
                }

                return list;
            default:
                return value.DeepClone();
        }
    }

    /// <summary>Deep-merges <paramref name="source"/> into <paramref name="target"/>; source nodes are moved, not copied.</summary>
    internal void MergeInto(JsonObject target, JsonObject source)
    {
        if (source.Count == 0)
        {
            return;
        }

        var props = new List<KeyValuePair<string, JsonNode?>>(source);
        source.Clear();
        foreach (var (key, value) in props)
        {
            if (!target.TryGetPropertyValue(key, out var existing))
            {
                target[key] = value;
                continue;
            }

            if (key == "__typename")
            {
                // An @interfaceObject subgraph answers with the interface's name: keep the concrete type.
                if (existing is JsonValue ev && ev.TryGetValue<string>(out var known) && value is JsonValue nv && nv.TryGetValue<string>(out var incoming)
                    && supergraphSchema.GetType(incoming) is { IsAbstract: true } && supergraphSchema.GetType(known) is { IsAbstract: false })
                {
                    continue;
                }

                target[key] = value;
                continue;
            }

            if (existing is JsonObject eo && value is JsonObject vo)
            {
                MergeInto(eo, vo);
            }
            else if (existing is JsonArray ea && value is JsonArray va && ea.Count == va.Count)
            {
                MergeLists(ea, va);
            }
            else
            {
                target[key] = value;
            }
        }
    }

    private void MergeLists(JsonArray target, JsonArray source)
    {
        var items = source.ToList();
        source.Clear();
        for (var i = 0; i < items.Count; i++)
        {
            if (target[i] is JsonObject to && items[i] is JsonObject so)
            {
                MergeInto(to, so);
            }
            else if (target[i] is JsonArray ta && items[i] is JsonArray sa && ta.Count == sa.Count)
            {
                MergeLists(ta, sa);
            }
            else if (target[i] is null)
            {
                target[i] = items[i];
            }
        }
    }

    private static GraphQLError ConvertError(JsonNode? node, string subgraph, Func<List<object>, List<object>?> mapPath)
    {
        if (node is not JsonObject e)
        {
            return new GraphQLError($"The subgraph \"{subgraph}\" returned a malformed error.", ErrorCodes.SubgraphInvalidResponse).WithExtension("serviceName", subgraph);
        }

        var message = e["message"] is JsonValue mv && mv.TryGetValue<string>(out var m) ? m : "Unknown error from subgraph.";
        var error = new GraphQLError(message);
        if (e["path"] is JsonArray p)
        {
            var path = new List<object>(p.Count);
            foreach (var x in p)
            {
                if (x is JsonValue v)
                {
                    if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i))
                    {
                        path.Add(i);
                    }
                    else if (v.TryGetValue<string>(out var s))
                    {
                        path.Add(s);
                    }
                }
            }

            error.Path = mapPath(path);
        }

        if (e["extensions"] is JsonObject ext)
        {
            error.Extensions = (JsonObject)ext.DeepClone();
        }

        if (error.Code is null)
        {
            error.WithExtension("code", ErrorCodes.DownstreamServiceError);
        }

        error.WithExtension("serviceName", subgraph);
        return error;
    }
}
