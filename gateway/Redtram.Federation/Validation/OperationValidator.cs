using System.Runtime.CompilerServices;
using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>
/// One validation run. The document is walked once with type information; rules that need the whole document
/// (fragment usage and cycles, variable usage through fragments) run afterwards on the data gathered by the walk.
/// </summary>
internal sealed partial class OperationValidator
{
    private static readonly FieldDef TypenameField = new() { Name = "__typename", Type = TypeRef.NonNull(TypeRef.Named("String")) };
    private static readonly FieldDef SchemaField = new() { Name = "__schema", Type = TypeRef.NonNull(TypeRef.Named("__Schema")) };
    private static readonly FieldDef TypeField = new()
    {
        Name = "__type",
        Type = TypeRef.Named("__Type"),
        Arguments = [new InputValueDef { Name = "name", Type = TypeRef.NonNull(TypeRef.Named("String")) }],
    };

    private readonly GraphSchema _schema;
    private readonly GraphQLDocument _document;
    private readonly int _maxErrors;
    private readonly Dictionary<string, GraphQLFragmentDefinition> _fragments = new(StringComparer.Ordinal);
    private readonly Dictionary<ASTNode, Scope> _scopes = new(ReferenceEqualityComparer.Instance);
    private Scope _scope = new();
    private bool _reportedTooDeep;

    public OperationValidator(GraphSchema schema, GraphQLDocument document, int maxErrors)
    {
        _schema = schema;
        _document = document;
        _maxErrors = maxErrors;
    }

    public List<GraphQLError> Errors { get; } = [];

    /// <summary>Whether some part of the document was not validated because the thread's stack ran low.</summary>
    public bool RanOutOfStack => _reportedTooDeep;

    /// <summary>Thrown to stop validation once the error limit is reached.</summary>
    internal sealed class ErrorLimitReachedException : Exception
    {
    }

    /// <summary>What one operation or fragment definition uses directly.</summary>
    private sealed class Scope
    {
        public List<VariableUsage> Usages { get; } = [];

        public List<GraphQLFragmentSpread> Spreads { get; } = [];
    }

    private readonly record struct VariableUsage(GraphQLVariable Node, TypeRef? Type, bool HasLocationDefault, string? OneOfType);

    public void Run()
    {
        var definitions = _document.Definitions;
        var operations = new List<GraphQLOperationDefinition>();
        var fragmentDefs = new List<GraphQLFragmentDefinition>();

        // ExecutableDefinitions, UniqueOperationNames, UniqueFragmentNames, LoneAnonymousOperation.
        foreach (var def in definitions)
        {
            switch (def)
            {
                case GraphQLOperationDefinition op:
                    operations.Add(op);
                    break;
                case GraphQLFragmentDefinition frag:
                    fragmentDefs.Add(frag);
                    break;
                default:
                    var defName = def is GraphQLSchemaDefinition or GraphQLSchemaExtension
                        ? "schema"
                        : def is INamedNode named ? "\"" + named.Name.StringValue + "\"" : "unknown";
                    Report($"The {defName} definition is not executable.", def);
                    break;
            }
        }

        var opNames = new Dictionary<string, GraphQLOperationDefinition>(StringComparer.Ordinal);
        foreach (var op in operations)
        {
            if (op.Name is null)
            {
                if (operations.Count > 1)
                {
                    Report("This anonymous operation must be the only defined operation.", op);
                }
            }
            else if (!opNames.TryAdd(op.Name.StringValue, op))
            {
                Report($"There can be only one operation named \"{op.Name.StringValue}\".", opNames[op.Name.StringValue].Name, op.Name);
            }
        }

        foreach (var frag in fragmentDefs)
        {
            var name = frag.FragmentName.Name.StringValue;
            if (!_fragments.TryAdd(name, frag))
            {
                Report($"There can be only one fragment named \"{name}\".", _fragments[name].FragmentName.Name, frag.FragmentName.Name);
            }
        }

        // Walk every definition in document order with type information.
        foreach (var def in definitions)
        {
            if (def is GraphQLOperationDefinition op)
            {
                _scope = new Scope();
                _scopes[op] = _scope;
                WalkOperation(op);
            }
            else if (def is GraphQLFragmentDefinition frag)
            {
                _scope = new Scope();
                _scopes[frag] = _scope;
                WalkFragmentDefinition(frag);
            }
        }

        CheckFragmentUsageAndCycles(operations, fragmentDefs);

        // OverlappingFieldsCanBeMerged, from each operation and fragment definition (fragments in cycles are not expanded).
        foreach (var op in operations)
        {
            CheckFieldMerging(op.SelectionSet, _schema.RootType(op.Operation));
        }

        foreach (var frag in fragmentDefs)
        {
            var type = _schema.GetType(frag.TypeCondition.Type.Name.StringValue);
            CheckFieldMerging(frag.SelectionSet, type is not null && type.IsComposite ? type : null);
        }

        foreach (var op in operations)
        {
            CheckOperationVariables(op);
        }
    }

