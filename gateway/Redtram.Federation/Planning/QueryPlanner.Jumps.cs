using Redtram.Federation.Operations;
using Redtram.Federation.Schema;
using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Planning;

public sealed partial class QueryPlanner
{
    private readonly record struct Candidate(string Graph, string LookupType, string? Rename, FieldSource Source);

    private readonly record struct Hop(string Graph, EntityKey Key);

    private IEnumerable<Candidate> Candidates(string type, string field, string fromGraph)
    {
        foreach (var s in supergraph.Sources(type, field))
        {
            if (s.Graph == fromGraph && s.Requires is null)
            {
                continue;
            }

            var def = _schema.Type(type);
            var rename = def.IsAbstract && supergraph.IsInterfaceObjectIn(type, s.Graph) ? type : null;
            yield return new Candidate(s.Graph, type, rename, s);
        }

        var typeDef = _schema.Type(type);
        if (typeDef.Kind == TypeKind.Object)
        {
            foreach (var i in typeDef.Interfaces)
            {
                foreach (var s in supergraph.Sources(i, field))
                {
                    if (supergraph.IsInterfaceObjectIn(i, s.Graph) || (s.Graph != fromGraph && supergraph.Keys(i, s.Graph).Count > 0 && !supergraph.TypeInGraph(type, s.Graph)))
                    {
                        yield return new Candidate(s.Graph, i, supergraph.IsInterfaceObjectIn(i, s.Graph) ? i : null, s);
                    }
                }
            }
        }
    }

    /// <summary>Whether every top-level field of a key can be read from, or reached from, this subgraph.</summary>
    private bool KeyFieldsReachable(FetchGroup group, string type, SelectionSetNode key, SelectionSetNode? provided)
    {
        foreach (var sel in key.Selections)
        {
            if (sel is FieldNode kf && !kf.IsTypename && !LocalResolvable(group.Subgraph, type, kf.Name, provided).Ok && !CanJump(group, type, kf.Name, provided))
            {
                return false;
            }
        }

        return true;
    }

    private bool CanJump(FetchGroup group, string type, string field, SelectionSetNode? provided, IReadOnlyList<string>? path = null)
    {
        foreach (var c in Candidates(type, field, group.Subgraph))
        {
            if (FindRoute(group.Subgraph, type, provided, c.Graph, c.LookupType) is not null
                || (path is not null && KnownKey(group, path, type, c.LookupType, c.Graph) is not null))
            {
                return true;
            }
        }

        return false;
    }

    private void Jump(Context ctx, FetchGroup group, string type, FieldNode f, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? provided, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup>? touched)
    {
        Candidate? best = null;
        List<Hop>? bestRoute = null;
        var bestScore = int.MinValue;
        var fieldDef = _schema.Type(type).GetField(f.Name);
        foreach (var c in Candidates(type, f.Name, group.Subgraph))
        {
            var route = FindRoute(group.Subgraph, type, provided, c.Graph, c.LookupType);
            if (route is null)
            {
                continue;
            }

            var score = -route.Count * 100;
            if (f.SelectionSet is not null && fieldDef is not null)
            {
                score += Coverage(c.Graph, fieldDef.Type.NamedType, f.SelectionSet, c.Source.Provides, 0) * 4;
            }

            if (route.Count == 1 && c.Source.Requires is null && FindMergeable(ctx, c.Graph, path, [group], c.Rename, group.RootIndex) is not null)
            {
                score += 2;
            }

            if (c.Source.Requires is not null)
            {
                score -= 1;
            }

            if (score > bestScore)
            {
                best = c;
                bestRoute = route;
                bestScore = score;
            }
        }

        var deps = new HashSet<FetchGroup> { group };
        var keyFromSource = true;
        if (best is null)
        {
            // The key may already be in the data: an entity fetched at this path was sent its key fields.
            foreach (var c in Candidates(type, f.Name, group.Subgraph))
            {
                if (KnownKey(group, path, type, c.LookupType, c.Graph) is { } known)
                {
                    best = c;
                    bestRoute = [new Hop(c.Graph, known)];
                    keyFromSource = false;

                    // The key arrived with the fetches this group waits for: wait for those, not for this group.
                    deps = [.. group.Dependencies];
                    break;
                }
            }
        }

        if (best is null && ctx.KeyDepth < 3)
        {
            // No key of the target can be read from this subgraph alone: fetch the key's fields first, from
            // wherever they live (like @requires), then enter the target with them.
            foreach (var c in Candidates(type, f.Name, group.Subgraph))
            {
                var key = supergraph.Keys(c.LookupType, c.Graph).FirstOrDefault(k => k.Resolvable && KeyFieldsReachable(group, type, k.Selection, provided));
                if (key is null)
                {
                    continue;
                }

                ctx.KeyDepth++;
                try
                {
                    var keyTouched = new HashSet<FetchGroup>();
                    target.AddTypename();
                    PlanSelections(ctx, group, type, key.Selection, target, path, provided, conds, keyTouched);
                    deps.UnionWith(keyTouched);
                }
                finally
                {
                    ctx.KeyDepth--;
                }

                best = c;
                bestRoute = [new Hop(c.Graph, key)];
                keyFromSource = false;
                break;
            }
        }

        if (best is not { } chosen)
        {
            throw new QueryPlanningException(
                $"Cannot plan the field '{type}.{f.Name}' from the subgraph '{group.Subgraph}': no subgraph that resolves it accepts a key of '{type}' that can be fetched.");
        }

        if (chosen.Source.Requires is not null)
        {
            var reqTouched = new HashSet<FetchGroup>();
            PlanSelections(ctx, group, type, chosen.Source.Requires, target, path, provided, conds, reqTouched);
            deps.UnionWith(reqTouched);
        }

        var entity = FollowRoute(ctx, keyFromSource || deps.Count == 0 ? group : deps.First(), type, target, path, bestRoute!, conds, deps, chosen.Rename, keyFromSource, chosen.Source.Requires);
        if (chosen.Source.Requires is not null)
        {
            entity.Requires!.AddFragment(type, [], []).SelectionSet.AddAll(chosen.Source.Requires);
        }

        var fragTarget = entity.Selection.AddFragment(chosen.LookupType, [], []).SelectionSet;
        touched?.Add(entity);
        AddLocalField(ctx, entity, chosen.LookupType, f, fragTarget, path, null, conds, chosen.Source, touched);
    }

