using GraphQLParser.AST;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;
using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Planning;

/// <summary>
/// Builds query plans: which subgraph resolves each selection, which entity fetches join them, and in which
/// order fetches run. Stateless apart from the immutable supergraph; plans are cached by the caller.
/// </summary>
public sealed partial class QueryPlanner(SupergraphDefinition supergraph)
{
    private readonly GraphSchema _schema = supergraph.Schema;

    public SupergraphDefinition Supergraph => supergraph;

    /// <summary>Plans a normalised operation. Throws <see cref="QueryPlanningException"/> when no plan exists.</summary>
    public QueryPlan Plan(OperationNode operation)
    {
        var ctx = new Context(operation);
        PlanRoot(ctx);
        return Assemble(ctx);
    }

    private sealed class Context(OperationNode operation)
    {
        public OperationNode Operation { get; } = operation;

        public List<FetchGroup> Groups { get; } = [];

        public int NextId;

        /// <summary>Nesting of "fetch the key's fields first" plans, bounded to stop cycles.</summary>
        public int KeyDepth;

        /// <summary>Nesting of selection splits across subgraphs, bounded to stop cycles.</summary>
        public int SplitDepth;
    }

    // ---------------------------------------------------------------- root

    private void PlanRoot(Context ctx)
    {
        var op = ctx.Operation;
        var rootType = op.RootType;
        var isMutation = op.Kind == OperationType.Mutation;
        FetchGroup? lastMutationGroup = null;
        var rootIndex = 0;
        var rootFields = RootFields(op.SelectionSet, []).ToList();
        var assigned = isMutation ? null : AssignRootFields(rootType, rootFields.Select(r => r.Field).ToList());
        foreach (var (field, chain) in rootFields)
        {
            if (field.Name is "__typename" or "__schema" or "__type")
            {
                continue;
            }

            var sources = supergraph.Sources(rootType, field.Name);
            if (sources.Count == 0)
            {
                throw new QueryPlanningException($"No subgraph resolves the root field '{rootType}.{field.Name}'.");
            }

            FieldSource chosen;
            FetchGroup group;
            if (isMutation)
            {
                chosen = sources.FirstOrDefault(s => lastMutationGroup is not null && s.Graph == lastMutationGroup.Subgraph) ?? Best(sources, field, null);
                if (lastMutationGroup is not null && lastMutationGroup.Subgraph == chosen.Graph)
                {
                    group = lastMutationGroup;
                }
                else
                {
                    group = NewGroup(ctx, chosen.Graph, false, [], null, rootIndex++);
                    lastMutationGroup = group;
                }
            }
            else
            {
                chosen = assigned!.TryGetValue(field, out var graphName) ? sources.First(s => s.Graph == graphName) : Best(sources, field, null);
                group = ctx.Groups.FirstOrDefault(g => !g.IsEntity && g.Subgraph == chosen.Graph) ?? NewGroup(ctx, chosen.Graph, false, [], null, 0);
            }

            var target = group.Selection;
            var conds = new List<SelectionCondition>();
            foreach (var frag in chain)
            {
                target = target.AddFragment(frag.TypeCondition, frag.Conditions, frag.OtherDirectives).SelectionSet;
                conds.AddRange(frag.Conditions);
            }

            conds.AddRange(field.Conditions);
            group.AddConditions(conds);
            AddLocalField(ctx, group, rootType, field, target, [], null, conds, chosen);
        }
    }

    /// <summary>
    /// Chooses a subgraph for each root query field so that as few subgraphs as possible are asked: repeatedly the
    /// subgraph that serves the most remaining fields as well as any other subgraph would, takes them.
    /// </summary>
    private Dictionary<FieldNode, string> AssignRootFields(string rootType, List<FieldNode> fields)
    {
        var best = new Dictionary<FieldNode, List<string>>();
        foreach (var f in fields)
        {
            if (f.Name is "__typename" or "__schema" or "__type")
            {
                continue;
            }

            var sources = supergraph.Sources(rootType, f.Name);
            if (sources.Count == 0)
            {
                continue;
            }

            var scores = sources.Select(s => (s.Graph, Score: f.SelectionSet is null || f.Definition is null ? 0 : Coverage(s.Graph, f.Definition.Type.NamedType, f.SelectionSet, s.Provides, 0))).ToList();
            var top = scores.Max(x => x.Score);
            best[f] = scores.Where(x => x.Score == top).Select(x => x.Graph).ToList();
        }

        var result = new Dictionary<FieldNode, string>();
        var order = supergraph.Subgraphs.Select(s => s.Name).ToList();
        while (best.Count > 0)
        {
            var graph = best.SelectMany(b => b.Value).GroupBy(g => g)
                .OrderByDescending(g => g.Count()).ThenBy(g => order.IndexOf(g.Key)).First().Key;
            foreach (var f in best.Where(b => b.Value.Contains(graph)).Select(b => b.Key).ToList())
            {
                result[f] = graph;
                best.Remove(f);
            }
        }

        return result;
    }

