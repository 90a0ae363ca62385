using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser.AST;
using Redtram.Federation.Planning;

namespace Redtram.Federation.Execution;

public sealed partial class PlanExecutor
{
    public const string CountryUnavailable = "COUNTRY_UNAVAILABLE";

    /// <summary>Sends a root fetch to every target country in parallel and concatenates their lists.</summary>
    private async Task FetchRootPartitionedAsync(FetchNode f, IReadOnlyList<string> countries, State state, CancellationToken ct)
    {
        var targets = RootTargets(f, countries, state.Variables);
        var plans = new List<CountryFetch>(targets.Count);
        var rootDenials = new List<GraphQLError>();
        foreach (var c in targets)
        {
            var plan = Specialise(f, c, state);
            if (plan.Operation is null)
            {
                // Nothing this country may be asked: it is not contacted, so nothing about its records is revealed.
                state.Countries?.Deny(c, plan.Level);
                AddDenials(plan, c, f, state, rootDenials);
                continue;
            }

            state.Countries?.Ask(c, plan.Level);
            plans.Add(plan);
        }

        var results = await Task.WhenAll(plans.Select(p => SendToCountryAsync(f, p, FetchVariables(p.VariableUsages, state.Variables, null), state, ct))).ConfigureAwait(false);
        lock (state.Gate)
        {
            var combined = new JsonObject();
            for (var r = 0; r < results.Length; r++)
            {
                var (country, response) = results[r];
                var plan = plans[r];
                if (response is null)
                {
                    continue;
                }

                var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
                if (plan.Denied.Count > 0 && response.Data is JsonObject denyData)
                {
                    // Lists of this country start where the previous countries' items end.
                    foreach (var (key, value) in denyData)
                    {
                        if (value is JsonArray && combined[PlannerKey(key)] is JsonArray before)
                        {
                            offsets[key] = before.Count;
                        }
                    }

                    AddDeniedErrors(plan, country, f, response.Data, [], state, rootDenials, offsets);
                    offsets.Clear();
                }

                if (state.Access is not null && response.Data is not null)
                {
                    state.Countries?.Disclose(country, response.Data);
                }

                if (f.HasPlannerAliases && response.Data is not null)
                {
                    RemovePlannerAliases(response.Data);
                }

                var records = 0;
                if (response.Data is JsonObject data)
                {
                    foreach (var (key, value) in data.ToList())
                    {
                        data.Remove(key);
                        if (value is JsonArray list)
                        {
                            if (!combined.TryGetPropertyValue(key, out var existing) || existing is not JsonArray all)
                            {
                                combined[key] = all = [];
                            }

                            offsets[key] = all.Count;
                            var items = list.ToList();
                            list.Clear();
                            foreach (var item in items)
                            {
                                all.Add(item);
                            }

                            records += items.Count;
                        }
                        else if (!combined.TryGetPropertyValue(key, out var current) || current is null)
                        {
                            combined[key] = value;
                            records += value is null ? 0 : 1;
                        }
                    }
                }

                state.Countries?.Record(country, response.Data is null && response.Errors is { Count: > 0 } ? "ERROR" : "OK", 0, records);
                if (response.Errors is not null)
                {
                    foreach (var e in response.Errors)
                    {
                        var error = ConvertError(e, f.Subgraph, p =>
                        {
                            if (p.Count >= 2 && p[0] is string k && p[1] is int i && offsets.TryGetValue(k, out var off))
                            {
                                p[1] = i + off;
                            }

                            return p;
                        });
                        error.WithExtension("country", country);
                        state.Errors.Add(error);
                    }
                }
            }

            MergeInto(state.Data, combined);

            // A root field denied to a country points at the field only when no other country filled it.
            foreach (var e in rootDenials)
            {
                if (e.Path is [string key] && state.Data[key] is not null)
                {
                    e.Path = null;
                }

                state.Errors.Add(e);
            }
        }

        static string PlannerKey(string key)
        {
            var i = key.IndexOf(SubSelectionSet.AliasMarker, StringComparison.Ordinal);
            return i < 0 ? key : key[..i];
        }
    }

    /// <summary>A fetch as sent to one country: the operation specialised for the country's access.</summary>
    private sealed record CountryFetch(string Country, string? Operation, IReadOnlyList<string> VariableUsages, IReadOnlyList<DeniedField> Denied, string? Level, IReadOnlyList<KeyValuePair<string, string>>? Headers);