    // ---------------------------------------------------------------- reporting

    private void Report(string message, ASTNode? node1, ASTNode? node2 = null)
    {
        var error = new GraphQLError(message, ErrorCodes.ValidationFailed);
        AddLocation(error, node1);
        AddLocation(error, node2);
        Add(error);
    }

    private void Report(string message, List<ASTNode> nodes)
    {
        var error = new GraphQLError(message, ErrorCodes.ValidationFailed);
        foreach (var n in nodes)
        {
            AddLocation(error, n);
        }

        Add(error);
    }

    private void Add(GraphQLError error)
    {
        Errors.Add(error);
        if (Errors.Count >= _maxErrors)
        {
            throw new ErrorLimitReachedException();
        }
    }

    private void AddLocation(GraphQLError error, ASTNode? node)
    {
        if (node is null)
        {
            return;
        }

        var start = node.Location.Start;
        if (start < 0 || start > _document.Source.Length)
        {
            start = 0;
        }

        var loc = GraphQLParser.Location.FromLinearPosition(_document.Source, start);
        error.WithLocation(loc.Line, loc.Column);
    }

    /// <summary>Returns false (after reporting once) when the remaining stack is too small to go deeper.</summary>
    private bool EnsureStack(ASTNode node)
    {
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return true;
        }

        if (!_reportedTooDeep)
        {
            _reportedTooDeep = true;
            Report("The document is too deeply nested to be validated.", node);
        }

