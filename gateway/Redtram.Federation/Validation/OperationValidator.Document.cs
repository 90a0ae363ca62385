using System.Text;
using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>Rules over whole operations: subscriptions, fragment usage and cycles, variables through fragments.</summary>
internal sealed partial class OperationValidator
{
    // ---------------------------------------------------------------- SingleFieldSubscriptions

    private void CheckSingleRootField(GraphQLOperationDefinition op, TypeDef root)
    {
        var responseNames = new List<string>();
        var fieldsByName = new Dictionary<string, List<ASTNode>>(StringComparer.Ordinal);
        var conditional = new List<ASTNode>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        CollectRootFields(op.SelectionSet, root, responseNames, fieldsByName, conditional, visited, 0);

        var opName = op.Name?.StringValue;
        var prefix = opName is not null ? $"Subscription \"{opName}\"" : "Anonymous Subscription";
        if (conditional.Count > 0)
        {
            Report(prefix + " must not use `@skip` or `@include` directives in the top level selection.", conditional);
        }

        if (responseNames.Count > 1)
        {
            var extra = new List<ASTNode>();
            for (var i = 1; i < responseNames.Count; i++)
            {
                extra.AddRange(fieldsByName[responseNames[i]]);
            }

            Report(prefix + " must select only one top level field.", extra);
        }

        foreach (var responseName in responseNames)
        {
            var nodes = fieldsByName[responseName];
            if (((GraphQLField)nodes[0]).Name.StringValue.StartsWith("__", StringComparison.Ordinal))
            {
                Report(prefix + " must not select an introspection top level field.", nodes);
            }
        }
    }

    private void CollectRootFields(
        GraphQLSelectionSet selectionSet,
        TypeDef root,
        List<string> responseNames,
        Dictionary<string, List<ASTNode>> fieldsByName,
        List<ASTNode> conditional,
        HashSet<string> visitedFragments,
        int depth)
    {
        if (depth > 64 || !EnsureStack(selectionSet))
        {
            return;
        }

        foreach (var selection in selectionSet.Selections)
        {
            if (selection is IHasDirectivesNode hd && hd.Directives is not null)
            {
                foreach (var d in hd.Directives.Items)
                {
                    if (d.Name.StringValue is "skip" or "include")
                    {
                        conditional.Add(d);
                    }
                }
            }

            switch (selection)
            {
                case GraphQLField field:
                    var responseName = field.Alias?.Name.StringValue ?? field.Name.StringValue;
                    if (!fieldsByName.TryGetValue(responseName, out var list))
                    {
                        fieldsByName[responseName] = list = [];
                        responseNames.Add(responseName);
                    }

                    list.Add(field);
                    break;
                case GraphQLInlineFragment inline:
                    if (inline.TypeCondition is null || _schema.IsSubType(inline.TypeCondition.Type.Name.StringValue, root.Name))
                    {
                        CollectRootFields(inline.SelectionSet, root, responseNames, fieldsByName, conditional, visitedFragments, depth + 1);
                    }

                    break;
                case GraphQLFragmentSpread spread:
                    var name = spread.FragmentName.Name.StringValue;
                    if (visitedFragments.Add(name) && _fragments.TryGetValue(name, out var frag)
                        && _schema.IsSubType(frag.TypeCondition.Type.Name.StringValue, root.Name))
                    {
                        CollectRootFields(frag.SelectionSet, root, responseNames, fieldsByName, conditional, visitedFragments, depth + 1);
                    }

                    break;
            }
        }
    }

    // ---------------------------------------------------------------- NoUnusedFragments, NoFragmentCycles

