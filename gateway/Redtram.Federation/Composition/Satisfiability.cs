using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

/// <summary>
/// A simplified satisfiability check. Starting from the root fields, it walks (type, subgraph) states: a field of an
/// object type is reachable in subgraph S if S resolves it (non-external, not overridden away, or @provides'd on the
/// path), or if some subgraph S2 resolving it has a resolvable @key whose top-level fields S can supply (S defines them
/// non-external, or S has the type as an entity). Abstract types are followed through their implementations/members
/// in the same subgraph; key jumps may chain through other subgraphs. A field is reported as SATISFIABILITY_ERROR only
/// when no reachable state of its type can obtain it and no subgraph resolving it accepts the type by a resolvable
/// key: the check errs on the side of accepting (the reference composition is stricter per query path). Not covered:
/// @requires feasibility, @interfaceObject and progressive @override.
/// </summary>
internal static class Satisfiability
{
    public static void Check(Supergraph sup, List<Subgraph> sgs, List<CompositionError> errors)
    {
        var visited = new HashSet<(string Type, int Sg, string Provided)>();
        var satisfied = new HashSet<string>(StringComparer.Ordinal);
        var failures = new Dictionary<string, CompositionError>(StringComparer.Ordinal);
        var queue = new Queue<(string Type, int Sg, HashSet<string>? Provided, string Path)>();
        foreach (var root in new[] { "Query", "Mutation", "Subscription" })
        {
            if (sup.Type(root) is not { } rt)
            {
                continue;
            }

            foreach (var f in rt.Fields)
            {
                foreach (var i in f.Resolvers)
                {
                    Enqueue(sup, sgs, queue, visited, f, i, null, $"{root}.{f.Name}", sgs[i].Type(root)?.Field(f.Name)?.Provides);
                }
            }
        }

        while (queue.Count > 0)
        {
            var (typeName, s, provided, path) = queue.Dequeue();
            var mt = sup.Type(typeName);
            var st = sgs[s].Type(typeName);
            if (mt is null || st is null)
            {
                continue;
            }

            foreach (var f in mt.Fields)
            {
                var coord = $"{typeName}.{f.Name}";
                var local = st.Field(f.Name);
                bool here = (local is not null && f.Resolvers.Contains(s)) || (local is not null && provided?.Contains(f.Name) == true)
                    || (local is not null && !local.External && mt.Kind == TypeKind.Interface);
                if (here)
                {
                    satisfied.Add(coord);
                    Enqueue(sup, sgs, queue, visited, f, s, provided, path + "." + f.Name, local?.Provides);
                    continue;
                }

                bool jumped = false;
                var reachable = Reachable(sgs, s, typeName);
                foreach (var target in f.Resolvers)
                {
                    if (reachable.Contains(target))
                    {
                        jumped = true;
                        Enqueue(sup, sgs, queue, visited, f, target, null, path + "." + f.Name, sgs[target].Type(typeName)?.Field(f.Name)?.Provides);
                    }
                }

                if (here || jumped)
                {
                    satisfied.Add(coord);
                    continue;
                }

                var hasImplementations = mt.Kind == TypeKind.Interface
                    && sgs[s].Types.Values.Any(t => t.Kind == TypeKind.Object && t.Interfaces.Contains(typeName));
                if (hasImplementations || st.Keys.Count == 0)
                {
                    // Without a key here the object is a value in this subgraph: the planner obtains the field by
                    // asking another subgraph for the field that returned it (splitting the selection).
                    // The planner asks for the field on each implementation, which are states of their own.
                    continue;
                }

                if (f.Resolvers.Any(r => sgs[r].Type(typeName) is { } rt && (rt.Keys.Any(k => k.Resolvable) || rt.Keys.Count == 0)))
                {
                    // Some subgraph resolving the field accepts the entity by key, or has the type as a plain value
                    // that its parent field returns: a chain of fetches (keys gathered elsewhere, a call through the
                    // parent entity) can reach it, which this walk does not model.
                    continue;
                }

                if (f.Resolvers.Count > 0 && f.Join.Count > 0 && !failures.ContainsKey(coord))
                {
                    var names = f.Resolvers.Select(i => $"\"{sgs[i].Name}\"");
                    failures[coord] = new CompositionError(
                        "SATISFIABILITY_ERROR",
                        $"The supergraph API query reaching \"{coord}\" (path {path}.{f.Name}) cannot be satisfied by the subgraphs: from subgraph \"{sgs[s].Name}\" the field is not available, and it cannot move to subgraph {string.Join(" or ", names)} which has the field, because \"{typeName}\" has no resolvable @key there whose fields \"{sgs[s].Name}\" can provide. Add a resolvable @key to \"{typeName}\" in those subgraphs (with fields \"{sgs[s].Name}\" resolves), or resolve the field in \"{sgs[s].Name}\".",
                        [sgs[s].Name, .. f.Resolvers.Select(i => sgs[i].Name)],
                        [coord]);
                }
            }
        }

        foreach (var (coord, error) in failures)
        {
            if (!satisfied.Contains(coord))
            {
                errors.Add(error);
            }
        }
    }

