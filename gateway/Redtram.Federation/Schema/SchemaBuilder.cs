using GraphQLParser;
using GraphQLParser.AST;

namespace Redtram.Federation.Schema;

/// <summary>Builds <see cref="GraphSchema"/> values from SDL, merging type extensions into their definitions.</summary>
public static class SchemaBuilder
{
    /// <summary>Parses SDL and builds a schema. Throws <see cref="SchemaException"/> listing every problem found.</summary>
    public static GraphSchema Build(string sdl)
    {
        GraphQLDocument doc;
        try
        {
            doc = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException ex)
        {
            throw new SchemaException([$"Syntax error: {ex.Description} at line {ex.Location.Line}, column {ex.Location.Column}."]);
        }

        return Build(doc);
    }

    public static GraphSchema Build(GraphQLDocument doc)
    {
        var (types, directives) = BuildDefinitions(doc, includeBuiltIns: true);
        string query = "Query";
        string? mutation = null;
        string? subscription = null;
        bool explicitSchema = false;
        string? description = null;
        foreach (var def in doc.Definitions)
        {
            IEnumerable<GraphQLRootOperationTypeDefinition>? ops = def switch
            {
                GraphQLSchemaDefinition s => s.OperationTypes,
                GraphQLSchemaExtension e => e.OperationTypes,
                _ => null,
            };
            if (def is GraphQLSchemaDefinition sd && sd.Description is not null)
            {
                description = sd.Description.Value.ToString();
            }

            if (ops is null)
            {
                continue;
            }

            foreach (var op in ops)
            {
                explicitSchema = true;
                var name = op.Type!.Name.StringValue;
                switch (op.Operation)
                {
                    case OperationType.Query: query = name; break;
                    case OperationType.Mutation: mutation = name; break;
                    default: subscription = name; break;
                }
            }
        }

        if (!explicitSchema)
        {
            mutation = types.Any(t => t.Name == "Mutation") ? "Mutation" : null;
            subscription = types.Any(t => t.Name == "Subscription") ? "Subscription" : null;
        }

        var errors = new List<string>();
        if (!types.Any(t => t.Name == query && t.Kind == TypeKind.Object))
        {
            errors.Add($"The query root type '{query}' is not defined as an object type.");
        }

        if (errors.Count > 0)
        {
            throw new SchemaException(errors);
        }

        return new GraphSchema(types, directives, query, mutation, subscription, description);
    }