    private static IEnumerable<(FieldNode Field, IReadOnlyList<InlineFragmentNode> Chain)> RootFields(SelectionSetNode set, IReadOnlyList<InlineFragmentNode> chain)
    {
        foreach (var sel in set.Selections)
        {
            if (sel is FieldNode f)
            {
                yield return (f, chain);
            }
            else if (sel is InlineFragmentNode i)
            {
                foreach (var x in RootFields(i.SelectionSet, [.. chain, i]))
                {
                    yield return x;
                }
            }
        }
    }

    private FieldSource Best(IReadOnlyList<FieldSource> sources, FieldNode field, HashSet<string>? existing)
    {
        if (sources.Count == 1)
        {
            return sources[0];
        }

        FieldSource? best = null;
        var bestScore = int.MinValue;
        foreach (var s in sources)
        {
            var def = _schema.Type(field.ParentType).GetField(field.Name) ?? _schema.Type(supergraph.Schema.QueryType).GetField(field.Name);
            var score = 0;
            if (field.SelectionSet is not null && def is not null)
            {
                score = Coverage(s.Graph, def.Type.NamedType, field.SelectionSet, s.Provides, 0) * 4;
            }

            if (existing is not null && existing.Contains(s.Graph))
            {
                score += 1;
            }

            if (score > bestScore)
            {
                best = s;
                bestScore = score;
            }
        }

        return best!;
    }

    /// <summary>How many selections of a subtree <paramref name="graph"/> resolves without leaving it (higher is better).</summary>
    private int Coverage(string graph, string type, SelectionSetNode set, SelectionSetNode? provided, int depth)
    {
        if (depth > 12)
        {
            return 0;
        }

        var score = 0;
        foreach (var sel in set.Selections)
        {
            switch (sel)
            {
                case FieldNode f:
                    if (f.IsTypename)
                    {
                        continue;
                    }

                    var (ok, src, providedNode) = LocalResolvable(graph, type, f.Name, provided);
                    if (!ok)
                    {
                        score -= 1 + CountFields(f.SelectionSet);
                        continue;
                    }

                    score++;
                    if (f.SelectionSet is not null)
                    {
                        var def = _schema.Type(type).GetField(f.Name);
                        if (def is not null)
                        {
                            score += Coverage(graph, def.Type.NamedType, f.SelectionSet, Merge(providedNode?.SelectionSet, src?.Provides), depth + 1);
                        }
                    }

                    break;
                case InlineFragmentNode i:
                    var t = i.TypeCondition ?? type;
                    if (supergraph.TypeInGraph(t, graph))
                    {
                        score += Coverage(graph, t, i.SelectionSet, provided, depth + 1);
                    }

                    break;
            }
        }

        return score;
    }

    private static int CountFields(SelectionSetNode? set)
    {
        if (set is null)
        {
            return 0;
        }

        var n = 0;
        foreach (var s in set.Selections)
        {
            n += s switch
            {
                FieldNode f => 1 + CountFields(f.SelectionSet),
                InlineFragmentNode i => CountFields(i.SelectionSet),
                _ => 0,
            };
        }

        return n;
    }

    // ---------------------------------------------------------------- selections