    private CountryFetch Specialise(FetchNode f, string country, State state)
    {
        var access = state.Access?.For(f.Subgraph, country);
        if (access is null)
        {
            return new CountryFetch(country, f.Operation, f.VariableUsages, [], null, null);
        }

        var s = FetchSpecialiser.Specialise(f, access.Rule, supergraphSchema);
        return new CountryFetch(country, s.Operation, s.VariableUsages, s.Denied, access.Rule.Level, access.Headers);
    }

    /// <summary>Errors for fields a country may not be asked for at all (the fetch was not sent): one per denied field,
    /// pointing at <paramref name="entityPath"/> when the fetch is for entities.</summary>
    private static void AddDenials(CountryFetch plan, string country, FetchNode f, State state, List<GraphQLError> sink, List<object>? entityPath = null, int count = 1)
    {
        foreach (var d in plan.Denied)
        {
            var path = new List<object>();
            if (entityPath is not null)
            {
                path.AddRange(entityPath);
            }

            path.AddRange(d.OriginalParentPath);
            path.Add(d.OriginalResponseKey);
            sink.Add(DeniedError(d, country, plan.Level, f, path, count));
        }
    }

    private static GraphQLError DeniedError(DeniedField d, string country, string? granted, FetchNode f, List<object>? path, int count)
    {
        var error = new GraphQLError($"{d.Coordinate} of {country} needs access level {d.RequiredLevel}; this request has {granted ?? "none"}.", ErrorCodes.AccessDenied) { Path = path };
        error.WithExtension("field", d.Coordinate)
            .WithExtension("country", country)
            .WithExtension("level", d.RequiredLevel)
            .WithExtension("granted", granted)
            .WithExtension("serviceName", f.Subgraph);
        if (count > 1)
        {
            error.WithExtension("count", count);
        }

        return error;
    }

    /// <summary>
    /// One <c>ACCESS_DENIED</c> error per field removed from a country's fetch that would have had a value: the path of
    /// its first occurrence in <paramref name="data"/> and how many objects lost it. Fields whose parent never came back
    /// (no hits) produce no error: nothing was withheld.
    /// </summary>
    private void AddDeniedErrors(CountryFetch plan, string country, FetchNode f, JsonNode? data, List<object> basePath, State state, List<GraphQLError>? rootSink, Dictionary<string, int>? offsets)
    {
        foreach (var d in plan.Denied)
        {
            var count = 0;
            List<object>? first = null;
            var path = new List<object>(basePath);
            Walk(data, 0);
            if (count == 0)
            {
                continue;
            }

            if (offsets is not null && first is { Count: >= 2 } && first[1] is int i && d.ParentPath.Count > 0 && offsets.TryGetValue(d.ParentPath[0], out var off))
            {
                first[1] = i + off;
            }

            var error = DeniedError(d, country, plan.Level, f, first, count);
            if (rootSink is not null && d.ParentPath.Count == 0)
            {
                rootSink.Add(error);
            }
            else
            {
                state.Errors.Add(error);
            }

            void Walk(JsonNode? node, int depth)
            {
                switch (node)
                {
                    case JsonArray list:
                        for (var j = 0; j < list.Count; j++)
                        {
                            path.Add(j);
                            Walk(list[j], depth);
                            path.RemoveAt(path.Count - 1);
                        }

                        break;
                    case JsonObject obj when depth == d.ParentPath.Count:
                        if (obj["__typename"] is JsonValue tv && tv.TryGetValue<string>(out var typename) && typename != d.ParentType
                            && !supergraphSchema.IsPossibleType(d.ParentType, typename))
                        {
                            return;
                        }

                        // A subgraph that answers a field it was not asked for must not get it through.
                        obj.Remove(d.ResponseKey);
                        count++;
                        first ??= [.. path, d.OriginalResponseKey];
                        break;
                    case JsonObject obj:
                        path.Add(d.OriginalParentPath[depth]);
                        Walk(obj[d.ParentPath[depth]], depth + 1);
                        path.RemoveAt(path.Count - 1);
                        break;
                }
            }
        }
    }

