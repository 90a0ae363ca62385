using System.Text;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Planning;

/// <summary>
/// Rewrites a fetch for one <see cref="FieldRule"/>: fields the rule denies are left out of the operation sent (the
/// data never leaves the subgraph) and listed so that the executor can answer them with null and an error. A
/// selection left empty asks only <c>__typename</c>; a fetch left with nothing to ask is not sent at all. Results are
/// cached on the fetch per rule, so specialising costs one dictionary look-up after the first request of a grant.
/// </summary>
public static class FetchSpecialiser
{
    public static SpecialisedFetch Specialise(FetchNode fetch, FieldRule rule, GraphSchema schema)
    {
        var cache = Volatile.Read(ref fetch.SpecialisedSlot);
        if (cache is null)
        {
            Interlocked.CompareExchange(ref fetch.SpecialisedSlot, new System.Collections.Concurrent.ConcurrentDictionary<FieldRule, SpecialisedFetch>(ReferenceEqualityComparer.Instance), null);
            cache = fetch.SpecialisedSlot!;
        }

        return cache.TryGetValue(rule, out var found) ? found : cache.GetOrAdd(rule, r => Build(fetch, r, schema));
    }

    /// <summary>Builds the specialised fetch without consulting or filling the cache (benchmarks, tests).</summary>
    public static SpecialisedFetch Build(FetchNode fetch, FieldRule rule, GraphSchema schema)
    {
        if (fetch.Selection is null)
        {
            return new SpecialisedFetch(fetch.Operation, [], fetch.VariableUsages);
        }

        var denied = new List<DeniedField>();
        var used = new List<string>();
        var body = new StringBuilder();
        var rootType = fetch.IsEntityFetch ? "_Entity" : schema.RootType(fetch.OperationType)?.Name ?? schema.QueryType;
        var added = false;
        var any = Print(body, fetch.Selection, rootType, [], [], rule, schema, denied, used, ref added);
        if (denied.Count == 0 && !added)
        {
            return new SpecialisedFetch(fetch.Operation, [], fetch.VariableUsages);
        }

        if (!any)
        {
            return new SpecialisedFetch(null, denied, []);
        }

        var sb = new StringBuilder(fetch.OperationPrefix);
        var defs = new List<string>();
        if (fetch.IsEntityFetch)
        {
            defs.Add("$representations: [_Any!]!");
        }

        var usages = new List<string>();
        foreach (var (name, definition) in fetch.VariableDefinitions)
        {
            if (used.Contains(name))
            {
                defs.Add(definition);
                usages.Add(name);
            }
        }

        if (defs.Count > 0)
        {
            sb.Append('(').Append(string.Join(", ", defs)).Append(')');
        }

        sb.Append(' ');
        if (fetch.IsEntityFetch)
        {
            sb.Append("{ _entities(representations: $representations) ").Append(body).Append(" }");
        }
        else
        {
            sb.Append(body);
        }

        return new SpecialisedFetch(sb.ToString(), denied, usages);
    }

    /// <summary>Prints the allowed part of <paramref name="set"/>; false when nothing but fragments left empty remains.</summary>
    private static bool Print(StringBuilder sb, SubSelectionSet set, string parentType, List<string> path, List<string> originalPath, FieldRule rule, GraphSchema schema, List<DeniedField> denied, List<string> used, ref bool added)
    {
        var start = sb.Length;
        sb.Append('{');
        var any = false;
        foreach (var item in set.Items)
        {
            switch (item)
            {
                case SubField { Name: "__typename" } t:
                    sb.Append(' ');
                    t.Print(sb);
                    any = true;
                    break;
                case SubField f:
                {
                    var required = rule.RequiredFor(parentType, f.Name);
                    if (required is not null)
                    {
                        denied.Add(new DeniedField([.. path], parentType, f.ResponseKey, parentType + "." + f.Name, required)
                        {
                            OriginalParentPath = [.. originalPath],
                            OriginalResponseKey = f.OriginalResponseKey.Length > 0 ? f.OriginalResponseKey : f.ResponseKey,
                        });
                        continue;
                    }

                    sb.Append(' ');
                    if (f.Alias is not null)
                    {
                        sb.Append(f.Alias).Append(": ");
                    }

                    sb.Append(f.Name).Append(f.ArgumentsText);
                    SubSelectionSet.PrintDirectives(sb, f.Conditions, f.Directives);
                    CollectFieldVariables(f, used);
                    if (f.SelectionSet is not null)
                    {
                        var childType = schema.GetType(parentType)?.GetField(f.Name)?.Type.NamedType ?? f.Type?.NamedType ?? parentType;
                        path.Add(f.ResponseKey);
                        originalPath.Add(f.OriginalResponseKey.Length > 0 ? f.OriginalResponseKey : f.ResponseKey);
                        sb.Append(' ');
                        var mark = sb.Length;
                        if (!Print(sb, f.SelectionSet, childType, path, originalPath, rule, schema, denied, used, ref added))
                        {
                            sb.Length = mark;
                            sb.Append("{ __typename }");
                        }

                        path.RemoveAt(path.Count - 1);
                        originalPath.RemoveAt(originalPath.Count - 1);
                    }

                    any = true;
                    break;
                }

                case SubFragment fr when !fr.SelectionSet.IsEmpty:
                {
                    var mark = sb.Length;
                    sb.Append(" ...");
                    if (fr.TypeCondition is not null)
                    {
                        sb.Append(" on ").Append(fr.TypeCondition);
                    }

                    SubSelectionSet.PrintDirectives(sb, fr.Conditions, fr.Directives);
                    sb.Append(' ');
                    var usedBefore = used.Count;
                    if (Print(sb, fr.SelectionSet, fr.TypeCondition ?? parentType, path, originalPath, rule, schema, denied, used, ref added))
                    {
                        foreach (var c in fr.Conditions)
                        {
                            QueryPlanner.AddVar(used, c.Variable);
                        }

                        any = true;
                    }
                    else
                    {
                        sb.Length = mark;
                        used.RemoveRange(usedBefore, used.Count - usedBefore);
                    }

                    break;
                }
            }
        }

        if (!any)
        {
            sb.Length = start;
            return false;
        }

        if (rule.RecordIds && schema.GetType(parentType) is { Kind: TypeKind.Object } objectType && objectType.GetField("id") is not null && rule.RequiredFor(parentType, "id") is null)
        {
            sb.Append(' ').Append(FieldRule.RecordIdKey).Append(": id");
            added = true;
        }

        sb.Append(" }");
        return true;
    }

    private static void CollectFieldVariables(SubField f, List<string> used)
    {
        foreach (var a in f.Arguments)
        {
            QueryPlanner.CollectVariables(a.Value, used);
        }

        foreach (var c in f.Conditions)
        {
            QueryPlanner.AddVar(used, c.Variable);
        }

        foreach (var d in f.Directives)
        {
            if (d.Arguments is not null)
            {
                foreach (var a in d.Arguments.Items)
                {
                    QueryPlanner.CollectVariables(a.Value, used);
                }
            }
        }
    }
}
