using System.Text.Json;
using System.Text.Json.Nodes;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Execution;

/// <summary>
/// Shapes the merged data tree into the client's response: the client's selections in document order, aliases,
/// fragments by runtime type, <c>@skip</c>/<c>@include</c>, and GraphQL null propagation (a null in a non-null
/// position nulls the nearest nullable parent).
/// </summary>
internal sealed class ResultShaper(GraphSchema api, JsonObject variables, List<GraphQLError> errors)
{
    /// <summary>The fields collected under one response key, and their merged sub-selections.</summary>
    private sealed class Collected(string key, List<FieldNode> fields)
    {
        private IReadOnlyList<SelectionSetNode>? _subSets;

        public string Key { get; } = key;

        public List<FieldNode> Fields { get; } = fields;

        public IReadOnlyList<SelectionSetNode> SubSets => _subSets ??= BuildSubSets(Fields);
    }

    /// <summary>
    /// Collected fields per selection set and runtime type, for selection sets without variable conditions: the same
    /// plan shapes every object of a list the same way, so the work is done once per operation and type.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SelectionSetNode, System.Collections.Concurrent.ConcurrentDictionary<string, Collected[]>> CollectCache = new();

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SelectionSetNode, object> ConditionFree = new();

    private IReadOnlyList<Collected> CollectFields(string runtimeType, IReadOnlyList<SelectionSetNode> sets)
    {
        if (sets.Count == 1 && IsConditionFree(sets[0]))
        {
            var perType = CollectCache.GetValue(sets[0], _ => new System.Collections.Concurrent.ConcurrentDictionary<string, Collected[]>(StringComparer.Ordinal));
            if (!perType.TryGetValue(runtimeType, out var cached))
            {
                var list = new List<Collected>();
                Collect(runtimeType, sets[0], list);
                cached = [.. list];
                perType[runtimeType] = cached;
            }

            return cached;
        }

        var result = new List<Collected>();
        foreach (var s in sets)
        {
            Collect(runtimeType, s, result);
        }

        return result;
    }

    /// <summary>Checks and repairs the tree (null propagation); returns false when <c>data</c> itself becomes null.</summary>
    public bool Complete(OperationNode op, JsonObject data)
    {
        var path = new List<object>();
        return CheckObject(op.RootType, [op.SelectionSet], data, path);
    }

    public void Write(Utf8JsonWriter w, OperationNode op, JsonObject data) => WriteObject(w, op.RootType, [op.SelectionSet], data);

    private static bool IsConditionFree(SelectionSetNode set) =>
        (bool)ConditionFree.GetValue(set, s => HasNoConditions(s));

    private static bool HasNoConditions(SelectionSetNode set)
    {
        foreach (var sel in set.Selections)
        {
            if (sel.Conditions.Count > 0 || (sel is InlineFragmentNode i && !HasNoConditions(i.SelectionSet)))
            {
                return false;
            }
        }

        return true;
    }

    private void Collect(string runtimeType, SelectionSetNode set, List<Collected> result)
    {
        foreach (var sel in set.Selections)
        {
            if (!Passes(sel.Conditions))
            {
                continue;
            }

            switch (sel)
            {
                case FieldNode f:
                    {
                        var found = false;
                        foreach (var c in result)
                        {
                            if (c.Key == f.ResponseKey)
                            {
                                c.Fields.Add(f);
                                found = true;
                                break;
                            }
                        }

                        if (!found)
                        {
                            result.Add(new Collected(f.ResponseKey, [f]));
                        }

                        break;
                    }

                case InlineFragmentNode i:
                    if (i.TypeCondition is null || i.TypeCondition == runtimeType || api.IsPossibleType(i.TypeCondition, runtimeType))
                    {
                        Collect(runtimeType, i.SelectionSet, result);
                    }

                    break;
            }
        }
    }

    private bool Passes(IReadOnlyList<SelectionCondition> conditions)
    {
        foreach (var c in conditions)
        {
            var value = variables.TryGetPropertyValue(c.Variable, out var v) && v is JsonValue jv && jv.TryGetValue<bool>(out var b) && b;
            if (value != c.PassWhen)
            {
                return false;
            }
        }

        return true;
    }

    private string RuntimeType(string staticType, JsonObject obj)
    {
        var def = api.GetType(staticType);
        if (def is null || !def.IsAbstract)
        {
            return staticType;
        }

        if (obj.TryGetPropertyValue("__typename", out var t) && t is JsonValue tv && tv.TryGetValue<string>(out var name))
        {
            return name;
        }

        return staticType;
    }

    private static List<SelectionSetNode> BuildSubSets(List<FieldNode> fields)
    {
        var list = new List<SelectionSetNode>(fields.Count);
        foreach (var f in fields)
        {
            if (f.SelectionSet is not null)
            {
                list.Add(f.SelectionSet);
            }
        }

        return list;
    }

    // ------------------------------------------------------------ pass 1: null propagation

