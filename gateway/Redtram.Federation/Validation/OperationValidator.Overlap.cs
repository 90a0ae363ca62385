using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>
/// OverlappingFieldsCanBeMerged (spec 5.3.2) with the set-merging algorithm ("Overlapping fields can be merged fast",
/// S. Adameit, as used by graphql-java and Sangria) instead of graphql-js' pairwise comparison of sub-selections:
/// fields that share a response name are compared with the first of their group, and their sub-selections are merged
/// into one set that is checked once (sets are memoized by content). The work is roughly linear in the size of the
/// document with fragments expanded once per distinct set, so neither huge nor deeply nested documents blow up.
/// Two checks run separately, as the algorithm requires:
/// <list type="bullet">
/// <item>same response shape (<c>DoTypesConflict</c>) for all fields with the same response name, whatever their parents;</item>
/// <item>same field name and arguments for fields that can apply to the same object (same object parent type, or an abstract one).</item>
/// </list>
/// Error messages follow graphql-js ("Fields "a" conflict because subfields "b" conflict because ...").
/// </summary>
internal sealed partial class OperationValidator
{
    private readonly Dictionary<(GraphQLField, TypeDef?), int> _fieldIds = [];
    private readonly HashSet<int[]> _checkedShapeSets = new(IntArrayComparer.Instance);
    private readonly HashSet<int[]> _checkedCommonParentSets = new(IntArrayComparer.Instance);
    private readonly HashSet<(int, int)> _reportedConflicts = [];
    private readonly HashSet<string> _cyclicFragments = new(StringComparer.Ordinal);

    /// <summary>A field selected on a parent type, with the field whose sub-selection it came from (for messages).</summary>
    private sealed class SelectedField(int id, GraphQLField node, TypeDef? parentType, FieldDef? def, string responseName, SelectedField? up)
    {
        public int Id { get; } = id;

        public GraphQLField Node { get; } = node;

        public TypeDef? ParentType { get; } = parentType;

        public FieldDef? Def { get; } = def;

        public string ResponseName { get; } = responseName;

        public SelectedField? Up { get; } = up;

        /// <summary>Hash of the field's source text, computed on demand by <see cref="ContainsIdentical"/>.</summary>
        public int? TextHash { get; set; }
    }

    private sealed class IntArrayComparer : IEqualityComparer<int[]>
    {
        public static readonly IntArrayComparer Instance = new();

        public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var h = new HashCode();
            foreach (var i in obj)
            {
                h.Add(i);
            }