    internal static (List<TypeDef> Types, List<DirectiveDef> Directives) BuildDefinitions(string sdl, bool includeBuiltIns) =>
        BuildDefinitions(Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments }), includeBuiltIns);

    internal static (List<TypeDef> Types, List<DirectiveDef> Directives) BuildDefinitions(GraphQLDocument doc, bool includeBuiltIns)
    {
        var builders = new Dictionary<string, TypeBuilder>(StringComparer.Ordinal);
        var order = new List<string>();
        var directives = new List<DirectiveDef>();

        TypeBuilder Get(string name, TypeKind kind)
        {
            if (!builders.TryGetValue(name, out var b))
            {
                b = new TypeBuilder(name, kind);
                builders[name] = b;
                order.Add(name);
            }

            return b;
        }

        foreach (var def in doc.Definitions)
        {
            switch (def)
            {
                case GraphQLObjectTypeDefinition o:
                    Get(o.Name.StringValue, TypeKind.Object).Add(o.Description, o.Directives, o.Interfaces, o.Fields);
                    break;
                case GraphQLObjectTypeExtension o:
                    Get(o.Name.StringValue, TypeKind.Object).Add(null, o.Directives, o.Interfaces, o.Fields);
                    break;
                case GraphQLInterfaceTypeDefinition i:
                    Get(i.Name.StringValue, TypeKind.Interface).Add(i.Description, i.Directives, i.Interfaces, i.Fields);
                    break;
                case GraphQLInterfaceTypeExtension i:
                    Get(i.Name.StringValue, TypeKind.Interface).Add(null, i.Directives, i.Interfaces, i.Fields);
                    break;
                case GraphQLUnionTypeDefinition u:
                    Get(u.Name.StringValue, TypeKind.Union).AddUnion(u.Description, u.Directives, u.Types);
                    break;
                case GraphQLUnionTypeExtension u:
                    Get(u.Name.StringValue, TypeKind.Union).AddUnion(null, u.Directives, u.Types);
                    break;
                case GraphQLEnumTypeDefinition e:
                    Get(e.Name.StringValue, TypeKind.Enum).AddEnum(e.Description, e.Directives, e.Values);
                    break;
                case GraphQLEnumTypeExtension e:
                    Get(e.Name.StringValue, TypeKind.Enum).AddEnum(null, e.Directives, e.Values);
                    break;
                case GraphQLInputObjectTypeDefinition io:
                    Get(io.Name.StringValue, TypeKind.InputObject).AddInput(io.Description, io.Directives, io.Fields);
                    break;
                case GraphQLInputObjectTypeExtension io:
                    Get(io.Name.StringValue, TypeKind.InputObject).AddInput(null, io.Directives, io.Fields);
                    break;
                case GraphQLScalarTypeDefinition s:
                    if (includeBuiltIns && BuiltIns.ScalarNames.Contains(s.Name.StringValue))
                    {
                        break;
                    }

                    Get(s.Name.StringValue, TypeKind.Scalar).Add(s.Description, s.Directives, null, null);
                    break;
                case GraphQLScalarTypeExtension s:
                    Get(s.Name.StringValue, TypeKind.Scalar).Add(null, s.Directives, null, null);
                    break;
                case GraphQLDirectiveDefinition d:
                    directives.Add(new DirectiveDef
                    {
                        Name = d.Name.StringValue,
                        Description = d.Description?.Value.ToString(),
                        Arguments = d.Arguments?.Items.Select(BuildInputValue).ToArray() ?? [],
                        IsRepeatable = d.Repeatable,
                        Locations = d.Locations.Items.Select(LocationName).ToArray(),
                    });
                    break;
            }
        }

        return (order.Select(n => builders[n].Build()).ToList(), directives);
    }

    public static string LocationName(DirectiveLocation l) => l switch
    {
        DirectiveLocation.Query => "QUERY",
        DirectiveLocation.Mutation => "MUTATION",
        DirectiveLocation.Subscription => "SUBSCRIPTION",
        DirectiveLocation.Field => "FIELD",
        DirectiveLocation.FragmentDefinition => "FRAGMENT_DEFINITION",
        DirectiveLocation.FragmentSpread => "FRAGMENT_SPREAD",
        DirectiveLocation.InlineFragment => "INLINE_FRAGMENT",
        DirectiveLocation.VariableDefinition => "VARIABLE_DEFINITION",
        DirectiveLocation.Schema => "SCHEMA",
        DirectiveLocation.Scalar => "SCALAR",
        DirectiveLocation.Object => "OBJECT",
        DirectiveLocation.FieldDefinition => "FIELD_DEFINITION",
        DirectiveLocation.ArgumentDefinition => "ARGUMENT_DEFINITION",
        DirectiveLocation.Interface => "INTERFACE",
        DirectiveLocation.Union => "UNION",
        DirectiveLocation.Enum => "ENUM",
        DirectiveLocation.EnumValue => "ENUM_VALUE",
        DirectiveLocation.InputObject => "INPUT_OBJECT",
        DirectiveLocation.InputFieldDefinition => "INPUT_FIELD_DEFINITION",
        _ => l.ToString().ToUpperInvariant(),
    };

    public static TypeRef BuildTypeRef(GraphQLType t) => t switch
    {
        GraphQLNamedType n => TypeRef.Named(n.Name.StringValue),
        GraphQLListType l => TypeRef.List(BuildTypeRef(l.Type)),
        GraphQLNonNullType nn => TypeRef.NonNull(BuildTypeRef(nn.Type)),
        _ => throw new InvalidOperationException("Unknown type node."),
    };

    public static IReadOnlyList<AppliedDirective> BuildDirectives(GraphQLDirectives? directives)
    {
        if (directives is null || directives.Count == 0)
        {
            return [];
        }

        var list = new List<AppliedDirective>(directives.Count);
        foreach (var d in directives.Items)
        {
            var args = new Dictionary<string, GraphQLValue>(StringComparer.Ordinal);
            if (d.Arguments is not null)
            {
                foreach (var a in d.Arguments.Items)
                {
                    args[a.Name.StringValue] = a.Value;
                }
            }

            list.Add(new AppliedDirective(d.Name.StringValue, args));
        }

        return list;
    }

    internal static string? DeprecationReason(IReadOnlyList<AppliedDirective> directives)
    {
        foreach (var d in directives)
        {
            if (d.Name == "deprecated")
            {
                return d.Arguments.TryGetValue("reason", out var r) && r is GraphQLStringValue s ? s.Value.ToString() : "No longer supported";
            }
        }

        return null;
    }

    private static InputValueDef BuildInputValue(GraphQLInputValueDefinition v)
    {
        var dirs = BuildDirectives(v.Directives);
        return new InputValueDef
        {
            Name = v.Name.StringValue,
            Type = BuildTypeRef(v.Type),
            Description = v.Description?.Value.ToString(),
            DefaultValue = v.DefaultValue,
            Directives = dirs,
            DeprecationReason = DeprecationReason(dirs),
        };
    }

    private sealed class TypeBuilder(string name, TypeKind kind)
    {
        private readonly List<FieldDef> _fields = [];
        private readonly List<string> _interfaces = [];
        private readonly List<string> _members = [];
        private readonly List<EnumValueDef> _values = [];
        private readonly List<InputValueDef> _inputs = [];
        private readonly List<AppliedDirective> _directives = [];
        private string? _description;

        public void Add(GraphQLDescription? description, GraphQLDirectives? directives, GraphQLImplementsInterfaces? interfaces, GraphQLFieldsDefinition? fields)
        {
            _description ??= description?.Value.ToString();
            _directives.AddRange(BuildDirectives(directives));
            if (interfaces is not null)
            {
                foreach (var i in interfaces.Items)
                {
                    if (!_interfaces.Contains(i.Name.StringValue))
                    {
                        _interfaces.Add(i.Name.StringValue);
                    }
                }
            }

            if (fields is not null)
            {
                foreach (var f in fields.Items)
                {
                    var dirs = BuildDirectives(f.Directives);
                    _fields.Add(new FieldDef
                    {
                        Name = f.Name.StringValue,
                        Type = BuildTypeRef(f.Type),
                        Description = f.Description?.Value.ToString(),
                        Arguments = f.Arguments?.Items.Select(BuildInputValue).ToArray() ?? [],
                        Directives = dirs,
                        DeprecationReason = DeprecationReason(dirs),
                    });
                }
            }
        }

        public void AddUnion(GraphQLDescription? description, GraphQLDirectives? directives, GraphQLUnionMemberTypes? types)
        {
            Add(description, directives, null, null);
            if (types is not null)
            {
                foreach (var t in types.Items)
                {
                    if (!_members.Contains(t.Name.StringValue))
                    {
                        _members.Add(t.Name.StringValue);
                    }
                }
            }
        }

        public void AddEnum(GraphQLDescription? description, GraphQLDirectives? directives, GraphQLEnumValuesDefinition? values)
        {
            Add(description, directives, null, null);
            if (values is not null)
            {
                foreach (var v in values.Items)
                {
                    var dirs = BuildDirectives(v.Directives);
                    _values.Add(new EnumValueDef
                    {
                        Name = v.EnumValue.Name.StringValue,
                        Description = v.Description?.Value.ToString(),
                        Directives = dirs,
                        DeprecationReason = DeprecationReason(dirs),
                    });
                }
            }
        }

        public void AddInput(GraphQLDescription? description, GraphQLDirectives? directives, GraphQLInputFieldsDefinition? fields)
        {
            Add(description, directives, null, null);
            if (fields is not null)
            {
                _inputs.AddRange(fields.Items.Select(BuildInputValue));
            }
        }

        public TypeDef Build()
        {
            var dict = new Dictionary<string, FieldDef>(StringComparer.Ordinal);
            var list = new List<FieldDef>();
            foreach (var f in _fields)
            {
                if (dict.TryAdd(f.Name, f))
                {
                    list.Add(f);
                }
            }

            string? specifiedBy = null;
            foreach (var d in _directives)
            {
                if (d.Name == "specifiedBy" && d.Arguments.TryGetValue("url", out var u) && u is GraphQLStringValue s)
                {
                    specifiedBy = s.Value.ToString();
                }
            }

            return new TypeDef
            {
                Name = name,
                Kind = kind,
                Description = _description,
                Fields = dict,
                FieldList = list,
                Interfaces = _interfaces,
                PossibleMembers = _members,
                EnumValues = _values,
                InputFields = _inputs,
                Directives = _directives,
                SpecifiedByUrl = specifiedBy,
                IsOneOf = _directives.Any(d => d.Name == "oneOf"),
            };
        }
    }
}

/// <summary>A schema that cannot be built; <see cref="Problems"/> lists every problem found.</summary>
public sealed class SchemaException(IReadOnlyList<string> problems)
    : Exception("The schema is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