    private void CheckFragmentUsageAndCycles(List<GraphQLOperationDefinition> operations, List<GraphQLFragmentDefinition> fragmentDefs)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            CollectReachableFragments(_scopes[op], used);
        }

        foreach (var frag in fragmentDefs)
        {
            var name = frag.FragmentName.Name.StringValue;
            if (!used.Contains(name))
            {
                Report($"Fragment \"{name}\" is never used.", frag);
            }
        }

        // Depth-first search over fragment spreads; each fragment is entered once.
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pathIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var spreadPath = new List<GraphQLFragmentSpread>();
        foreach (var frag in fragmentDefs)
        {
            DetectCycles(frag, visited, pathIndexByName, spreadPath);
        }
    }

    private void DetectCycles(
        GraphQLFragmentDefinition fragment,
        HashSet<string> visited,
        Dictionary<string, int> pathIndexByName,
        List<GraphQLFragmentSpread> spreadPath)
    {
        var name = fragment.FragmentName.Name.StringValue;
        if (!visited.Add(name) || !_scopes.TryGetValue(fragment, out var scope))
        {
            return;
        }

        if (!EnsureStack(fragment))
        {
            return;
        }

        if (scope.Spreads.Count == 0)
        {
            return;
        }

        pathIndexByName[name] = spreadPath.Count;
        foreach (var spread in scope.Spreads)
        {
            var spreadName = spread.FragmentName.Name.StringValue;
            spreadPath.Add(spread);
            if (pathIndexByName.TryGetValue(spreadName, out var cycleIndex))
            {
                var nodes = new List<ASTNode>();
                var via = new StringBuilder();
                for (var i = cycleIndex; i < spreadPath.Count; i++)
                {
                    nodes.Add(spreadPath[i]);
                    _cyclicFragments.Add(spreadPath[i].FragmentName.Name.StringValue);
                    if (i < spreadPath.Count - 1)
                    {
                        if (via.Length > 0)
                        {
                            via.Append(", ");
                        }

                        via.Append('"').Append(spreadPath[i].FragmentName.Name.StringValue).Append('"');
                    }
                }

                Report($"Cannot spread fragment \"{spreadName}\" within itself" + (via.Length > 0 ? $" via {via}." : "."), nodes);
            }
            else if (_fragments.TryGetValue(spreadName, out var target))
            {
                DetectCycles(target, visited, pathIndexByName, spreadPath);
            }

            spreadPath.RemoveAt(spreadPath.Count - 1);
        }

        pathIndexByName.Remove(name);
    }

    /// <summary>Adds the names of all fragments reachable from <paramref name="scope"/> (transitively).</summary>
    private void CollectReachableFragments(Scope scope, HashSet<string> names, List<Scope>? scopes = null)
    {
        var work = new Stack<Scope>();
        work.Push(scope);
        while (work.Count > 0)
        {
            var s = work.Pop();
            foreach (var spread in s.Spreads)
            {
                var name = spread.FragmentName.Name.StringValue;
                if (names.Add(name) && _fragments.TryGetValue(name, out var frag) && _scopes.TryGetValue(frag, out var fs))
                {
                    scopes?.Add(fs);
                    work.Push(fs);
                }
            }
        }
    }

    // ---------------------------------------------------------------- NoUndefinedVariables, NoUnusedVariables, VariablesInAllowedPosition

    private void CheckOperationVariables(GraphQLOperationDefinition op)
    {
        var scope = _scopes[op];
        var fragmentScopes = new List<Scope>();
        CollectReachableFragments(scope, new HashSet<string>(StringComparer.Ordinal), fragmentScopes);

        var definitions = new Dictionary<string, GraphQLVariableDefinition>(StringComparer.Ordinal);
        if (op.Variables is not null)
        {
            foreach (var def in op.Variables.Items)
            {
                definitions.TryAdd(def.Variable.Name.StringValue, def);
            }
        }

        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var opName = op.Name?.StringValue;
        CheckUsages(op, scope, definitions, usedNames, opName);
        foreach (var fs in fragmentScopes)
        {
            CheckUsages(op, fs, definitions, usedNames, opName);
        }

        if (op.Variables is not null)
        {
            foreach (var def in op.Variables.Items)
            {
                var name = def.Variable.Name.StringValue;
                if (!usedNames.Contains(name))
                {
                    Report(opName is not null ? $"Variable \"${name}\" is never used in operation \"{opName}\"." : $"Variable \"${name}\" is never used.", def);
                }
            }
        }
    }

    private void CheckUsages(
        GraphQLOperationDefinition op,
        Scope scope,
        Dictionary<string, GraphQLVariableDefinition> definitions,
        HashSet<string> usedNames,
        string? opName)
    {
        foreach (var usage in scope.Usages)
        {
            var name = usage.Node.Name.StringValue;
            usedNames.Add(name);
            if (!definitions.TryGetValue(name, out var def))
            {
                Report(opName is not null ? $"Variable \"${name}\" is not defined by operation \"{opName}\"." : $"Variable \"${name}\" is not defined.", usage.Node, op);
                continue;
            }

            if (usage.Type is null)
            {
                continue;
            }

            var varType = SchemaBuilder.BuildTypeRef(def.Type);
            var named = _schema.GetType(varType.NamedType);
            if (named is null || !named.IsInputType)
            {
                continue;
            }

            if (!AllowedVariableUsage(varType, def.DefaultValue, usage.Type, usage.HasLocationDefault))
            {
                Report($"Variable \"${name}\" of type \"{varType}\" used in position expecting type \"{usage.Type}\".", def, usage.Node);
            }
            else if (usage.OneOfType is not null && !varType.IsNonNull)
            {
                Report($"Variable \"${name}\" must be non-nullable to be used for OneOf Input Object \"{usage.OneOfType}\".", usage.Node);
            }
        }
    }

    private bool AllowedVariableUsage(TypeRef varType, GraphQLValue? varDefault, TypeRef locationType, bool hasLocationDefault)
    {
        if (locationType.IsNonNull && !varType.IsNonNull)
        {
            var hasNonNullVariableDefault = varDefault is not null and not GraphQLNullValue;
            if (!hasNonNullVariableDefault && !hasLocationDefault)
            {
                return false;
            }

            return IsTypeSubTypeOf(varType, locationType.OfType!);
        }

        return IsTypeSubTypeOf(varType, locationType);
    }

    private bool IsTypeSubTypeOf(TypeRef maybeSub, TypeRef super)
    {
        while (true)
        {
            if (maybeSub.Equals(super))
            {
                return true;
            }

            if (super.IsNonNull)
            {
                if (!maybeSub.IsNonNull)
                {
                    return false;
                }

                maybeSub = maybeSub.OfType!;
                super = super.OfType!;
                continue;
            }

            if (maybeSub.IsNonNull)
            {
                maybeSub = maybeSub.OfType!;
                continue;
            }

            if (super.Kind == TypeRefKind.List)
            {
                if (maybeSub.Kind != TypeRefKind.List)
                {
                    return false;
                }

                maybeSub = maybeSub.OfType!;
                super = super.OfType!;
                continue;
            }

            if (maybeSub.Kind == TypeRefKind.List)
            {
                return false;
            }

            var superDef = _schema.GetType(super.Name!);
            return superDef is not null && superDef.IsAbstract && _schema.IsSubType(super.Name!, maybeSub.Name!);
        }
    }
}
