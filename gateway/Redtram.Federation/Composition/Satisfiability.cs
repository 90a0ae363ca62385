using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

/// <summary>
/// A simplified satisfiability check. Starting from the root fields, it walks (type, subgraph) states: a field of an
/// object type is reachable in subgraph S if S resolves it (non-external, not overridden away, or @provides'd on the
/// path), or if some subgraph S2 resolving it has a resolvable @key whose top-level fields S can supply (S defines them
/// non-external, or S has the type as an entity). Abstract types are followed through their implementations/members
/// in the same subgraph. Every field that a reachable type state cannot obtain is reported as SATISFIABILITY_ERROR.
/// Not covered: @requires feasibility, multi-hop key chains, @interfaceObject and progressive @override.
/// </summary>
internal static class Satisfiability
{
    public static void Check(Supergraph sup, List<Subgraph> sgs, List<CompositionError> errors)
    {
        var visited = new HashSet<(string Type, int Sg)>();
        var queue = new Queue<(string Type, int Sg, HashSet<string>? Provided, string Path)>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
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
                    Enqueue(sup, sgs, queue, visited, f, s, provided, path + "." + f.Name, local?.Provides);
                    continue;
                }

                bool jumped = false;
                foreach (var target in f.Resolvers)
                {
                    if (CanJump(sgs, s, target, typeName))
                    {
                        jumped = true;
                        Enqueue(sup, sgs, queue, visited, f, target, null, path + "." + f.Name, sgs[target].Type(typeName)?.Field(f.Name)?.Provides);
                    }
                }

                if (!jumped && f.Resolvers.Count > 0 && f.Join.Count > 0 && reported.Add(coord))
                {
                    var names = f.Resolvers.Select(i => $"\"{sgs[i].Name}\"");
                    errors.Add(new CompositionError(
                        "SATISFIABILITY_ERROR",
                        $"The supergraph API query reaching \"{coord}\" (path {path}.{f.Name}) cannot be satisfied by the subgraphs: from subgraph \"{sgs[s].Name}\" the field is not available, and it cannot move to subgraph {string.Join(" or ", names)} which has the field, because \"{typeName}\" has no resolvable @key there whose fields \"{sgs[s].Name}\" can provide. Add a resolvable @key to \"{typeName}\" in those subgraphs (with fields \"{sgs[s].Name}\" resolves), or resolve the field in \"{sgs[s].Name}\".",
                        [sgs[s].Name, .. f.Resolvers.Select(i => sgs[i].Name)],
                        [coord]));
                }
            }
        }
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

    private static void Enqueue(Supergraph sup, List<Subgraph> sgs, Queue<(string, int, HashSet<string>?, string)> queue, HashSet<(string, int)> visited, MField f, int sg, HashSet<string>? inherited, string path, string? provides)
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

        foreach (var t in targets)
        {
            if (provided is null && !visited.Add((t, sg)))
            {
                continue;
            }

            queue.Enqueue((t, sg, provided, path));
        }
    }
}
