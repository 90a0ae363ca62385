using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Operations;

namespace Redtram.Federation.Planning;

public sealed partial class QueryPlanner
{
    private QueryPlan Assemble(Context ctx)
    {
        if (ctx.Groups.Count == 0)
        {
            return new QueryPlan(ctx.Operation, null, 0);
        }

        var fetchIndex = 0;
        var steps = new List<PlanNode>();
        foreach (var part in ctx.Groups.GroupBy(g => g.RootIndex).OrderBy(g => g.Key))
        {
            if (Build(ctx, [.. part.OrderBy(g => g.Id)], [], ref fetchIndex) is { } node)
            {
                steps.Add(node);
            }
        }

        var root = steps.Count == 1 ? steps[0] : new SequenceNode(Flatten(steps));
        return new QueryPlan(ctx.Operation, root, ctx.Groups.Count);
    }

    /// <summary>
    /// Orders fetches as a tree: independent branches run in parallel, each fetch is followed by the fetches that
    /// depend only on it, and a fetch with several dependencies runs once all of them are done.
    /// </summary>
    private PlanNode? Build(Context ctx, List<FetchGroup> pending, HashSet<FetchGroup> done, ref int fetchIndex)
    {
        var seq = new List<PlanNode>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(g => g.Dependencies.All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new QueryPlanningException("The fetches of this operation depend on each other in a cycle.");
            }

            var branches = new List<(FetchGroup Root, List<FetchGroup> Own)>();
            var claimed = new HashSet<FetchGroup>(ready);
            foreach (var r in ready)
            {
                var own = new List<FetchGroup> { r };
                var ownSet = new HashSet<FetchGroup> { r };
                bool added;
                do
                {
                    added = false;
                    foreach (var g in pending)
                    {
                        if (claimed.Contains(g) || ownSet.Contains(g))
                        {
                            continue;
                        }

                        if (g.Dependencies.All(d => done.Contains(d) || ownSet.Contains(d)))
                        {
                            own.Add(g);
                            ownSet.Add(g);
                            claimed.Add(g);
                            added = true;
                        }
                    }
                }
                while (added);
                branches.Add((r, own));
            }

            var nodes = new List<PlanNode>();
            foreach (var (r, own) in branches)
            {
                var first = GroupNode(ctx, r, fetchIndex++);
                var innerDone = new HashSet<FetchGroup>(done) { r };
                var rest = Build(ctx, own.Skip(1).ToList(), innerDone, ref fetchIndex);
                nodes.Add(rest is null ? first : new SequenceNode(Flatten([first, rest])));
            }

            seq.Add(nodes.Count == 1 ? nodes[0] : new ParallelNode(nodes));
            foreach (var (_, own) in branches)
            {
                foreach (var g in own)
                {
                    done.Add(g);
                    pending.Remove(g);
                }
            }
        }