    /// <summary>Plans <paramref name="set"/> on an object of <paramref name="type"/> that <paramref name="group"/> fetches at <paramref name="path"/>.</summary>
    private void PlanSelections(Context ctx, FetchGroup group, string type, SelectionSetNode set, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? provided, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup>? touched)
    {
        foreach (var sel in set.Selections)
        {
            switch (sel)
            {
                case FieldNode f:
                    PlanField(ctx, group, type, f, target, path, provided, conds, touched);
                    break;
                case InlineFragmentNode i:
                    PlanFragment(ctx, group, type, i, target, path, provided, conds, touched);
                    break;
            }
        }
    }

    private void PlanFragment(Context ctx, FetchGroup group, string type, InlineFragmentNode frag, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? provided, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup>? touched)
    {
        var graph = group.Subgraph;
        var cond = frag.TypeCondition;
        var childConds = frag.Conditions.Count == 0 ? conds : [.. conds, .. frag.Conditions];
        if (cond is null || cond == type)
        {
            var inner = frag.Conditions.Count == 0 && frag.OtherDirectives.Count == 0
                ? target
                : target.AddFragment(null, frag.Conditions, frag.OtherDirectives).SelectionSet;
            PlanSelections(ctx, group, type, frag.SelectionSet, inner, path, provided, childConds, touched);
            return;
        }

        var typeDef = _schema.Type(type);
        var condDef = _schema.Type(cond);
        if (typeDef.IsAbstract && supergraph.IsInterfaceObjectIn(type, graph))
        {
            // The subgraph sees the interface as an object: it knows no implementations. Ask a subgraph that does.
            JumpFragment(ctx, group, type, frag, target, path, provided, childConds, touched);
            return;
        }

        if (!supergraph.TypeInGraph(cond, graph))
        {
            if (condDef.IsAbstract)
            {
                // The subgraph does not know the interface (or union) at all: ask for each of its own types that
                // the supergraph says match.
                var holder = frag.Conditions.Count == 0 && frag.OtherDirectives.Count == 0 ? target : target.AddFragment(null, frag.Conditions, frag.OtherDirectives).SelectionSet;
                var candidates = typeDef.IsAbstract ? supergraph.PossibleTypesIn(type, graph) : [type];
                foreach (var t in candidates.Where(t => _schema.IsPossibleType(cond, t)))
                {
                    var set = t == type ? holder : holder.AddFragment(t, [], []).SelectionSet;
                    PlanSelections(ctx, group, t, frag.SelectionSet, set, path, ProvidedFor(provided, t), childConds, touched);
                }
            }

            // Otherwise objects of that type never come from this subgraph.
            return;
        }

        if (condDef.Kind == TypeKind.Object && typeDef.Kind == TypeKind.Object)
        {
            // Two different object types: the fragment can never apply here.
            return;
        }

        if (condDef.IsAbstract && typeDef.Kind == TypeKind.Object && !_schema.IsPossibleType(cond, type))
        {
            return;
        }

        if (condDef.IsAbstract && typeDef.IsAbstract)
        {
            // The subgraph may not know that some of its types implement the interface (or belong to the union):
            // then ask for each concrete type the supergraph says matches.
            var relevant = supergraph.PossibleTypesIn(type, graph).Where(t => _schema.IsPossibleType(cond, t)).ToList();
            var known = supergraph.PossibleTypesIn(cond, graph);
            if (relevant.Any(t => !known.Contains(t)))
            {
                var holder = frag.Conditions.Count == 0 && frag.OtherDirectives.Count == 0 ? target : target.AddFragment(null, frag.Conditions, frag.OtherDirectives).SelectionSet;
                foreach (var t in relevant)
                {
                    PlanSelections(ctx, group, t, frag.SelectionSet, holder.AddFragment(t, [], []).SelectionSet, path, ProvidedFor(provided, t), childConds, touched);
                }

                return;
            }
        }

        if (condDef.Kind == TypeKind.Object && typeDef.IsAbstract && !supergraph.PossibleTypesIn(type, graph).Contains(cond))
        {
            return;
        }

        if (condDef.IsAbstract && typeDef.Kind == TypeKind.Object && !supergraph.PossibleTypesIn(cond, graph).Contains(type))
        {
            // e.g. `... on Node` inside a Book: the subgraph may not declare the interface; plan the fields on the object.
            var inner = frag.Conditions.Count == 0 ? target : target.AddFragment(null, frag.Conditions, frag.OtherDirectives).SelectionSet;
            PlanSelections(ctx, group, type, frag.SelectionSet, inner, path, ProvidedFor(provided, type), childConds, touched);
            return;
        }

        var sub = target.AddFragment(cond, frag.Conditions, frag.OtherDirectives).SelectionSet;
        PlanSelections(ctx, group, cond, frag.SelectionSet, sub, path, provided, childConds, touched);
    }