    /// <summary>The subgraphs an object of <paramref name="typeName"/> in subgraph <paramref name="from"/> can reach through chains of key jumps.</summary>
    private static HashSet<int> Reachable(List<Subgraph> sgs, int from, string typeName)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        while (queue.Count > 0)
        {
            var current = queue.Dequeue();
            for (var next = 0; next < sgs.Count; next++)
            {
                if (!seen.Contains(next) && CanJump(sgs, current, next, typeName))
                {
                    seen.Add(next);
                    queue.Enqueue(next);
                }
            }
        }

        seen.Remove(from);
        return seen;
    }

    private static bool CanJump(List<Subgraph> sgs, int from, int to, string typeName)
    {
        if (from == to)
        {
            return false;
        }

        var toType = sgs[to].Type(typeName);
        var fromType = sgs[from].Type(typeName);
        if (toType is null || fromType is null)
        {
            return false;
        }

        foreach (var k in toType.Keys.Where(k => k.Resolvable))
        {
            var sel = FieldSet.TryParse(k.Fields, out _);
            if (sel is null)
            {
                continue;
            }

            if (sel.All(n => n.Name == "__typename" || fromType.Field(n.Name) is { External: false } || sgs[from].ProvidedFields.Contains($"{typeName}.{n.Name}")))
            {
                return true;
            }
        }

        return false;
    }

    private static void Enqueue(Supergraph sup, List<Subgraph> sgs, Queue<(string, int, HashSet<string>?, string)> queue, HashSet<(string, int, string)> visited, MField f, int sg, HashSet<string>? inherited, string path, string? provides)
    {
        var named = TypeRefs.Named(f.Type);
        var mt = sup.Type(named);
        if (mt is null || mt.Kind is TypeKind.Scalar or TypeKind.Enum or TypeKind.InputObject)
        {
            return;
        }

        HashSet<string>? provided = null;
        if (provides is not null)
        {
            provided = new HashSet<string>((FieldSet.TryParse(provides, out _) ?? []).Select(n => n.Name), StringComparer.Ordinal);
        }

        var targets = new List<string> { named };
        var st = sgs[sg].Type(named);
        if (st is not null && st.Kind == TypeKind.Union)
        {
            targets.AddRange(st.Members);
        }
        else if (st is not null && st.Kind == TypeKind.Interface)
        {
            targets.AddRange(sgs[sg].Types.Values.Where(t => t.Kind == TypeKind.Object && t.Interfaces.Contains(named)).Select(t => t.Name));
        }

        var providedKey = provided is null ? "" : string.Join(",", provided.Order(StringComparer.Ordinal));
        foreach (var t in targets)
        {
            // Each (type, subgraph, provided fields) state once: circular types (a Book's samePriceProduct: Book) end.
            if (!visited.Add((t, sg, providedKey)))
            {
                continue;
            }

            queue.Enqueue((t, sg, provided, path));
        }
    }
}