        return seq.Count switch
        {
            0 => null,
            1 => seq[0],
            _ => new SequenceNode(Flatten(seq)),
        };
    }

    private static List<PlanNode> Flatten(List<PlanNode> steps)
    {
        var list = new List<PlanNode>();
        foreach (var s in steps)
        {
            if (s is SequenceNode seq)
            {
                list.AddRange(seq.Nodes);
            }
            else
            {
                list.Add(s);
            }
        }

        return list;
    }

    private PlanNode GroupNode(Context ctx, FetchGroup g, int index)
    {
        var fetch = BuildFetch(ctx, g, index);
        PlanNode node = g.IsEntity ? new FlattenNode(g.Path, fetch) : fetch;
        if (g.Conditions is { Count: > 0 } conds)
        {
            for (var i = conds.Count - 1; i >= 0; i--)
            {
                node = conds[i].PassWhen ? new ConditionNode(conds[i].Variable, node, null) : new ConditionNode(conds[i].Variable, null, node);
            }
        }

        return node;
    }

    private static FetchNode BuildFetch(Context ctx, FetchGroup g, int index)
    {
        var op = ctx.Operation;
        var used = new List<string>();
        CollectVariables(g.Selection, used);
        var sb = new StringBuilder();
        sb.Append(op.Kind == OperationType.Mutation && !g.IsEntity ? "mutation" : "query");
        if (op.Name is not null)
        {
            sb.Append(' ').Append(op.Name).Append("__").Append(Sanitize(g.Subgraph)).Append("__").Append(index);
        }

        var prefix = sb.ToString();
        var defs = new List<string>();
        if (g.IsEntity)
        {
            defs.Add("$representations: [_Any!]!");
        }

        var variableDefinitions = new List<KeyValuePair<string, string>>();
        foreach (var v in used)
        {
            var def = op.GetVariable(v);
            if (def is null)
            {
                continue;
            }

            var d = new StringBuilder("$").Append(v).Append(": ");
            PrintType(d, def.Type);
            if (def.DefaultValue is not null)
            {
                d.Append(" = ");
                SubSelectionSet.PrintValue(d, def.DefaultValue);
            }

            defs.Add(d.ToString());
            variableDefinitions.Add(new(v, d.ToString()));
        }

        if (defs.Count > 0)
        {
            sb.Append('(').Append(string.Join(", ", defs)).Append(')');
        }

        sb.Append(' ');
        if (g.IsEntity)
        {
            sb.Append("{ _entities(representations: $representations) ");
            g.Selection.Print(sb);
            sb.Append(" }");
        }
        else
        {
            g.Selection.Print(sb);
        }

        return new FetchNode(g.Id, g.Subgraph, g.IsEntity ? OperationType.Query : op.Kind, sb.ToString(), used, g.Requires, g.KeyFields, g.Rename)
        {
            HasPlannerAliases = HasAliases(g.Selection),
            Selection = g.Selection,
            OperationPrefix = prefix,
            VariableDefinitions = variableDefinitions,
        };
    }

    private static bool HasAliases(SubSelectionSet set)
    {
        foreach (var item in set.Items)
        {
            switch (item)
            {
                case SubField f:
                    if (f.Alias is not null && f.Alias.Contains(SubSelectionSet.AliasMarker, StringComparison.Ordinal))
                    {
                        return true;
                    }

                    if (f.SelectionSet is not null && HasAliases(f.SelectionSet))
                    {
                        return true;
                    }

                    break;
                case SubFragment fr when HasAliases(fr.SelectionSet):
                    return true;
            }
        }

        return false;
    }

    private static string Sanitize(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return sb.ToString();
    }

    private static void PrintType(StringBuilder sb, GraphQLType type)
    {
        switch (type)
        {
            case GraphQLNamedType n:
                sb.Append(n.Name.StringValue);
                break;
            case GraphQLListType l:
                sb.Append('[');
                PrintType(sb, l.Type);
                sb.Append(']');
                break;
            case GraphQLNonNullType nn:
                PrintType(sb, nn.Type);
                sb.Append('!');
                break;
        }
    }

    internal static void CollectVariables(SubSelectionSet set, List<string> used)
    {
        foreach (var item in set.Items)
        {
            switch (item)
            {
                case SubField f:
                    foreach (var a in f.Arguments)
                    {
                        CollectVariables(a.Value, used);
                    }

                    foreach (var c in f.Conditions)
                    {
                        AddVar(used, c.Variable);
                    }

                    foreach (var d in f.Directives)
                    {
                        if (d.Arguments is not null)
                        {
                            foreach (var a in d.Arguments.Items)
                            {
                                CollectVariables(a.Value, used);
                            }
                        }
                    }

                    if (f.SelectionSet is not null)
                    {
                        CollectVariables(f.SelectionSet, used);
                    }

                    break;
                case SubFragment fr:
                    foreach (var c in fr.Conditions)
                    {
                        AddVar(used, c.Variable);
                    }

                    CollectVariables(fr.SelectionSet, used);
                    break;
            }
        }
    }

    internal static void CollectVariables(GraphQLValue value, List<string> used)
    {
        switch (value)
        {
            case GraphQLVariable v:
                AddVar(used, v.Name.StringValue);
                break;
            case GraphQLListValue l when l.Values is not null:
                foreach (var x in l.Values)
                {
                    CollectVariables(x, used);
                }

                break;
            case GraphQLObjectValue o when o.Fields is not null:
                foreach (var x in o.Fields)
                {
                    CollectVariables(x.Value, used);
                }

                break;
        }
    }

    internal static void AddVar(List<string> used, string name)
    {
        if (!used.Contains(name))
        {
            used.Add(name);
        }
    }
}