    private bool CheckObject(string staticType, IReadOnlyList<SelectionSetNode> sets, JsonObject obj, List<object> path)
    {
        var runtime = RuntimeType(staticType, obj);
        foreach (var c in CollectFields(runtime, sets))
        {
            var f = c.Fields[0];
            if (f.IsTypename || f.Definition is null)
            {
                continue;
            }

            path.Add(c.Key);
            obj.TryGetPropertyValue(c.Key, out var value);
            var ok = CheckValue(f.Definition.Type, value, c, path, new Slot(obj, c.Key, null, 0), runtime, f.Name);
            path.RemoveAt(path.Count - 1);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where a value lives, so that null propagation can replace it.</summary>
    private readonly record struct Slot(JsonObject? Object, string? Key, JsonArray? Array, int Index)
    {
        public void Set(JsonNode? value)
        {
            if (Object is not null)
            {
                Object[Key!] = value;
            }
            else
            {
                Array![Index] = value;
            }
        }
    }

    private bool CheckValue(TypeRef type, JsonNode? value, Collected fields, List<object> path, Slot set, string parentType, string fieldName)
    {
        if (type.IsNonNull)
        {
            if (value is null)
            {
                NullError(path, parentType, fieldName);
                return false;
            }

            return CheckInner(type.OfType!, value, fields, path, set, parentType, fieldName);
        }

        if (value is null)
        {
            return true;
        }

        if (!CheckInner(type, value, fields, path, set, parentType, fieldName))
        {
            set.Set(null);
        }

        return true;
    }

    /// <summary>Checks a non-null value of a nullable-stripped type; false when it must become null.</summary>
    private bool CheckInner(TypeRef type, JsonNode value, Collected fields, List<object> path, Slot set, string parentType, string fieldName)
    {
        if (type.Kind == TypeRefKind.List)
        {
            if (value is not JsonArray arr)
            {
                return false;
            }

            var item = type.OfType!;
            for (var i = 0; i < arr.Count; i++)
            {
                path.Add(i);
                var ok = CheckValue(item, arr[i], fields, path, new Slot(null, null, arr, i), parentType, fieldName);
                path.RemoveAt(path.Count - 1);
                if (!ok)
                {
                    return false;
                }
            }

            return true;
        }

        var def = api.GetType(type.Name!);
        if (def is null || def.IsLeaf)
        {
            if (def is { Kind: TypeKind.Enum } && value is JsonValue ev && ev.TryGetValue<string>(out var s) && !def.HasEnumValue(s))
            {
                // A value the API schema hides (@inaccessible) reads as null, as in Apollo Gateway.
                return false;
            }

            return value is not JsonObject && value is not JsonArray;
        }

        if (value is not JsonObject obj)
        {
            return false;
        }

        if (def.IsAbstract && obj.TryGetPropertyValue("__typename", out var tn) && tn is JsonValue tv && tv.TryGetValue<string>(out var runtime)
            && api.GetType(runtime) is null)
        {
            // The object's type is hidden from the API (@inaccessible) or unknown: it reads as null.
            return false;
        }

        return CheckObject(type.Name!, fields.SubSets, obj, path);
    }

    /// <summary>
    /// Records a null in a non-null position. Like Apollo Gateway, the gateway does not add an error of its own
    /// when a subgraph already reported one, or when the null only removes an entity that could not be fetched
    /// (a nullable parent absorbs it); the first such null is reported when nothing else explains the response.
    /// </summary>
    private void NullError(List<object> path, string parentType, string fieldName) =>
        _pendingNull ??= new GraphQLError($"Cannot return null for non-nullable field {parentType}.{fieldName}.") { Path = [.. path] };

    private GraphQLError? _pendingNull;

    /// <summary>Adds the pending null error when <c>data</c> became null and no other error explains it.</summary>
    public void ExplainNullData()
    {
        if (errors.Count == 0 && _pendingNull is not null)
        {
            errors.Add(_pendingNull);
        }
    }


    // ------------------------------------------------------------ pass 2: writing

    private void WriteObject(Utf8JsonWriter w, string staticType, IReadOnlyList<SelectionSetNode> sets, JsonObject obj)
    {
        var runtime = RuntimeType(staticType, obj);
        w.WriteStartObject();
        foreach (var c in CollectFields(runtime, sets))
        {
            var f = c.Fields[0];
            w.WritePropertyName(c.Key);
            if (f.IsTypename)
            {
                w.WriteStringValue(runtime);
                continue;
            }

            obj.TryGetPropertyValue(c.Key, out var value);
            if (f.Definition is null)
            {
                // Introspection fields were shaped when resolved.
                if (value is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    value.WriteTo(w);
                }

                continue;
            }

            WriteValue(w, f.Definition.Type, value, c);
        }

        w.WriteEndObject();
    }

    private void WriteValue(Utf8JsonWriter w, TypeRef type, JsonNode? value, Collected fields)
    {
        if (value is null)
        {
            w.WriteNullValue();
            return;
        }

        var t = type.Nullable;
        if (t.Kind == TypeRefKind.List)
        {
            var arr = (JsonArray)value;
            w.WriteStartArray();
            foreach (var item in arr)
            {
                WriteValue(w, t.OfType!, item, fields);
            }

            w.WriteEndArray();
            return;
        }

        if (value is JsonObject obj)
        {
            WriteObject(w, t.Name!, fields.SubSets, obj);
            return;
        }

        value.WriteTo(w);
    }
}