        return false;
    }

    // ---------------------------------------------------------------- walking

    private void WalkOperation(GraphQLOperationDefinition op)
    {
        var root = _schema.RootType(op.Operation);
        var opKind = op.Operation switch
        {
            OperationType.Query => "query",
            OperationType.Mutation => "mutation",
            _ => "subscription",
        };
        if (root is null)
        {
            Report($"The {opKind} operation is not supported by the schema.", op);
        }

        if (op.Variables is not null)
        {
            WalkVariableDefinitions(op.Variables);
        }

        WalkDirectives(op.Directives, opKind.ToUpperInvariant());
        if (root is not null && op.Operation == OperationType.Subscription)
        {
            CheckSingleRootField(op, root);
        }

        WalkSelectionSet(op.SelectionSet, root);
    }

    private void WalkFragmentDefinition(GraphQLFragmentDefinition frag)
    {
        var typeName = frag.TypeCondition.Type.Name.StringValue;
        var type = _schema.GetType(typeName);
        if (type is null)
        {
            ReportUnknownType(frag.TypeCondition.Type);
        }
        else if (!type.IsComposite)
        {
            Report($"Fragment \"{frag.FragmentName.Name.StringValue}\" cannot condition on non composite type \"{typeName}\".", frag.TypeCondition.Type);
            type = null;
        }

        WalkDirectives(frag.Directives, "FRAGMENT_DEFINITION");
        WalkSelectionSet(frag.SelectionSet, type);
    }

    private void WalkVariableDefinitions(GraphQLVariablesDefinition variables)
    {
        var items = variables.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var def = items[i];
            var name = def.Variable.Name.StringValue;

            // UniqueVariableNames: report once per name, with every occurrence.
            var firstIndex = -1;
            List<ASTNode>? dups = null;
            for (var j = 0; j < items.Count; j++)
            {
                if (items[j].Variable.Name.StringValue == name)
                {
                    if (firstIndex < 0)
                    {
                        firstIndex = j;
                    }
                    else
                    {
                        (dups ??= [items[firstIndex].Variable.Name]).Add(items[j].Variable.Name);
                    }
                }
            }

            if (dups is not null && firstIndex == i)
            {
                Report($"There can be only one variable named \"${name}\".", dups);
            }

            // KnownTypeNames, VariablesAreInputTypes.
            var typeRef = SchemaBuilder.BuildTypeRef(def.Type);
            var named = _schema.GetType(typeRef.NamedType);
            if (named is null)
            {
                ReportUnknownType(NamedTypeNode(def.Type));
                typeRef = null;
            }
            else if (!named.IsInputType)
            {
                Report($"Variable \"${name}\" cannot be non-input type \"{typeRef}\".", def.Type);
                typeRef = null;
            }

            WalkDirectives(def.Directives, "VARIABLE_DEFINITION");
            if (def.DefaultValue is not null)
            {
                // Default values are constant; validate them against the variable type (ValuesOfCorrectType).
                CheckValue(def.DefaultValue, typeRef, false);
            }
        }
    }

    private static GraphQLNamedType NamedTypeNode(GraphQLType type)
    {
        while (true)
        {
            switch (type)
            {
                case GraphQLNamedType n: return n;
                case GraphQLListType l: type = l.Type; break;
                case GraphQLNonNullType nn: type = nn.Type; break;
                default: throw new InvalidOperationException("Unknown type node.");
            }
        }
    }

    private void ReportUnknownType(GraphQLNamedType node)
    {
        var name = node.Name.StringValue;
        var candidates = new List<string>();
        foreach (var t in _schema.TypeList)
        {
            if (!t.Name.StartsWith("__", StringComparison.Ordinal))
            {
                candidates.Add(t.Name);
            }
        }

        Report($"Unknown type \"{name}\"." + ValidationText.DidYouMean(ValidationText.SuggestionList(name, candidates)), node);
    }

    private void WalkSelectionSet(GraphQLSelectionSet selectionSet, TypeDef? parentType)
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
                    WalkField(field, parentType);
                    break;
                case GraphQLFragmentSpread spread:
                    WalkFragmentSpread(spread, parentType);
                    break;
                case GraphQLInlineFragment inline:
                    WalkInlineFragment(inline, parentType);
                    break;
            }
        }
    }

    private void WalkFragmentSpread(GraphQLFragmentSpread spread, TypeDef? parentType)
    {
        _scope.Spreads.Add(spread);
        WalkDirectives(spread.Directives, "FRAGMENT_SPREAD");
        var name = spread.FragmentName.Name.StringValue;
        if (!_fragments.TryGetValue(name, out var frag))
        {
            Report($"Unknown fragment \"{name}\".", spread.FragmentName.Name);
            return;
        }

        var fragType = _schema.GetType(frag.TypeCondition.Type.Name.StringValue);
        if (parentType is not null && fragType is not null && fragType.IsComposite && !_schema.Overlap(fragType.Name, parentType.Name))
        {
            Report($"Fragment \"{name}\" cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{fragType.Name}\".", spread);
        }
    }

    private void WalkInlineFragment(GraphQLInlineFragment inline, TypeDef? parentType)
    {
        WalkDirectives(inline.Directives, "INLINE_FRAGMENT");
        var type = parentType;
        if (inline.TypeCondition is not null)
        {
            var typeName = inline.TypeCondition.Type.Name.StringValue;
            type = _schema.GetType(typeName);
            if (type is null)
            {
                ReportUnknownType(inline.TypeCondition.Type);
            }
            else if (!type.IsComposite)
            {
                Report($"Fragment cannot condition on non composite type \"{typeName}\".", inline.TypeCondition.Type);
                type = null;
            }
            else if (parentType is not null && !_schema.Overlap(type.Name, parentType.Name))
            {
                Report($"Fragment cannot be spread here as objects of type \"{parentType.Name}\" can never be of type \"{type.Name}\".", inline);
            }
        }

        WalkSelectionSet(inline.SelectionSet, type);
    }

    private FieldDef? GetFieldDef(TypeDef parentType, string name)
    {
        if (name.Length > 2 && name[0] == '_' && name[1] == '_')
        {
            if (name == "__typename")
            {
                return TypenameField;
            }

            if (parentType.Name == _schema.QueryType)
            {
                if (name == "__schema")
                {
                    return SchemaField;
                }

                if (name == "__type")
                {
                    return TypeField;
                }
            }
        }

        return parentType.Kind is TypeKind.Object or TypeKind.Interface ? parentType.GetField(name) : null;
    }

    private void WalkField(GraphQLField field, TypeDef? parentType)
    {
        var name = field.Name.StringValue;
        FieldDef? def = null;
        if (parentType is not null)
        {
            def = GetFieldDef(parentType, name);
            if (def is null)
            {
                ReportUnknownField(field, parentType, name);
            }
        }

        WalkDirectives(field.Directives, "FIELD");
        WalkArguments(field.Arguments, def?.Arguments, def is not null, parentType?.Name, name, null, field);

        TypeDef? namedType = null;
        if (def is not null)
        {
            namedType = _schema.GetType(def.Type.NamedType);
            if (namedType is not null)
            {
                if (namedType.IsLeaf)
                {
                    if (field.SelectionSet is not null)
                    {
                        Report($"Field \"{name}\" must not have a selection since type \"{def.Type}\" has no subfields.", field.SelectionSet);
                    }
                }
                else if (field.SelectionSet is null)
                {
                    Report($"Field \"{name}\" of type \"{def.Type}\" must have a selection of subfields. Did you mean \"{name} {{ ... }}\"?", field);
                }
            }
        }

        if (field.SelectionSet is not null)
        {
            WalkSelectionSet(field.SelectionSet, namedType is not null && namedType.IsComposite ? namedType : null);
        }
    }

    private void ReportUnknownField(GraphQLField field, TypeDef parentType, string name)
    {
        // Suggest types (for abstract parents) that do define the field, otherwise similar field names.
        var typeSuggestions = new List<string>();
        if (parentType.IsAbstract)
        {
            var interfaces = new List<string>();
            var objects = new List<string>();
            foreach (var possible in _schema.PossibleTypes(parentType.Name))
            {
                var pt = _schema.GetType(possible);
                if (pt is null || pt.GetField(name) is null)
                {
                    continue;
                }

                objects.Add(possible);
                foreach (var iface in pt.Interfaces)
                {
                    var it = _schema.GetType(iface);
                    if (iface != parentType.Name && it is not null && it.GetField(name) is not null && !interfaces.Contains(iface))
                    {
                        interfaces.Add(iface);
                    }
                }
            }

            interfaces.Sort(StringComparer.Ordinal);
            objects.Sort(StringComparer.Ordinal);
            typeSuggestions.AddRange(interfaces);
            typeSuggestions.AddRange(objects);
        }

        string suggestion;
        if (typeSuggestions.Count > 0)
        {
            suggestion = ValidationText.DidYouMean(typeSuggestions, "to use an inline fragment on");
        }
        else
        {
            var names = new List<string>(parentType.FieldList.Count);
            foreach (var f in parentType.FieldList)
            {
                names.Add(f.Name);
            }

            suggestion = ValidationText.DidYouMean(ValidationText.SuggestionList(name, names));
        }

        Report($"Cannot query field \"{name}\" on type \"{parentType.Name}\"." + suggestion, field);
    }

    /// <summary>KnownArgumentNames, UniqueArgumentNames, ProvidedRequiredArguments and the values of the arguments.</summary>
    private void WalkArguments(
        GraphQLArguments? arguments,
        IReadOnlyList<InputValueDef>? definitions,
        bool ownerKnown,
        string? parentTypeName,
        string fieldName,
        string? directiveName,
        ASTNode ownerNode)
    {
        if (arguments is not null)
        {
            var items = arguments.Items;
            for (var i = 0; i < items.Count; i++)
            {
                var arg = items[i];
                var argName = arg.Name.StringValue;
                if (items.Count > 1)
                {
                    CheckUniqueArgument(items, i, argName);
                }

                InputValueDef? argDef = null;
                if (definitions is not null)
                {
                    foreach (var d in definitions)
                    {
                        if (d.Name == argName)
                        {
                            argDef = d;
                            break;
                        }
                    }
                }

                if (argDef is null && ownerKnown)
                {
                    var names = new List<string>();
                    if (definitions is not null)
                    {
                        foreach (var d in definitions)
                        {
                            names.Add(d.Name);
                        }
                    }

                    var suggestion = ValidationText.DidYouMean(ValidationText.SuggestionList(argName, names));
                    Report(
                        directiveName is not null
                            ? $"Unknown argument \"{argName}\" on directive \"@{directiveName}\"." + suggestion
                            : $"Unknown argument \"{argName}\" on field \"{parentTypeName}.{fieldName}\"." + suggestion,
                        arg);
                }

                CheckValue(arg.Value, argDef?.Type, argDef?.DefaultValue is not null);
            }
        }

        if (!ownerKnown || definitions is null)
        {
            return;
        }

        foreach (var d in definitions)
        {
            if (!d.Type.IsNonNull || d.DefaultValue is not null)
            {
                continue;
            }

            var provided = false;
            if (arguments is not null)
            {
                foreach (var a in arguments.Items)
                {
                    if (a.Name.StringValue == d.Name)
                    {
                        provided = true;
                        break;
                    }
                }
            }

            if (!provided)
            {
                Report(
                    directiveName is not null
                        ? $"Directive \"@{directiveName}\" argument \"{d.Name}\" of type \"{d.Type}\" is required, but it was not provided."
                        : $"Field \"{fieldName}\" argument \"{d.Name}\" of type \"{d.Type}\" is required, but it was not provided.",
                    ownerNode);
            }
        }
    }

    private void CheckUniqueArgument(List<GraphQLArgument> items, int index, string argName)
    {
        for (var j = 0; j < index; j++)
        {
            if (items[j].Name.StringValue == argName)
            {
                return; // already reported at the first occurrence
            }
        }

        List<ASTNode>? nodes = null;
        for (var j = index + 1; j < items.Count; j++)
        {
            if (items[j].Name.StringValue == argName)
            {
                (nodes ??= [items[index].Name]).Add(items[j].Name);
            }
        }

        if (nodes is not null)
        {
            Report($"There can be only one argument named \"{argName}\".", nodes);
        }
    }

    /// <summary>KnownDirectives, UniqueDirectivesPerLocation and the directives' arguments.</summary>
    private void WalkDirectives(GraphQLDirectives? directives, string location)
    {
        if (directives is null || directives.Count == 0)
        {
            return;
        }

        var items = directives.Items;
        for (var i = 0; i < items.Count; i++)
        {
            var directive = items[i];
            var name = directive.Name.StringValue;
            var def = _schema.GetDirective(name);
            if (def is null)
            {
                Report($"Unknown directive \"@{name}\".", directive);
                WalkArguments(directive.Arguments, null, false, null, name, name, directive);
                continue;
            }

            var allowed = false;
            foreach (var l in def.Locations)
            {
                if (l == location)
                {
                    allowed = true;
                    break;
                }
            }

            if (!allowed)
            {
                Report($"Directive \"@{name}\" may not be used on {location}.", directive);
            }

            if (!def.IsRepeatable)
            {
                for (var j = 0; j < i; j++)
                {
                    if (items[j].Name.StringValue == name)
                    {
                        Report($"The directive \"@{name}\" can only be used once at this location.", items[j], directive);
                        break;
                    }
                }
            }

            WalkArguments(directive.Arguments, def.Arguments, true, null, name, name, directive);
        }
    }
}
