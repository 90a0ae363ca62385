using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Operations;

/// <summary>
/// A <c>@skip</c> / <c>@include</c> condition on a selection. <see cref="Variable"/> is the variable name;
/// the selection is kept when the variable's value equals <see cref="PassWhen"/>.
/// </summary>
public readonly record struct SelectionCondition(string Variable, bool PassWhen)
{
    public override string ToString() => PassWhen ? $"@include(if: ${Variable})" : $"@skip(if: ${Variable})";
}

/// <summary>A normalised selection: fragment spreads are inlined; conditions with literal values are resolved.</summary>
public abstract class SelectionNode
{
    /// <summary>Variable conditions that must all pass for this selection to apply (empty when unconditional).</summary>
    public IReadOnlyList<SelectionCondition> Conditions { get; init; } = [];

    /// <summary>Directives other than skip/include, forwarded as written (e.g. custom executable directives).</summary>
    public IReadOnlyList<GraphQLDirective> OtherDirectives { get; init; } = [];
}

public sealed class FieldNode : SelectionNode
{
    public required string Name { get; init; }

    public string? Alias { get; init; }

    public string ResponseKey => Alias ?? Name;

    /// <summary>The arguments as written (values may reference variables).</summary>
    public IReadOnlyList<GraphQLArgument> Arguments { get; init; } = [];

    /// <summary>The type on which this field is selected (the parent type in the client's document).</summary>
    public required string ParentType { get; init; }

    /// <summary>The field's definition in the API schema; null for <c>__typename</c>, <c>__schema</c> and <c>__type</c>.</summary>
    public FieldDef? Definition { get; init; }

    public SelectionSetNode? SelectionSet { get; init; }

    /// <summary>1-based line and column of the field in the client document, for error locations.</summary>
    public (int Line, int Column) Location { get; init; }

    public bool IsTypename => Name == "__typename";
}

public sealed class InlineFragmentNode : SelectionNode
{
    /// <summary>The type condition, or null when the fragment applies to the enclosing type.</summary>
    public string? TypeCondition { get; init; }

    public required SelectionSetNode SelectionSet { get; init; }
}

public sealed class SelectionSetNode(IReadOnlyList<SelectionNode> selections)
{
    public IReadOnlyList<SelectionNode> Selections { get; } = selections;

    public static SelectionSetNode Empty { get; } = new([]);
}

/// <summary>A validated, normalised operation ready for planning and result shaping.</summary>
public sealed class OperationNode
{
    public required OperationType Kind { get; init; }

    public string? Name { get; init; }

    public required string RootType { get; init; }

    public required SelectionSetNode SelectionSet { get; init; }

    /// <summary>Variable definitions as written in the client document.</summary>
    public IReadOnlyList<GraphQLVariableDefinition> VariableDefinitions { get; init; } = [];

    public GraphQLVariableDefinition? GetVariable(string name)
    {
        foreach (var v in VariableDefinitions)
        {
            if (v.Variable.Name.StringValue == name)
            {
                return v;
            }
        }

        return null;
    }
}