    /// <summary>Sends a fragment to a subgraph that knows the implementations of an interface the current subgraph sees as an object.</summary>
    private void JumpFragment(Context ctx, FetchGroup group, string type, InlineFragmentNode frag, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? provided, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup>? touched)
    {
        foreach (var graph in supergraph.GraphsOfType(type))
        {
            if (graph == group.Subgraph || supergraph.IsInterfaceObjectIn(type, graph))
            {
                continue;
            }

            var route = FindRoute(group.Subgraph, type, provided, graph, type);
            if (route is null)
            {
                continue;
            }

            var entity = FollowRoute(ctx, group, type, target, path, route, conds, [group], null);
            var fragTarget = entity.Selection.AddFragment(type, [], []).SelectionSet;
            fragTarget.AddTypename();
            touched?.Add(entity);
            PlanFragment(ctx, entity, type, frag, fragTarget, path, null, conds, touched);
            return;
        }

        throw new QueryPlanningException(
            $"Cannot resolve the concrete type of '{type}' from the subgraph '{group.Subgraph}': no subgraph that defines the interface '{type}' with a key can be reached.");
    }

    private List<Hop>? FindRoute(string fromGraph, string type, SelectionSetNode? provided, string toGraph, string lookupType)
    {
        var keysTo = supergraph.Keys(lookupType, toGraph);
        foreach (var k in keysTo)
        {
            if (k.Resolvable && CanProvide(fromGraph, type, k.Selection, provided))
            {
                return [new Hop(toGraph, k)];
            }
        }

        foreach (var x in supergraph.Subgraphs)
        {
            if (x.Name == fromGraph || x.Name == toGraph)
            {
                continue;
            }

            foreach (var kx in supergraph.Keys(type, x.Name))
            {
                if (!kx.Resolvable || !CanProvide(fromGraph, type, kx.Selection, provided))
                {
                    continue;
                }

                foreach (var k in keysTo)
                {
                    if (k.Resolvable && CanProvide(x.Name, type, k.Selection, null))
                    {
                        return [new Hop(x.Name, kx), new Hop(toGraph, k)];
                    }
                }
            }
        }

        return null;
    }