            return h.ToHashCode();
        }
    }

    /// <summary>Checks field merging for the selection set of an operation or fragment definition.</summary>
    private void CheckFieldMerging(GraphQLSelectionSet selectionSet, TypeDef? parentType)
    {
        var fields = new List<SelectedField>();
        var seen = new HashSet<int>();
        HashSet<string>? expanding = null;
        ExpandSelectionSet(selectionSet, parentType, null, fields, seen, ref expanding);
        CheckSameForCommonParents(fields);
        CheckSameResponseShape(fields);
    }

    /// <summary>Adds the fields of a selection set (inline fragments and fragment spreads expanded) to <paramref name="into"/>.</summary>
    private void ExpandSelectionSet(
        GraphQLSelectionSet selectionSet,
        TypeDef? parentType,
        SelectedField? up,
        List<SelectedField> into,
        HashSet<int> seen,
        ref HashSet<string>? expandingFragments)
    {
        if (!EnsureStack(selectionSet))
        {
            return;
        }

        foreach (var selection in selectionSet.Selections)
        {
            switch (selection)
            {
                case GraphQLField field:
                    var name = field.Name.StringValue;
                    if (!_fieldIds.TryGetValue((field, parentType), out var id))
                    {
                        id = _fieldIds.Count;
                        _fieldIds[(field, parentType)] = id;
                    }

                    if (!seen.Add(id))
                    {
                        break;
                    }

                    var def = parentType is null ? null : GetFieldDef(parentType, name);
                    into.Add(new SelectedField(id, field, parentType, def, field.Alias?.Name.StringValue ?? name, up));
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

                    ExpandSelectionSet(inline.SelectionSet, type, up, into, seen, ref expandingFragments);
                    break;
                case GraphQLFragmentSpread spread:
                    var fragmentName = spread.FragmentName.Name.StringValue;
                    var expanding = expandingFragments ??= new HashSet<string>(StringComparer.Ordinal);
                    if (_fragments.TryGetValue(fragmentName, out var fragment) && !_cyclicFragments.Contains(fragmentName) && expanding.Add(fragmentName))
                    {
                        var fragmentType = _schema.GetType(fragment.TypeCondition.Type.Name.StringValue);
                        ExpandSelectionSet(fragment.SelectionSet, fragmentType is not null && fragmentType.IsComposite ? fragmentType : null, up, into, seen, ref expandingFragments);
                        expanding.Remove(fragmentName);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Whether a field with the same parent type and the same source text (from its name on) is already in the group:
    /// such fields can never conflict with each other and conflict with others exactly alike, so one is enough.
    /// </summary>
    private bool ContainsIdentical(List<SelectedField> group, SelectedField field)
    {
        var start = field.Node.Name.Location.Start;
        var end = field.Node.Location.End;
        if (end <= start || end > _document.Source.Length)
        {
            return false; // no locations: cannot compare cheaply
        }

        var source = _document.Source.Span;
        var length = end - start;
        foreach (var e in group)
        {
            if (!ReferenceEquals(e.ParentType, field.ParentType))
            {
                continue;
            }

            var s = e.Node.Name.Location.Start;
            if (e.Node.Location.End - s != length)
            {
                continue;
            }

            e.TextHash ??= string.GetHashCode(source.Slice(s, length));
            field.TextHash ??= string.GetHashCode(source.Slice(start, length));
            if (e.TextHash == field.TextHash && source.Slice(s, length).SequenceEqual(source.Slice(start, length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Groups fields by response name, keeping the order of first appearance.</summary>
    private List<List<SelectedField>> GroupByResponseName(List<SelectedField> fields)
    {
        var groups = new List<List<SelectedField>>();
        if (fields.Count == 1)
        {
            groups.Add(fields);
            return groups;
        }

        if (fields.Count <= 8)
        {
            foreach (var f in fields)
            {
                List<SelectedField>? group = null;
                foreach (var g in groups)
                {
                    if (g[0].ResponseName == f.ResponseName)
                    {
                        group = g;
                        break;
                    }
                }

                if (group is null)
                {
                    groups.Add([f]);
                }
                else if (!ContainsIdentical(group, f))
                {
                    group.Add(f);
                }
            }

            return groups;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var f in fields)
        {
            if (!index.TryGetValue(f.ResponseName, out var i))
            {
                i = groups.Count;
                index[f.ResponseName] = i;
                groups.Add([f]);
            }
            else if (!ContainsIdentical(groups[i], f))
            {
                groups[i].Add(f);
            }
        }

        return groups;
    }

    /// <summary>Whether this exact set of fields was checked before (then it need not be checked again).</summary>
    private static bool AlreadyChecked(HashSet<int[]> cache, List<SelectedField> fields)
    {
        var key = new int[fields.Count];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = fields[i].Id;
        }

        Array.Sort(key);
        return !cache.Add(key);
    }

    /// <summary>The merged sub-selections of a group of fields.</summary>
    private List<SelectedField> MergedSubfields(List<SelectedField> group)
    {
        var children = new List<SelectedField>();
        var seen = new HashSet<int>();
        HashSet<string>? expanding = null;
        foreach (var f in group)
        {
            if (f.Node.SelectionSet is not null)
            {
                var type = f.Def is null ? null : _schema.GetType(f.Def.Type.NamedType);
                ExpandSelectionSet(f.Node.SelectionSet, type is not null && type.IsComposite ? type : null, f, children, seen, ref expanding);
            }
        }

        return children;
    }

    private void CheckSameResponseShape(List<SelectedField> fields)
    {
        if (fields.Count == 0 || !EnsureStack(fields[0].Node) || AlreadyChecked(_checkedShapeSets, fields))
        {
            return;
        }

        foreach (var group in GroupByResponseName(fields))
        {
            if (group.Count > 1)
            {
                SelectedField? reference = null;
                foreach (var f in group)
                {
                    if (f.Def is null)
                    {
                        continue;
                    }

                    if (reference is null)
                    {
                        reference = f;
                    }
                    else if (DoTypesConflict(reference.Def!.Type, f.Def.Type))
                    {
                        ReportConflict(reference, f, $"they return conflicting types \"{reference.Def.Type}\" and \"{f.Def.Type}\"");
                    }
                }
            }

            var children = MergedSubfields(group);
            if (children.Count > 1)
            {
                CheckSameResponseShape(children);
            }
        }
    }

    private void CheckSameForCommonParents(List<SelectedField> fields)
    {
        if (fields.Count == 0 || !EnsureStack(fields[0].Node) || AlreadyChecked(_checkedCommonParentSets, fields))
        {
            return;
        }

        foreach (var group in GroupByResponseName(fields))
        {
            foreach (var partition in PartitionByCommonParent(group))
            {
                if (partition.Count > 1)
                {
                    var reference = partition[0];
                    for (var i = 1; i < partition.Count; i++)
                    {
                        var f = partition[i];
                        var name1 = reference.Node.Name.StringValue;
                        var name2 = f.Node.Name.StringValue;
                        if (name1 != name2)
                        {
                            ReportConflict(reference, f, $"\"{name1}\" and \"{name2}\" are different fields");
                        }
                        else if (!SameArguments(reference.Node, f.Node))
                        {
                            ReportConflict(reference, f, "they have differing arguments");
                        }
                    }
                }

                var children = MergedSubfields(partition);
                if (children.Count > 1)
                {
                    CheckSameForCommonParents(children);
                }
            }
        }
    }

    /// <summary>
    /// Splits a group into sets of fields that may apply to the same object: one set per object parent type, with the
    /// fields of abstract (or unknown) parents in every set. Fields of different object types are mutually exclusive.
    /// </summary>
    private static List<List<SelectedField>> PartitionByCommonParent(List<SelectedField> group)
    {
        List<SelectedField>? shared = null;
        List<List<SelectedField>>? byObject = null;
        List<TypeDef>? objectTypes = null;
        foreach (var f in group)
        {
            if (f.ParentType is { Kind: TypeKind.Object } objectType)
            {
                objectTypes ??= [];
                byObject ??= [];
                var i = objectTypes.IndexOf(objectType);
                if (i < 0)
                {
                    objectTypes.Add(objectType);
                    byObject.Add([]);
                    i = byObject.Count - 1;
                }

                byObject[i].Add(f);
            }
            else
            {
                (shared ??= []).Add(f);
            }
        }

        if (byObject is null)
        {
            return [shared ?? group];
        }

        if (byObject.Count == 1 && shared is null)
        {
            return byObject;
        }

        if (shared is not null)
        {
            for (var i = 0; i < byObject.Count; i++)
            {
                // Keep document order: merge the shared fields in by their position in the group.
                var merged = new List<SelectedField>(byObject[i].Count + shared.Count);
                foreach (var f in group)
                {
                    if (ReferenceEquals(f.ParentType, objectTypes![i]) || shared.Contains(f))
                    {
                        merged.Add(f);
                    }
                }

                byObject[i] = merged;
            }
        }

        return byObject;
    }

    /// <summary>Reports a conflict between two fields, with the chain of parent fields down from where they diverge.</summary>
    private void ReportConflict(SelectedField a, SelectedField b, string reason)
    {
        var chainA = new List<SelectedField>();
        var chainB = new List<SelectedField>();
        for (var x = a; x is not null; x = x.Up)
        {
            chainA.Add(x);
        }

        for (var x = b; x is not null; x = x.Up)
        {
            chainB.Add(x);
        }

        chainA.Reverse();
        chainB.Reverse();
        var length = Math.Min(chainA.Count, chainB.Count);
        var top = 0;
        while (top < length - 1 && chainA[top].Id == chainB[top].Id)
        {
            top++;
        }

        // A conflict of parent fields already explains this one.
        for (var i = top; i < length; i++)
        {
            if (_reportedConflicts.Contains(PairKey(chainA[i], chainB[i])))
            {
                return;
            }
        }

        _reportedConflicts.Add(PairKey(a, b));
        var sb = new StringBuilder();
        sb.Append("Fields \"").Append(chainA[top].ResponseName).Append("\" conflict because ");
        for (var i = top + 1; i < length; i++)
        {
            sb.Append("subfields \"").Append(chainA[i].ResponseName).Append("\" conflict because ");
        }

        sb.Append(reason).Append(". Use different aliases on the fields to fetch both if this was intentional.");
        var nodes = new List<ASTNode>();
        for (var i = top; i < chainA.Count; i++)
        {
            nodes.Add(chainA[i].Node);
        }

        for (var i = top; i < chainB.Count; i++)
        {
            nodes.Add(chainB[i].Node);
        }

        Report(sb.ToString(), nodes);
    }

    private static (int, int) PairKey(SelectedField a, SelectedField b) => a.Id < b.Id ? (a.Id, b.Id) : (b.Id, a.Id);

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
