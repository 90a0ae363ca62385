using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Operations;

namespace Redtram.Federation.Planning;

/// <summary>An immutable query plan. <see cref="ToString"/> prints the same text for the same input.</summary>
public sealed class QueryPlan
{
    internal QueryPlan(OperationNode operation, PlanNode? root, int fetchCount)
    {
        Operation = operation;
        Root = root;
        FetchCount = fetchCount;
    }

    public OperationNode Operation { get; }

    /// <summary>The root node; null when the operation needs no subgraph (introspection, <c>__typename</c> only).</summary>
    public PlanNode? Root { get; }

    public int FetchCount { get; }

    public override string ToString()
    {
        var sb = new StringBuilder("QueryPlan {");
        if (Root is not null)
        {
            sb.Append('\n');
            Root.Print(sb, 1);
            sb.Append('\n');
        }

        sb.Append('}');
        return sb.ToString();
    }
}

public abstract class PlanNode
{
    internal abstract void Print(StringBuilder sb, int indent);

    protected static StringBuilder Indent(StringBuilder sb, int indent) => sb.Append(' ', indent * 2);
}

public sealed class SequenceNode(IReadOnlyList<PlanNode> nodes) : PlanNode
{
    public IReadOnlyList<PlanNode> Nodes { get; } = nodes;

    internal override void Print(StringBuilder sb, int indent)
    {
        Indent(sb, indent).Append("Sequence {\n");
        for (var i = 0; i < Nodes.Count; i++)
        {
            Nodes[i].Print(sb, indent + 1);
            sb.Append(i < Nodes.Count - 1 ? ",\n" : "\n");
        }

        Indent(sb, indent).Append('}');
    }
}

public sealed class ParallelNode(IReadOnlyList<PlanNode> nodes) : PlanNode
{
    public IReadOnlyList<PlanNode> Nodes { get; } = nodes;

    internal override void Print(StringBuilder sb, int indent)
    {
        Indent(sb, indent).Append("Parallel {\n");
        for (var i = 0; i < Nodes.Count; i++)
        {
            Nodes[i].Print(sb, indent + 1);
            sb.Append(i < Nodes.Count - 1 ? ",\n" : "\n");
        }

        Indent(sb, indent).Append('}');
    }
}

/// <summary>Runs <see cref="Node"/> for every object found at <see cref="Path"/> (<c>@</c> stands for list items).</summary>
public sealed class FlattenNode(IReadOnlyList<string> path, FetchNode node) : PlanNode
{
    public IReadOnlyList<string> Path { get; } = path;

    public FetchNode Node { get; } = node;

    internal override void Print(StringBuilder sb, int indent)
    {
        Indent(sb, indent).Append("Flatten(path: \"").Append(string.Join('.', Path)).Append("\") {\n");
        Node.Print(sb, indent + 1);
        sb.Append('\n');
        Indent(sb, indent).Append('}');
    }
}

/// <summary>Runs <see cref="IfClause"/> when the boolean variable is true, otherwise <see cref="ElseClause"/>.</summary>
public sealed class ConditionNode(string variable, PlanNode? ifClause, PlanNode? elseClause) : PlanNode
{
    public string Variable { get; } = variable;

    public PlanNode? IfClause { get; } = ifClause;

    public PlanNode? ElseClause { get; } = elseClause;

    internal override void Print(StringBuilder sb, int indent)
    {
        Indent(sb, indent).Append("Condition(if: $").Append(Variable).Append(") {\n");
        if (IfClause is not null)
        {
            Indent(sb, indent + 1).Append("Then {\n");
            IfClause.Print(sb, indent + 2);
            sb.Append('\n');
            Indent(sb, indent + 1).Append("}\n");
        }

        if (ElseClause is not null)
        {
            Indent(sb, indent + 1).Append("Else {\n");
            ElseClause.Print(sb, indent + 2);
            sb.Append('\n');
            Indent(sb, indent + 1).Append("}\n");
        }

        Indent(sb, indent).Append('}');
    }
}

/// <summary>One request to one subgraph.</summary>
public sealed class FetchNode : PlanNode
{
    internal FetchNode(
        int id,
        string subgraph,
        OperationType operationType,
        string operation,
        IReadOnlyList<string> variableUsages,
        SubSelectionSet? requires,
        SubSelectionSet? keyFields,
        string? typenameRewrite)
    {
        Id = id;
        Subgraph = subgraph;
        OperationType = operationType;
        Operation = operation;
        VariableUsages = variableUsages;
        Requires = requires;
        KeyFields = keyFields;
        TypenameRewrite = typenameRewrite;
    }

    public int Id { get; }

    public string Subgraph { get; }

    public OperationType OperationType { get; }

    /// <summary>The operation text sent to the subgraph.</summary>
    public string Operation { get; }

    /// <summary>Client variables the operation uses.</summary>
    public IReadOnlyList<string> VariableUsages { get; }

    /// <summary>For an entity fetch: the selection that builds each representation (inline fragments per type).</summary>
    public SubSelectionSet? Requires { get; }

    /// <summary>For an entity fetch: the key selections; an object whose key fields are missing or null is not sent.</summary>
    public SubSelectionSet? KeyFields { get; }

    /// <summary>For a fetch into an <c>@interfaceObject</c> subgraph: the <c>__typename</c> representations carry.</summary>
    public string? TypenameRewrite { get; }

    public bool IsEntityFetch => Requires is not null;

    /// <summary>The selection the fetch sends (for a root fetch: its root fields, whose arguments route partitioned subgraphs).</summary>
    public SubSelectionSet? Selection { get; internal init; }

    /// <summary>True when the operation fetches some fields under planner aliases that merging must undo.</summary>
    public bool HasPlannerAliases { get; internal init; }

    /// <summary>The operation text before its variable definitions ("query" or "query Name__subgraph__N").</summary>
    internal string OperationPrefix { get; init; } = "query";

    /// <summary>Client variables the operation declares, with their printed definitions, in order.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> VariableDefinitions { get; init; } = [];

    /// <summary>The fetch specialised per access rule (see <see cref="FieldRule"/>), built on first use.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<FieldRule, SpecialisedFetch>? SpecialisedSlot;

    internal override void Print(StringBuilder sb, int indent)
    {
        Indent(sb, indent).Append("Fetch(service: \"").Append(Subgraph).Append("\") {\n");
        if (Requires is not null)
        {
            Indent(sb, indent + 1);
            Requires.Print(sb);
            sb.Append(" =>");
            if (TypenameRewrite is not null)
            {
                sb.Append(" (__typename as ").Append(TypenameRewrite).Append(')');
            }

            sb.Append('\n');
        }

        Indent(sb, indent + 1).Append(Operation).Append('\n');
        Indent(sb, indent).Append('}');
    }
}
