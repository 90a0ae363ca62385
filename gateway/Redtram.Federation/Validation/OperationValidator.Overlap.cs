using System.Runtime.CompilerServices;
using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>
/// OverlappingFieldsCanBeMerged, following the graphql-js algorithm: field maps are computed once per selection set,
/// fragment pairs are compared once, and textually identical fields of the same parent type are collapsed
/// (they can never conflict with each other and conflict with others exactly alike), so repeating a field
/// thousands of times costs linear time.
/// </summary>
internal sealed partial class OperationValidator
{
    private readonly Dictionary<GraphQLSelectionSet, FieldMap> _fieldMaps = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(string, string), bool> _comparedFragmentPairs = [];

    // Conflicts between two sub-selection sets, memoized: each selection set node has one static parent type, so the result
    // only depends on the pair and on exclusivity. This bounds the work by the number of compared pairs (no exponential blowup).
    private readonly Dictionary<(GraphQLSelectionSet, GraphQLSelectionSet, bool), List<Conflict>> _subSelectionConflicts = new(SelectionSetPairComparer.Instance);

    private sealed class SelectionSetPairComparer : IEqualityComparer<(GraphQLSelectionSet, GraphQLSelectionSet, bool)>
    {
        public static readonly SelectionSetPairComparer Instance = new();