    private void PlanField(Context ctx, FetchGroup group, string type, FieldNode f, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? provided, IReadOnlyList<SelectionCondition> conds, HashSet<FetchGroup>? touched)
    {
        var graph = group.Subgraph;
        var fieldConds = f.Conditions.Count == 0 ? conds : [.. conds, .. f.Conditions];
        if (f.IsTypename)
        {
            if (_schema.Type(type).IsAbstract && supergraph.IsInterfaceObjectIn(type, graph))
            {
                var holder = new InlineFragmentNode { TypeCondition = null, SelectionSet = new SelectionSetNode([f]) };
                JumpFragment(ctx, group, type, holder, target, path, provided, fieldConds, touched);
                return;
            }

            target.AddField("__typename", f.Alias, [], f.Conditions, f.OtherDirectives, false);
            touched?.Add(group);
            return;
        }

        var (ok, src, providedNode) = LocalResolvable(graph, type, f.Name, provided);
        var typeDef = _schema.Type(type);
        if (ok && typeDef.IsAbstract && !supergraph.IsInterfaceObjectIn(type, graph) && providedNode is null)
        {
            // The interface field is in this subgraph, but an implementation may have moved it elsewhere (@override).
            var possible = supergraph.PossibleTypesIn(type, graph);
            if (possible.Any(p => !LocalResolvable(graph, p, f.Name, ProvidedFor(provided, p)).Ok))
            {
                foreach (var p in possible)
                {
                    var frag = target.AddFragment(p, [], []).SelectionSet;
                    PlanField(ctx, group, p, f, frag, path, ProvidedFor(provided, p), conds, touched);
                }

                return;
            }
        }

        if (ok)
        {
            AddLocalField(ctx, group, type, f, target, path, providedNode?.SelectionSet, fieldConds, src, touched);
            touched?.Add(group);
            return;
        }

        if (typeDef.IsAbstract && !supergraph.IsInterfaceObjectIn(type, graph))
        {
            var possible = supergraph.PossibleTypesIn(type, graph);
            var anyLocal = possible.Any(p => LocalResolvable(graph, p, f.Name, ProvidedFor(provided, p)).Ok);
            if (!anyLocal && possible.Count == 0 && !CanJump(group, type, f.Name, provided))
            {
                throw new QueryPlanningException(
                    $"Cannot plan the field '{type}.{f.Name}' from the subgraph '{graph}': it knows no implementation of '{type}' and no subgraph that resolves the field can be reached.");
            }

            if (anyLocal || !CanJump(group, type, f.Name, provided))
            {
                foreach (var p in possible)
                {
                    var frag = target.AddFragment(p, [], []).SelectionSet;
                    PlanField(ctx, group, p, f, frag, path, ProvidedFor(provided, p), conds, touched);
                }

                return;
            }
        }

        Jump(ctx, group, type, f, target, path, provided, fieldConds, touched);
    }

    private void AddLocalField(Context ctx, FetchGroup group, string type, FieldNode f, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? providedSub, IReadOnlyList<SelectionCondition> conds, FieldSource? src, HashSet<FetchGroup>? touched = null)
    {
        var def = _schema.Type(type).GetField(f.Name) ?? throw new QueryPlanningException($"The field '{type}.{f.Name}' does not exist in the supergraph.");
        var composite = f.SelectionSet is not null;
        var subgraphType = supergraph.FieldTypeIn(type, f.Name, group.Subgraph);
        if (composite && SplitUnsatisfiable(ctx, group, type, f, target, path, providedSub, conds, src) is { } kept)
        {
            f = kept;
        }

        var sub = target.AddField(f.Name, f.Alias, f.Arguments, f.Conditions, f.OtherDirectives, composite, subgraphType);
        if (!composite)
        {
            return;
        }

        var childType = subgraphType.NamedType;
        var childPath = ChildPath(path, f.ResponseKey, def.Type);
        if (_schema.Type(childType).IsAbstract)
        {
            sub.SelectionSet!.AddTypename();
        }

        // Groups that supply anything below this field count as "touched": a fetch that needs this field
        // (a key or @requires) must wait for all of them.
        PlanSelections(ctx, group, childType, f.SelectionSet!, sub.SelectionSet!, childPath, Merge(providedSub, src?.Provides), conds, touched);
    }

