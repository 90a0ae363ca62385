using GraphQLParser.AST;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;
using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Planning;

public sealed partial class QueryPlanner
{
    /// <summary>
    /// When a subgraph resolves a field but not everything selected below it, and the type below is not an entity
    /// (so no key can bring us back), the unreachable part is asked of another subgraph that resolves the same field
    /// from the same parent: another root fetch for a shareable root field, or an entity fetch for an entity parent.
    /// Returns the field with the part that stays here, or null when nothing needs to move.
    /// </summary>
    private FieldNode? SplitUnsatisfiable(Context ctx, FetchGroup group, string type, FieldNode f, SubSelectionSet target, IReadOnlyList<string> path, SelectionSetNode? providedSub, IReadOnlyList<SelectionCondition> conds, FieldSource? src)
    {
        var isRoot = type == ctx.Operation.RootType && !group.IsEntity;
        if (ctx.SplitDepth > 3 || (isRoot && ctx.Operation.Kind != OperationType.Query))
        {
            return null;
        }

        var graph = group.Subgraph;
        var childType = supergraph.FieldTypeIn(type, f.Name, graph).NamedType;
        if (_schema.Type(childType).IsAbstract)
        {
            return null;
        }

        var childProvided = Merge(providedSub, src?.Provides);
        var (keep, move) = Partition(group, childType, f.SelectionSet!, childProvided, 0);
        if (move.Count == 0)
        {
            return null;
        }

        var remote = CopyWith(f, move);
        ctx.SplitDepth++;
        try
        {
            if (isRoot)
            {
                FieldSource? best = null;
                var bestScore = int.MinValue;
                foreach (var s in supergraph.Sources(type, f.Name))
                {
                    if (s.Graph == graph)
                    {
                        continue;
                    }

                    var score = Coverage(s.Graph, supergraph.FieldTypeIn(type, f.Name, s.Graph).NamedType, remote.SelectionSet!, s.Provides, 0);
                    if (score > bestScore)
                    {
                        best = s;
                        bestScore = score;
                    }
                }

                if (best is null)
                {
                    return null;
                }

                var other = ctx.Groups.FirstOrDefault(g => !g.IsEntity && g.Subgraph == best.Graph && g.RootIndex == group.RootIndex)
                    ?? NewGroup(ctx, best.Graph, false, [], null, group.RootIndex);
                other.AddConditions(conds);
                AddLocalField(ctx, other, type, remote, other.Selection, path, null, conds, best);
            }
            else
            {
                if (!CanJump(group, type, f.Name, null, path))
                {
                    return null;
                }

                Jump(ctx, group, type, remote, target, path, null, conds, null);
            }
        }
        finally
        {
            ctx.SplitDepth--;
        }

        if (keep.Count == 0)
        {
            keep.Add(new FieldNode { Name = "__typename", ParentType = childType });
        }

        return CopyWith(f, keep);
    }

    /// <summary>
    /// Splits a selection on a non-entity object into what the group's subgraph can serve and what it cannot
    /// (fields it lacks, at any depth below fields it has, as long as no key leads elsewhere).
    /// </summary>
    private (List<SelectionNode> Keep, List<SelectionNode> Move) Partition(FetchGroup group, string type, SelectionSetNode set, SelectionSetNode? provided, int depth)
    {
        var graph = group.Subgraph;
        var keep = new List<SelectionNode>();
        var move = new List<SelectionNode>();
        foreach (var sel in set.Selections)
        {
            if (sel is not FieldNode g || g.IsTypename)
            {
                keep.Add(sel);
                continue;
            }

            var (ok, src, p) = LocalResolvable(graph, type, g.Name, provided);
            if (!ok)
            {
                if (CanJump(group, type, g.Name, provided))
                {
                    keep.Add(sel);
                }
                else
                {
                    move.Add(sel);
                }

                continue;
            }

            if (g.SelectionSet is null || depth > 8)
            {
                keep.Add(sel);
                continue;
            }

            var childType = supergraph.FieldTypeIn(type, g.Name, graph).NamedType;
            if (_schema.Type(childType).IsAbstract || supergraph.Keys(childType, graph).Count > 0)
            {
                // Entities (and abstract types) are reached through keys further down.
                keep.Add(sel);
                continue;
            }

            var (k, m) = Partition(group, childType, g.SelectionSet, Merge(p?.SelectionSet, src?.Provides), depth + 1);
            if (m.Count == 0)
            {
                keep.Add(sel);
                continue;
            }

            move.Add(CopyWith(g, m));
            if (k.Count == 0)
            {
                k.Add(new FieldNode { Name = "__typename", ParentType = childType });
            }

            keep.Add(CopyWith(g, k));
        }

        return (keep, move);
    }

    private static FieldNode CopyWith(FieldNode f, List<SelectionNode> selections) => new()
    {
        Name = f.Name,
        Alias = f.Alias,
        Arguments = f.Arguments,
        ParentType = f.ParentType,
        Definition = f.Definition,
        SelectionSet = new SelectionSetNode(selections),
        Conditions = f.Conditions,
        OtherDirectives = f.OtherDirectives,
        Location = f.Location,
    };
}
