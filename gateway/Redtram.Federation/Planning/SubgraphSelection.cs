using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Operations;

namespace Redtram.Federation.Planning;

/// <summary>
/// A selection set sent to a subgraph. Built mutably while planning, then frozen: after planning, nothing
/// mutates it and it is shared by every execution of the plan.
/// </summary>
public sealed class SubSelectionSet
{
    /// <summary>Marks an alias the planner gave a field to avoid a clash in a subgraph operation; removed when merging.</summary>
    public const string AliasMarker = "__rtalias";

    private readonly List<SubSelection> _items = [];

    /// <summary>Only on the root set of an operation: response key → the field shapes already using it.</summary>
    private Dictionary<string, List<(string Name, string Args, Schema.TypeRef? Type, bool Composite)>>? _keys;
    private int _aliasCounter;

    public SubSelectionSet()
    {
    }

    private SubSelectionSet(SubSelectionSet parent, string scopePath)
    {
        Parent = parent;
        ScopePath = scopePath;
    }

    /// <summary>
    /// The response-key path of the fields this set selects into. Sets with the same path are merged by GraphQL
    /// (fragments share their parent's path), so a response key must mean one field shape within a path.
    /// </summary>
    internal string ScopePath { get; } = "";

    /// <summary>The set this one is nested in (through a field or a fragment); null for an operation's root set.</summary>
    internal SubSelectionSet? Parent { get; }

    /// <summary>The root set of the operation this set belongs to.</summary>
    private SubSelectionSet Root
    {
        get
        {
            var s = this;
            while (s.Parent is not null)
            {
                s = s.Parent;
            }

            return s;
        }
    }

    public IReadOnlyList<SubSelection> Items => _items;

    public bool IsEmpty => _items.Count == 0;