    /// <summary>Groups representations by the country in their key, one batched call per country, results back in order.</summary>
    private async Task<SubgraphResponse?> FetchEntitiesPartitionedAsync(FetchNode f, JsonArray reps, List<List<object>> paths, State state, CancellationToken ct)
    {
        var configured = partitions!.CountriesOf(f.Subgraph)!;
        var byCountry = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var unknown = new List<int>();
        for (var i = 0; i < reps.Count; i++)
        {
            var country = RepresentationCountry(reps[i] as JsonObject);
            if (country is null || !configured.Contains(country))
            {
                unknown.Add(i);
                continue;
            }

            if (!byCountry.TryGetValue(country, out var list))
            {
                byCountry[country] = list = [];
            }

            list.Add(i);
        }

        var entities = new JsonArray();
        for (var i = 0; i < reps.Count; i++)
        {
            entities.Add(null);
        }

        var errors = new JsonArray();
        lock (state.Gate)
        {
            foreach (var i in unknown)
            {
                var country = RepresentationCountry(reps[i] as JsonObject);
                var error = new GraphQLError(
                    country is null ? "The entity's key carries no country, so no national service can be asked for it." : $"No national service is configured for the country {country}.",
                    CountryUnavailable) { Path = paths[i] };
                error.WithExtension("serviceName", f.Subgraph);
                if (country is not null)
                {
                    error.WithExtension("country", country);
                }

                state.Errors.Add(error);
            }
        }

        var plans = new Dictionary<string, CountryFetch>(StringComparer.Ordinal);
        foreach (var c in configured.Where(byCountry.ContainsKey))
        {
            var plan = Specialise(f, c, state);
            if (plan.Operation is null)
            {
                // Nothing of these entities may be asked of this country: it is not contacted.
                state.Countries?.Deny(c, plan.Level);
                var denials = new List<GraphQLError>();
                AddDenials(plan, c, f, state, denials, paths[byCountry[c][0]], byCountry[c].Count);
                lock (state.Gate)
                {
                    state.Errors.AddRange(denials);
                }

                byCountry.Remove(c);
                continue;
            }

            plans[c] = plan;
            state.Countries?.Ask(c, plan.Level);
        }

        var calls = byCountry.Select(async pair =>
        {
            var subset = new JsonArray();
            foreach (var i in pair.Value)
            {
                subset.Add(reps[i]!.DeepClone());
            }

            var plan = plans[pair.Key];
            var (_, response) = await SendToCountryAsync(f, plan, FetchVariables(plan.VariableUsages, state.Variables, subset), state, ct, pair.Value.Select(i => paths[i]).ToList()).ConfigureAwait(false);
            return (pair.Key, pair.Value, response);
        });
        foreach (var (country, indices, response) in await Task.WhenAll(calls).ConfigureAwait(false))
        {
            if (response is null)
            {
                continue;
            }

            if (response.Data is JsonObject denyData && denyData["_entities"] is JsonArray fetched)
            {
                var plan = plans[country];
                lock (state.Gate)
                {
                    for (var j = 0; j < fetched.Count && j < indices.Count && plan.Denied.Count > 0; j++)
                    {
                        AddDeniedErrors(plan, country, f, fetched[j], paths[indices[j]], state, null, null);
                    }
                }

                if (state.Access is not null)
                {
                    state.Countries?.Disclose(country, fetched);
                }
            }

            var records = 0;
            if (response.Data is JsonObject data && data["_entities"] is JsonArray got)
            {
                var items = got.ToList();
                got.Clear();
                for (var j = 0; j < items.Count && j < indices.Count; j++)
                {
                    entities[indices[j]] = items[j];
                    records += items[j] is null ? 0 : 1;
                }
            }

            state.Countries?.Record(country, "OK", 0, records);
            if (response.Errors is not null)
            {
                foreach (var e in response.Errors)
                {
                    var copy = e!.DeepClone();
                    if (copy is JsonObject eo && eo["path"] is JsonArray p && p.Count >= 2 && p[1] is JsonValue v && v.TryGetValue<int>(out var j) && j >= 0 && j < indices.Count)
                    {
                        p[1] = indices[j];
                    }

                    if (copy is JsonObject withExt)
                    {
                        var ext = withExt["extensions"] as JsonObject ?? [];
                        ext["country"] = country;
                        withExt["extensions"] = ext;
                    }

                    errors.Add(copy);
                }
            }
        }

        return new SubgraphResponse(new JsonObject { ["_entities"] = entities }, errors.Count > 0 ? errors : null);
    }