    internal static IReadOnlyList<string> ChildPath(IReadOnlyList<string> path, string key, TypeRef type)
    {
        var list = new List<string>(path.Count + 3);
        list.AddRange(path);
        list.Add(key);
        var t = type;
        while (t.Kind != TypeRefKind.Named)
        {
            if (t.Kind == TypeRefKind.List)
            {
                list.Add("@");
            }

            t = t.OfType!;
        }

        return list;
    }

    // ---------------------------------------------------------------- local resolution

    private (bool Ok, FieldSource? Source, FieldNode? Provided) LocalResolvable(string graph, string type, string field, SelectionSetNode? provided)
    {
        if (field == "__typename")
        {
            return (true, null, null);
        }

        var src = supergraph.Source(type, field, graph);
        var p = FindProvided(provided, type, field);
        if (src is not null)
        {
            return (src.Requires is null, src, p);
        }

        if (p is not null && supergraph.FieldInGraph(type, field, graph))
        {
            return (true, null, p);
        }

        return (false, null, null);
    }

    private FieldNode? FindProvided(SelectionSetNode? provided, string type, string field)
    {
        if (provided is null)
        {
            return null;
        }

        foreach (var sel in provided.Selections)
        {
            switch (sel)
            {
                case FieldNode f when f.Name == field:
                    return f;
                case InlineFragmentNode i when i.TypeCondition is null || i.TypeCondition == type || _schema.IsPossibleType(i.TypeCondition, type):
                    if (FindProvided(i.SelectionSet, type, field) is { } found)
                    {
                        return found;
                    }

                    break;
            }
        }

        return null;
    }

    private SelectionSetNode? ProvidedFor(SelectionSetNode? provided, string type)
    {
        if (provided is null)
        {
            return null;
        }

        var list = new List<SelectionNode>();
        foreach (var sel in provided.Selections)
        {
            if (sel is FieldNode)
            {
                list.Add(sel);
            }
            else if (sel is InlineFragmentNode i && (i.TypeCondition is null || i.TypeCondition == type || _schema.IsPossibleType(i.TypeCondition, type)))
            {
                list.AddRange(ProvidedFor(i.SelectionSet, type)!.Selections);
            }
        }

        return list.Count == 0 ? null : new SelectionSetNode(list);
    }

    private static SelectionSetNode? Merge(SelectionSetNode? a, SelectionSetNode? b)
    {
        if (a is null)
        {
            return b;
        }

        if (b is null)
        {
            return a;
        }

        return new SelectionSetNode([.. a.Selections, .. b.Selections]);
    }

    /// <summary>Whether <paramref name="graph"/> can supply every field of <paramref name="fieldSet"/> on an object of <paramref name="type"/>.</summary>
    private bool CanProvide(string graph, string type, SelectionSetNode fieldSet, SelectionSetNode? provided)
    {
        foreach (var sel in fieldSet.Selections)
        {
            switch (sel)
            {
                case FieldNode f:
                    if (f.IsTypename)
                    {
                        continue;
                    }

                    var (ok, src, p) = LocalResolvable(graph, type, f.Name, provided);
                    if (!ok)
                    {
                        return false;
                    }

                    if (f.SelectionSet is not null)
                    {
                        var def = _schema.Type(type).GetField(f.Name);
                        if (def is null || !CanProvide(graph, def.Type.NamedType, f.SelectionSet, Merge(p?.SelectionSet, src?.Provides)))
                        {
                            return false;
                        }
                    }

                    break;
                case InlineFragmentNode i:
                    if (!CanProvide(graph, i.TypeCondition ?? type, i.SelectionSet, provided))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }
}

/// <summary>An operation for which no query plan exists over the supergraph.</summary>
public sealed class QueryPlanningException(string message) : Exception(message);