        public bool Equals((GraphQLSelectionSet, GraphQLSelectionSet, bool) x, (GraphQLSelectionSet, GraphQLSelectionSet, bool) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && x.Item3 == y.Item3;

        public int GetHashCode((GraphQLSelectionSet, GraphQLSelectionSet, bool) obj) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2), obj.Item3);
    }

    private sealed class FieldEntry(TypeDef? parentType, GraphQLField node, FieldDef? def)
    {
        public TypeDef? ParentType { get; } = parentType;

        public GraphQLField Node { get; } = node;

        public FieldDef? Def { get; } = def;
    }

    private sealed class FieldMap
    {
        public List<string> ResponseNames { get; } = [];

        public Dictionary<string, List<FieldEntry>> Fields { get; } = new(StringComparer.Ordinal);

        public List<string> FragmentNames { get; } = [];
    }

    private sealed class Conflict(string responseName, string? reason, List<Conflict>? subConflicts, List<ASTNode> fields1, List<ASTNode> fields2)
    {
        public string ResponseName { get; } = responseName;

        public string? Reason { get; } = reason;

        public List<Conflict>? SubConflicts { get; } = subConflicts;

        public List<ASTNode> Fields1 { get; } = fields1;

        public List<ASTNode> Fields2 { get; } = fields2;
    }

    private void FindConflictsWithinSelectionSet(GraphQLSelectionSet selectionSet, TypeDef? parentType)
    {
        var fieldMap = GetFieldsAndFragmentNames(parentType, selectionSet);
        var conflicts = new List<Conflict>();
        CollectConflictsWithin(conflicts, fieldMap);
        var fragmentNames = fieldMap.FragmentNames;
        for (var i = 0; i < fragmentNames.Count; i++)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, false, fieldMap, fragmentNames[i]);
            for (var j = i + 1; j < fragmentNames.Count; j++)
            {
                CollectConflictsBetweenFragments(conflicts, false, fragmentNames[i], fragmentNames[j]);
            }
        }

        foreach (var c in conflicts)
        {
            var sb = new StringBuilder();
            sb.Append("Fields \"").Append(c.ResponseName).Append("\" conflict because ");
            AppendReason(sb, c);
            sb.Append(". Use different aliases on the fields to fetch both if this was intentional.");
            var nodes = new List<ASTNode>(c.Fields1.Count + c.Fields2.Count);
            nodes.AddRange(c.Fields1);
            nodes.AddRange(c.Fields2);
            Report(sb.ToString(), nodes);
        }
    }

    private static void AppendReason(StringBuilder sb, Conflict c)
    {
        if (c.Reason is not null)
        {
            sb.Append(c.Reason);
            return;
        }

        for (var i = 0; i < c.SubConflicts!.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(" and ");
            }

            var sub = c.SubConflicts[i];
            sb.Append("subfields \"").Append(sub.ResponseName).Append("\" conflict because ");
            AppendReason(sb, sub);
        }
    }

    private FieldMap GetFieldsAndFragmentNames(TypeDef? parentType, GraphQLSelectionSet selectionSet)
    {
        if (_fieldMaps.TryGetValue(selectionSet, out var cached))
        {
            return cached;
        }

        var map = new FieldMap();
        CollectFieldsAndFragmentNames(parentType, selectionSet, map);
        _fieldMaps[selectionSet] = map;
        return map;
    }

    private FieldMap? GetReferencedFieldsAndFragmentNames(string fragmentName)
    {
        if (!_fragments.TryGetValue(fragmentName, out var fragment))
        {
            return null;
        }

        var type = _schema.GetType(fragment.TypeCondition.Type.Name.StringValue);
        return GetFieldsAndFragmentNames(type is not null && type.IsComposite ? type : null, fragment.SelectionSet);
    }

    private void CollectFieldsAndFragmentNames(TypeDef? parentType, GraphQLSelectionSet selectionSet, FieldMap map)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return;
        }

        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var name = field.Name.StringValue;
                    var def = parentType is null ? null : GetFieldDef(parentType, name);
                    var responseName = field.Alias?.Name.StringValue ?? name;
                    if (!map.Fields.TryGetValue(responseName, out var list))
                    {
                        map.Fields[responseName] = list = [];
                        map.ResponseNames.Add(responseName);
                    }

                    if (!ContainsIdentical(list, parentType, field))
                    {
                        list.Add(new FieldEntry(parentType, field, def));
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    var fragName = spread.FragmentName.Name.StringValue;
                    if (!map.FragmentNames.Contains(fragName))
                    {
                        map.FragmentNames.Add(fragName);
                    }

                    break;
                case GraphQLInlineFragment inline:
                    var type = parentType;
                    if (inline.TypeCondition is not null)
                    {
                        type = _schema.GetType(inline.TypeCondition.Type.Name.StringValue);
                        if (type is not null && !type.IsComposite)
                        {
                            type = null;
                        }
                    }

                    CollectFieldsAndFragmentNames(type, inline.SelectionSet, map);
                    break;
            }
        }
    }

    /// <summary>Whether a field with the same parent type and the same source text (from its name on) is already in the list.</summary>
    private bool ContainsIdentical(List<FieldEntry> list, TypeDef? parentType, GraphQLField field)
    {
        var start = field.Name.Location.Start;
        var end = field.Location.End;
        if (end <= start || end > _document.Source.Length)
        {
            return false; // no locations: cannot compare cheaply
        }

        var text = _document.Source.Span[start..end];
        foreach (var e in list)
        {
            if (!ReferenceEquals(e.ParentType, parentType))
            {
                continue;
            }

            var s = e.Node.Name.Location.Start;
            var t = e.Node.Location.End;
            if (t - s == text.Length && _document.Source.Span[s..t].SequenceEqual(text))
            {
                return true;
            }
        }

        return false;
    }

    private void CollectConflictsWithin(List<Conflict> conflicts, FieldMap fieldMap)
    {
        foreach (var responseName in fieldMap.ResponseNames)
        {
            var fields = fieldMap.Fields[responseName];
            if (fields.Count < 2)
            {
                continue;
            }

            for (var i = 0; i < fields.Count; i++)
            {
                for (var j = i + 1; j < fields.Count; j++)
                {
                    var conflict = FindConflict(false, responseName, fields[i], fields[j]);
                    if (conflict is not null)
                    {
                        conflicts.Add(conflict);
                    }
                }
            }
        }
    }

    private void CollectConflictsBetween(List<Conflict> conflicts, bool parentFieldsAreMutuallyExclusive, FieldMap fieldMap1, FieldMap fieldMap2)
    {
        foreach (var responseName in fieldMap1.ResponseNames)
        {
            if (!fieldMap2.Fields.TryGetValue(responseName, out var fields2))
            {
                continue;
            }

            var fields1 = fieldMap1.Fields[responseName];
            foreach (var f1 in fields1)
            {
                foreach (var f2 in fields2)
                {
                    var conflict = FindConflict(parentFieldsAreMutuallyExclusive, responseName, f1, f2);
                    if (conflict is not null)
                    {
                        conflicts.Add(conflict);
                    }
                }
            }
        }
    }

    private void CollectConflictsBetweenFieldsAndFragment(List<Conflict> conflicts, bool areMutuallyExclusive, FieldMap fieldMap, string fragmentName)
    {
        // Compare the fields with every fragment reachable from fragmentName, each once.
        var seen = new HashSet<string>(StringComparer.Ordinal) { fragmentName };
        var work = new Stack<string>();
        work.Push(fragmentName);
        while (work.Count > 0)
        {
            var name = work.Pop();
            var fieldMap2 = GetReferencedFieldsAndFragmentNames(name);
            if (fieldMap2 is null)
            {
                continue;
            }

            if (!ReferenceEquals(fieldMap, fieldMap2))
            {
                CollectConflictsBetween(conflicts, areMutuallyExclusive, fieldMap, fieldMap2);
            }

            foreach (var referenced in fieldMap2.FragmentNames)
            {
                if (seen.Add(referenced))
                {
                    work.Push(referenced);
                }
            }
        }
    }

    private void CollectConflictsBetweenFragments(List<Conflict> conflicts, bool areMutuallyExclusive, string fragmentName1, string fragmentName2)
    {
        if (fragmentName1 == fragmentName2 || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return;
        }

        var key = string.CompareOrdinal(fragmentName1, fragmentName2) < 0 ? (fragmentName1, fragmentName2) : (fragmentName2, fragmentName1);
        if (_comparedFragmentPairs.TryGetValue(key, out var wasExclusive) && (areMutuallyExclusive || !wasExclusive))
        {
            return;
        }

        _comparedFragmentPairs[key] = areMutuallyExclusive;
        var fieldMap1 = GetReferencedFieldsAndFragmentNames(fragmentName1);
        var fieldMap2 = GetReferencedFieldsAndFragmentNames(fragmentName2);
        if (fieldMap1 is null || fieldMap2 is null)
        {
            return;
        }

        CollectConflictsBetween(conflicts, areMutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var referenced2 in fieldMap2.FragmentNames)
        {
            CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, fragmentName1, referenced2);
        }

        foreach (var referenced1 in fieldMap1.FragmentNames)
        {
            CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, referenced1, fragmentName2);
        }
    }

    private Conflict? FindConflict(bool parentFieldsAreMutuallyExclusive, string responseName, FieldEntry field1, FieldEntry field2)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return null;
        }

        var parent1 = field1.ParentType;
        var parent2 = field2.ParentType;
        var node1 = field1.Node;
        var node2 = field2.Node;

        // Different object types can never be queried at the same time, so only the shape must agree.
        var areMutuallyExclusive = parentFieldsAreMutuallyExclusive
            || (parent1 is not null && parent2 is not null && !ReferenceEquals(parent1, parent2)
                && parent1.Kind == TypeKind.Object && parent2.Kind == TypeKind.Object);

        if (!areMutuallyExclusive)
        {
            var name1 = node1.Name.StringValue;
            var name2 = node2.Name.StringValue;
            if (name1 != name2)
            {
                return new Conflict(responseName, $"\"{name1}\" and \"{name2}\" are different fields", null, [node1], [node2]);
            }

            if (!SameArguments(node1, node2))
            {
                return new Conflict(responseName, "they have differing arguments", null, [node1], [node2]);
            }
        }

        var type1 = field1.Def?.Type;
        var type2 = field2.Def?.Type;
        if (type1 is not null && type2 is not null && DoTypesConflict(type1, type2))
        {
            return new Conflict(responseName, $"they return conflicting types \"{type1}\" and \"{type2}\"", null, [node1], [node2]);
        }

        if (node1.SelectionSet is not null && node2.SelectionSet is not null)
        {
            var subConflicts = FindConflictsBetweenSubSelectionSets(
                areMutuallyExclusive,
                NamedCompositeType(type1),
                node1.SelectionSet,
                NamedCompositeType(type2),
                node2.SelectionSet);
            if (subConflicts.Count > 0)
            {
                var fields1 = new List<ASTNode> { node1 };
                var fields2 = new List<ASTNode> { node2 };
                foreach (var c in subConflicts)
                {
                    fields1.AddRange(c.Fields1);
                    fields2.AddRange(c.Fields2);
                }

                return new Conflict(responseName, null, subConflicts, fields1, fields2);
            }
        }

        return null;
    }

    private TypeDef? NamedCompositeType(TypeRef? type)
    {
        if (type is null)
        {
            return null;
        }

        var t = _schema.GetType(type.NamedType);
        return t is not null && t.IsComposite ? t : null;
    }

    private List<Conflict> FindConflictsBetweenSubSelectionSets(
        bool areMutuallyExclusive,
        TypeDef? parentType1,
        GraphQLSelectionSet selectionSet1,
        TypeDef? parentType2,
        GraphQLSelectionSet selectionSet2)
    {
        var key = (selectionSet1, selectionSet2, areMutuallyExclusive);
        if (_subSelectionConflicts.TryGetValue(key, out var known))
        {
            return known;
        }

        var conflicts = new List<Conflict>();
        _subSelectionConflicts[key] = conflicts;
        var fieldMap1 = GetFieldsAndFragmentNames(parentType1, selectionSet1);
        var fieldMap2 = GetFieldsAndFragmentNames(parentType2, selectionSet2);
        CollectConflictsBetween(conflicts, areMutuallyExclusive, fieldMap1, fieldMap2);
        foreach (var fragmentName2 in fieldMap2.FragmentNames)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, areMutuallyExclusive, fieldMap1, fragmentName2);
        }

        foreach (var fragmentName1 in fieldMap1.FragmentNames)
        {
            CollectConflictsBetweenFieldsAndFragment(conflicts, areMutuallyExclusive, fieldMap2, fragmentName1);
        }

        foreach (var fragmentName1 in fieldMap1.FragmentNames)
        {
            foreach (var fragmentName2 in fieldMap2.FragmentNames)
            {
                CollectConflictsBetweenFragments(conflicts, areMutuallyExclusive, fragmentName1, fragmentName2);
            }
        }

        return conflicts;
    }

    private static bool SameArguments(GraphQLField node1, GraphQLField node2)
    {
        var args1 = node1.Arguments;
        var args2 = node2.Arguments;
        var count1 = args1?.Count ?? 0;
        var count2 = args2?.Count ?? 0;
        if (count1 != count2)
        {
            return false;
        }

        for (var i = 0; i < count1; i++)
        {
            var a1 = args1![i];
            GraphQLArgument? match = null;
            foreach (var a2 in args2!.Items)
            {
                if (a2.Name.Value.Span.SequenceEqual(a1.Name.Value.Span))
                {
                    match = a2;
                    break;
                }
            }

            if (match is null || !ValidationText.ValueEquals(a1.Value, match.Value))
            {
                return false;
            }
        }

        return true;
    }

    private bool DoTypesConflict(TypeRef type1, TypeRef type2)
    {
        while (true)
        {
            if (type1.Kind == TypeRefKind.List)
            {
                if (type2.Kind != TypeRefKind.List)
                {
                    return true;
                }

                type1 = type1.OfType!;
                type2 = type2.OfType!;
                continue;
            }

            if (type2.Kind == TypeRefKind.List)
            {
                return true;
            }

            if (type1.IsNonNull)
            {
                if (!type2.IsNonNull)
                {
                    return true;
                }

                type1 = type1.OfType!;
                type2 = type2.OfType!;
                continue;
            }

            if (type2.IsNonNull)
            {
                return true;
            }

            var def1 = _schema.GetType(type1.Name!);
            var def2 = _schema.GetType(type2.Name!);
            if ((def1 is not null && def1.IsLeaf) || (def2 is not null && def2.IsLeaf))
            {
                return type1.Name != type2.Name;
            }

            return false;
        }
    }
}