    private async Task<(string Country, SubgraphResponse? Response)> SendToCountryAsync(FetchNode f, CountryFetch plan, JsonObject? vars, State state, CancellationToken ct, List<List<object>>? errorPaths = null)
    {
        var country = plan.Country;
        using var activity = FederationTelemetry.Source.StartActivity("graphql.fetch", ActivityKind.Client);
        activity?.SetTag("graphql.subgraph.name", f.Subgraph);
        activity?.SetTag("redtram.country", country);
        var start = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(partitions!.Timeout);
        string status;
        string message;
        try
        {
            var response = await client.ExecuteAsync(PartitionMap.Target(f.Subgraph, country), plan.Operation ?? f.Operation, null, vars, plan.Headers, timeout.Token).ConfigureAwait(false);
            state.Countries?.Record(country, "OK", Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0);
            return (country, response);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            status = "TIMEOUT";
            message = $"The national service of {country} did not answer within {partitions.Timeout.TotalMilliseconds:0} ms.";
        }
        catch (SubgraphRequestException ex)
        {
            status = ex.Failure switch
            {
                SubgraphFailure.Timeout => "TIMEOUT",
                SubgraphFailure.Unavailable => "UNAVAILABLE",
                _ => "ERROR",
            };
            message = $"The national service of {country} is unavailable ({status.ToLowerInvariant()}).";
        }

        activity?.SetStatus(ActivityStatusCode.Error, status);
        FederationTelemetry.SubgraphErrors.Add(1, new KeyValuePair<string, object?>("subgraph", f.Subgraph), new KeyValuePair<string, object?>("country", country));
        state.Countries?.Record(country, status, Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0);
        var error = new GraphQLError(message, CountryUnavailable)
            .WithExtension("country", country)
            .WithExtension("status", status)
            .WithExtension("serviceName", f.Subgraph);
        if (errorPaths is { Count: > 0 })
        {
            error.Path = errorPaths[0];
        }

        lock (state.Gate)
        {
            state.Errors.Add(error);
        }

        return (country, null);
    }

    /// <summary>The owning country of an entity: its <c>country</c> key field, or the prefix of a "CC:localId" id.</summary>
    internal static string? RepresentationCountry(JsonObject? rep)
    {
        if (rep is null)
        {
            return null;
        }

        if (rep["country"] is JsonValue cv && cv.TryGetValue<string>(out var c) && c.Length > 0)
        {
            return c;
        }

        if (rep["id"] is JsonValue iv && iv.TryGetValue<string>(out var id))
        {
            var colon = id.IndexOf(':');
            return colon > 0 ? id[..colon] : null;
        }

        return null;
    }

    /// <summary>
    /// The countries a root fetch goes to: the <c>countries</c> argument if given, a <c>country</c> argument, the
    /// country prefix of an <c>id</c> argument, or else every configured country.
    /// </summary>
    internal static IReadOnlyList<string> RootTargets(FetchNode f, IReadOnlyList<string> configured, JsonObject variables)
    {
        if (f.Selection is null)
        {
            return configured;
        }

        var wanted = new List<string>();
        var everywhere = false;
        foreach (var item in f.Selection.Items)
        {
            if (item is not SubField field || field.Name == "__typename")
            {
                continue;
            }

            var found = false;
            foreach (var arg in field.Arguments)
            {
                var name = arg.Name.StringValue;
                if (name is not ("countries" or "country" or "id"))
                {
                    continue;
                }

                var value = Resolve(arg.Value, variables);
                switch (name)
                {
                    case "countries" when value is JsonArray list:
                        found = true;
                        foreach (var x in list)
                        {
                            if (x is JsonValue xv && xv.TryGetValue<string>(out var s))
                            {
                                wanted.Add(s);
                            }
                        }

                        break;
                    case "country" when value is JsonValue cv && cv.TryGetValue<string>(out var c):
                        found = true;
                        wanted.Add(c);
                        break;
                    case "id" when value is JsonValue iv && iv.TryGetValue<string>(out var id) && id.IndexOf(':') > 0:
                        found = true;
                        wanted.Add(id[..id.IndexOf(':')]);
                        break;
                }
            }

            everywhere |= !found;
        }

        return everywhere ? configured : configured.Where(wanted.Contains).ToList();
    }

    private static JsonNode? Resolve(GraphQLValue value, JsonObject variables) => value switch
    {
        GraphQLVariable v => variables.TryGetPropertyValue(v.Name.StringValue, out var x) ? x : null,
        GraphQLEnumValue e => JsonValue.Create(e.Name.StringValue),
        GraphQLStringValue s => JsonValue.Create(s.Value.ToString()),
        GraphQLListValue l => new JsonArray((l.Values ?? []).Select(x => Resolve(x, variables)?.DeepClone()).ToArray()),
        _ => null,
    };
}