    private FetchGroup FollowRoute(Context ctx, FetchGroup from, string type, SubSelectionSet target, IReadOnlyList<string> path, List<Hop> route, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup> finalDeps, string? rename, bool keyFromSource = true, SelectionSetNode? requires = null)
    {
        var current = from;
        var curTarget = target;
        for (var i = 0; i < route.Count; i++)
        {
            var hop = route[i];
            var isLast = i == route.Count - 1;
            curTarget.AddTypename();
            if (i > 0 || keyFromSource)
            {
                curTarget.AddAll(hop.Key.Selection);
            }
            var deps = isLast ? new HashSet<FetchGroup>(finalDeps) { current } : [current];
            var hopRename = isLast ? rename : (_schema.Type(type).IsAbstract && supergraph.IsInterfaceObjectIn(type, hop.Graph) ? type : null);
            var rootIndex = deps.Max(d => d.RootIndex);
            var entity = FindMergeable(ctx, hop.Graph, path, deps, hopRename, rootIndex, isLast ? requires : null, type);
            if (entity is null)
            {
                entity = NewGroup(ctx, hop.Graph, true, path, hopRename, rootIndex);
            }

            foreach (var d in deps)
            {
                if (d != entity)
                {
                    entity.Dependencies.Add(d);
                }
            }

            var req = entity.Requires!.AddFragment(type, [], []).SelectionSet;
            req.AddTypename();
            req.AddAll(hop.Key.Selection);
            entity.KeyFields!.AddFragment(type, [], []).SelectionSet.AddAll(hop.Key.Selection);
            entity.AddConditions(conds);
            if (!isLast)
            {
                curTarget = entity.Selection.AddFragment(hopRename ?? type, [], []).SelectionSet;
            }

            current = entity;
        }

        return current;
    }

    private static FetchGroup? FindMergeable(Context ctx, string graph, IReadOnlyList<string> path, IEnumerable<FetchGroup> deps, string? rename, int rootIndex, SelectionSetNode? requires = null, string? type = null)
    {
        var key = string.Join('.', path);
        foreach (var g in ctx.Groups)
        {
            if (!g.IsEntity || g.Subgraph != graph || g.PathKey != key || g.Rename != rename || g.RootIndex != rootIndex)
            {
                continue;
            }

            if (requires is not null && type is not null && RequiresClash(g, type, requires))
            {
                // One representation cannot carry the same field with two sets of arguments: fetch separately.
                continue;
            }

            var ok = true;
            foreach (var d in deps)
            {
                if (d == g || d.DependsOn(g))
                {
                    ok = false;
                    break;
                }
            }

            if (ok)
            {
                return g;
            }
        }

        return null;
    }

    private static bool RequiresClash(FetchGroup g, string type, SelectionSetNode requires)
    {
        foreach (var item in g.Requires!.Items)
        {
            if (item is not SubFragment fr || fr.TypeCondition != type)
            {
                continue;
            }

            foreach (var sel in requires.Selections)
            {
                if (sel is FieldNode f)
                {
                    var args = SubSelectionSet.PrintArguments(f.Arguments);
                    foreach (var existing in fr.SelectionSet.Items)
                    {
                        if (existing is SubField ef && ef.Name == f.Name && ef.ArgumentsText != args)
                        {
                            return true;
                        }
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A key of <paramref name="lookupType"/> in <paramref name="graph"/> whose fields the entity group at this path was already sent.</summary>
    private EntityKey? KnownKey(FetchGroup group, IReadOnlyList<string> path, string type, string lookupType, string graph)
    {
        if (!group.IsEntity || group.PathKey != string.Join('.', path))
        {
            return null;
        }

        foreach (var k in supergraph.Keys(lookupType, graph))
        {
            if (!k.Resolvable)
            {
                continue;
            }

            foreach (var item in group.Requires!.Items)
            {
                if (item is SubFragment fr && (fr.TypeCondition is null || fr.TypeCondition == type || _schema.IsPossibleType(fr.TypeCondition, type)) && Contains(fr.SelectionSet, k.Selection))
                {
                    return k;
                }
            }
        }

        return null;
    }

    private static bool Contains(SubSelectionSet set, SelectionSetNode wanted)
    {
        foreach (var sel in wanted.Selections)
        {
            if (sel is not FieldNode f || f.IsTypename)
            {
                continue;
            }

            var found = set.Items.OfType<SubField>().FirstOrDefault(x => x.Name == f.Name && x.Alias is null);
            if (found is null || (f.SelectionSet is not null && (found.SelectionSet is null || !Contains(found.SelectionSet, f.SelectionSet))))
            {
                return false;
            }
        }

        return true;
    }

    private static FetchGroup NewGroup(Context ctx, string graph, bool isEntity, IReadOnlyList<string> path, string? rename, int rootIndex)
    {
        var g = new FetchGroup(ctx.NextId++, graph, isEntity, path, rename, rootIndex);
        ctx.Groups.Add(g);
        return g;
    }
}
