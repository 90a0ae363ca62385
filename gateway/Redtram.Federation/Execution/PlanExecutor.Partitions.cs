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
        foreach (var c in targets)
        {
            state.Countries?.Ask(c);
        }

        var vars = FetchVariables(f, state.Variables, null);
        var results = await Task.WhenAll(targets.Select(c => SendToCountryAsync(f, c, vars, state, ct))).ConfigureAwait(false);
        if (f.HasPlannerAliases)
        {
            foreach (var (_, r) in results)
            {
                if (r?.Data is not null)
                {
                    RemovePlannerAliases(r.Data);
                }
            }
        }

        lock (state.Gate)
        {
            var combined = new JsonObject();
            foreach (var (country, response) in results)
            {
                if (response is null)
                {
                    continue;
                }

                var offsets = new Dictionary<string, int>(StringComparer.Ordinal);
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

        foreach (var c in configured.Where(byCountry.ContainsKey))
        {
            state.Countries?.Ask(c);
        }

        var calls = byCountry.Select(async pair =>
        {
            var subset = new JsonArray();
            foreach (var i in pair.Value)
            {
                subset.Add(reps[i]!.DeepClone());
            }

            var (_, response) = await SendToCountryAsync(f, pair.Key, FetchVariables(f, state.Variables, subset), state, ct, pair.Value.Select(i => paths[i]).ToList()).ConfigureAwait(false);
            return (pair.Key, pair.Value, response);
        });
        foreach (var (country, indices, response) in await Task.WhenAll(calls).ConfigureAwait(false))
        {
            if (response is null)
            {
                continue;
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

    private async Task<(string Country, SubgraphResponse? Response)> SendToCountryAsync(FetchNode f, string country, JsonObject? vars, State state, CancellationToken ct, List<List<object>>? errorPaths = null)
    {
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
            var response = await client.ExecuteAsync(PartitionMap.Target(f.Subgraph, country), f.Operation, null, vars, timeout.Token).ConfigureAwait(false);
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