    internal SubField AddField(string name, string? alias, IReadOnlyList<GraphQLArgument> args, IReadOnlyList<SelectionCondition> conditions, IReadOnlyList<GraphQLDirective> directives, bool composite, Schema.TypeRef? type = null)
    {
        var argText = PrintArguments(args);
        foreach (var item in _items)
        {
            if (item is SubField f && f.Name == name && f.OriginalResponseKey == (alias ?? name) && f.ArgumentsText == argText && SameConditions(f.Conditions, conditions) && f.Directives.Count == 0 && directives.Count == 0
                && (type is null || f.Type is null || f.Type.Equals(type)))
            {
                if (composite && f.SelectionSet is null)
                {
                    f.SelectionSet = new SubSelectionSet(this, ScopePath + "/" + f.ResponseKey);
                }

                return f;
            }
        }

        var responseKey = alias ?? name;
        var finalAlias = alias;
        var root = Root;
        root._keys ??= new(StringComparer.Ordinal);
        var registryKey = ScopePath + "\u0001" + responseKey;
        if (!root._keys.TryGetValue(registryKey, out var shapes))
        {
            root._keys[registryKey] = shapes = [];
        }

        // GraphQL merges same-named fields across fragments and nested selections, so one response key must mean
        // one field shape throughout the operation. A different field, arguments or type (even nullability) under
        // the same key is fetched under a private alias and put back under its key when merging.
        var first = shapes.Count == 0 ? ((string Name, string Args, Schema.TypeRef? Type, bool Composite)?)null : shapes[0];
        if (first is { } f0 && (f0.Name != name || f0.Args != argText || !SameShape(f0.Type, f0.Composite, type, composite)))
        {
            finalAlias = responseKey + AliasMarker + (++root._aliasCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (first is null)
        {
            shapes.Add((name, argText, type, composite));
        }

        var field = new SubField(name, finalAlias, args, argText, conditions, directives)
        {
            SelectionSet = composite ? new SubSelectionSet(this, ScopePath + "/" + (finalAlias ?? name)) : null,
            Type = type,
            OriginalResponseKey = responseKey,
        };
        _items.Add(field);
        return field;
    }

    internal SubFragment AddFragment(string? typeCondition, IReadOnlyList<SelectionCondition> conditions, IReadOnlyList<GraphQLDirective> directives)
    {
        foreach (var item in _items)
        {
            if (item is SubFragment f && f.TypeCondition == typeCondition && SameConditions(f.Conditions, conditions) && f.Directives.Count == 0 && directives.Count == 0)
            {
                return f;
            }
        }

        var frag = new SubFragment(typeCondition, conditions, directives, new SubSelectionSet(this, ScopePath));
        _items.Add(frag);
        return frag;
    }

    internal void AddTypename()
    {
        foreach (var item in _items)
        {
            if (item is SubField { Name: "__typename", Alias: null, Conditions.Count: 0 })
            {
                return;
            }
        }

        _items.Insert(0, new SubField("__typename", null, [], "", [], []) { OriginalResponseKey = "__typename" });
    }

    /// <summary>Adds every selection of <paramref name="other"/> (a field set, e.g. a key) into this set.</summary>
    internal void AddAll(SelectionSetNode other)
    {
        foreach (var sel in other.Selections)
        {
            switch (sel)
            {
                case FieldNode f:
                    var sub = AddField(f.Name, f.Alias, f.Arguments, f.Conditions, f.OtherDirectives, f.SelectionSet is not null);
                    if (f.SelectionSet is not null)
                    {
                        sub.SelectionSet!.AddAll(f.SelectionSet);
                    }

                    break;
                case InlineFragmentNode i:
                    if (i.TypeCondition is not null)
                    {
                        // Choosing between type conditions needs the runtime type.
                        AddTypename();
                    }

                    AddFragment(i.TypeCondition, i.Conditions, i.OtherDirectives).SelectionSet.AddAll(i.SelectionSet);
                    break;
            }
        }
    }

    /// <summary>
    /// GraphQL's SameResponseShape: the same list and non-null wrapping, and the same leaf type; two composite
    /// types may differ (their sub-selections are compared field by field).
    /// </summary>
    private static bool SameShape(Schema.TypeRef? a, bool aComposite, Schema.TypeRef? b, bool bComposite)
    {
        if (a is null || b is null)
        {
            return true;
        }

        if (aComposite != bComposite)
        {
            return false;
        }

        while (true)
        {
            if (a.Kind != b.Kind)
            {
                return false;
            }

            if (a.Kind == Schema.TypeRefKind.Named)
            {
                return aComposite || a.Name == b.Name;
            }

            a = a.OfType!;
            b = b.OfType!;
        }
    }

    internal static bool SameConditions(IReadOnlyList<SelectionCondition> a, IReadOnlyList<SelectionCondition> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (var i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    public void Print(StringBuilder sb)
    {
        sb.Append('{');
        var first = true;
        foreach (var item in _items)
        {
            if (item is SubFragment fr && fr.SelectionSet.IsEmpty)
            {
                continue;
            }

            sb.Append(first ? " " : " ");
            first = false;
            item.Print(sb);
        }

        sb.Append(" }");
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Print(sb);
        return sb.ToString();
    }

    internal static string PrintArguments(IReadOnlyList<GraphQLArgument> args)
    {
        if (args.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("(");
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            sb.Append(args[i].Name.StringValue).Append(": ");
            PrintValue(sb, args[i].Value);
        }

        return sb.Append(')').ToString();
    }

    internal static void PrintValue(StringBuilder sb, GraphQLValue value) => ValuePrinter.Write(sb, value);

    internal static void PrintDirectives(StringBuilder sb, IReadOnlyList<SelectionCondition> conditions, IReadOnlyList<GraphQLDirective> directives)
    {
        foreach (var c in conditions)
        {
            sb.Append(c.PassWhen ? " @include(if: $" : " @skip(if: $").Append(c.Variable).Append(')');
        }

        foreach (var d in directives)
        {
            sb.Append(" @").Append(d.Name.StringValue);
            if (d.Arguments is not null)
            {
                sb.Append(PrintArguments(d.Arguments.Items));
            }
        }
    }
}

public abstract class SubSelection
{
    public abstract void Print(StringBuilder sb);
}

public sealed class SubField : SubSelection
{
    internal SubField(string name, string? alias, IReadOnlyList<GraphQLArgument> arguments, string argumentsText, IReadOnlyList<SelectionCondition> conditions, IReadOnlyList<GraphQLDirective> directives)
    {
        Name = name;
        Alias = alias;
        Arguments = arguments;
        ArgumentsText = argumentsText;
        Conditions = conditions;
        Directives = directives;
    }

    public string Name { get; }

    public string? Alias { get; }

    public string ResponseKey => Alias ?? Name;

    public IReadOnlyList<GraphQLArgument> Arguments { get; }

    public string ArgumentsText { get; }

    public IReadOnlyList<SelectionCondition> Conditions { get; }

    public IReadOnlyList<GraphQLDirective> Directives { get; }

    public SubSelectionSet? SelectionSet { get; internal set; }

    /// <summary>The field's type in the subgraph, when known.</summary>
    public Schema.TypeRef? Type { get; internal init; }

    /// <summary>The response key the field has in the merged data (its alias unless the planner renamed it).</summary>
    public string OriginalResponseKey { get; internal init; } = "";

    public override void Print(StringBuilder sb)
    {
        if (Alias is not null)
        {
            sb.Append(Alias).Append(": ");
        }

        sb.Append(Name).Append(ArgumentsText);
        SubSelectionSet.PrintDirectives(sb, Conditions, Directives);
        if (SelectionSet is not null)
        {
            sb.Append(' ');
            SelectionSet.Print(sb);
        }
    }
}

public sealed class SubFragment : SubSelection
{
    internal SubFragment(string? typeCondition, IReadOnlyList<SelectionCondition> conditions, IReadOnlyList<GraphQLDirective> directives, SubSelectionSet selectionSet)
    {
        TypeCondition = typeCondition;
        Conditions = conditions;
        Directives = directives;
        SelectionSet = selectionSet;
    }

    public string? TypeCondition { get; }

    public IReadOnlyList<SelectionCondition> Conditions { get; }

    public IReadOnlyList<GraphQLDirective> Directives { get; }

    public SubSelectionSet SelectionSet { get; }

    public override void Print(StringBuilder sb)
    {
        sb.Append("...");
        if (TypeCondition is not null)
        {
            sb.Append(" on ").Append(TypeCondition);
        }

        SubSelectionSet.PrintDirectives(sb, Conditions, Directives);
        sb.Append(' ');
        SelectionSet.Print(sb);
    }
}
