using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQLParser.AST;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Introspection;

/// <summary>
/// Answers the root introspection fields (<c>__schema</c>, <c>__type(name:)</c>) from the gateway's API schema,
/// following the GraphQL specification's introspection system and graphql-js's behaviour.
/// </summary>
public static class IntrospectionResolver
{
    private const string SchemaTypeName = "__Schema";
    private const string TypeTypeName = "__Type";
    private const string FieldTypeName = "__Field";
    private const string InputValueTypeName = "__InputValue";
    private const string EnumValueTypeName = "__EnumValue";
    private const string DirectiveTypeName = "__Directive";

    /// <summary>
    /// Resolves one root introspection field selected on the query root type: <c>__schema</c> or <c>__type(name:)</c>.
    /// Returns the JSON value of that field (an object keyed by response keys with exactly the selected fields), or JSON
    /// null for <c>__type</c> of an unknown name. <paramref name="variables"/> are the coerced variable values used by
    /// arguments and by <c>@skip</c>/<c>@include</c> conditions inside the selection. The root field's own conditions are
    /// the caller's concern.
    /// </summary>
    public static JsonNode? Resolve(GraphSchema schema, FieldNode field, JsonObject? variables)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(field);
        var ctx = new Context(schema, variables);
        var root = new CollectedField(field.ResponseKey, field);
        if (field.SelectionSet is not null)
        {
            root.SubSets.Add(field.SelectionSet);
        }

        switch (field.Name)
        {
            case "__schema":
                return ctx.Complete(root, SchemaTypeName, schema);
            case "__type":
                {
                    var name = ctx.StringArgument(field, "name");
                    var def = name is null ? null : schema.GetType(name);
                    return def is null ? null : ctx.Complete(root, TypeTypeName, def);
                }

            default:
                throw new ArgumentException($"'{field.Name}' is not a root introspection field.", nameof(field));
        }
    }

    /// <summary>Whether <paramref name="fieldName"/> is a root introspection field answered by <see cref="Resolve"/>.</summary>
    public static bool IsIntrospectionField(string fieldName) => fieldName is "__schema" or "__type";

    /// <summary>
    /// Fields of one response key merged as CollectFields does: the first field node gives the name and arguments,
    /// the selection sets of all merged nodes form the sub-selection.
    /// </summary>
    private sealed class CollectedField(string key, FieldNode first)
    {
        private string? _lastType;
        private List<CollectedField>? _lastChildren;
        private Dictionary<string, List<CollectedField>>? _children;

        public string Key { get; } = key;

        public FieldNode First { get; } = first;

        public List<SelectionSetNode> SubSets { get; } = new(1);

        /// <summary>The sub-fields collected for an object of <paramref name="typeName"/>, memoised for this call.</summary>
        public List<CollectedField> Children(Context ctx, string typeName)
        {
            if (ReferenceEquals(typeName, _lastType))
            {
                return _lastChildren!;
            }

            _children ??= new Dictionary<string, List<CollectedField>>(StringComparer.Ordinal);
            if (!_children.TryGetValue(typeName, out var list))
            {
                list = ctx.Collect(SubSets, typeName);
                _children[typeName] = list;
            }

            _lastType = typeName;
            _lastChildren = list;
            return list;
        }
    }

    private sealed class Context(GraphSchema schema, JsonObject? variables)
    {
        public List<CollectedField> Collect(List<SelectionSetNode> sets, string typeName)
        {
            var list = new List<CollectedField>();
            Dictionary<string, CollectedField>? byKey = null;
            foreach (var set in sets)
            {
                CollectInto(set, typeName, list, ref byKey);
            }

            return list;
        }

        private void CollectInto(SelectionSetNode set, string typeName, List<CollectedField> list, ref Dictionary<string, CollectedField>? byKey)
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
                            byKey ??= new Dictionary<string, CollectedField>(StringComparer.Ordinal);
                            if (!byKey.TryGetValue(f.ResponseKey, out var cf))
                            {
                                cf = new CollectedField(f.ResponseKey, f);
                                byKey[f.ResponseKey] = cf;
                                list.Add(cf);
                            }

                            if (f.SelectionSet is not null)
                            {
                                cf.SubSets.Add(f.SelectionSet);
                            }

                            break;
                        }

                    case InlineFragmentNode frag:
                        if (frag.TypeCondition is null || frag.TypeCondition == typeName)
                        {
                            CollectInto(frag.SelectionSet, typeName, list, ref byKey);
                        }

                        break;
                }
            }
        }

        private bool Passes(IReadOnlyList<SelectionCondition> conditions)
        {
            for (var i = 0; i < conditions.Count; i++)
            {
                var c = conditions[i];
                var value = IsTrue(Variable(c.Variable, out _));
                if (value != c.PassWhen)
                {
                    return false;
                }
            }

            return true;
        }

        private JsonNode? Variable(string name, out bool provided)
        {
            if (variables is not null && variables.TryGetPropertyValue(name, out var node))
            {
                provided = true;
                return node;
            }

            provided = false;
            return null;
        }

        private static bool IsTrue(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.True;

        private GraphQLValue? Argument(FieldNode field, string name)
        {
            foreach (var a in field.Arguments)
            {
                if (a.Name.StringValue == name)
                {
                    return a.Value;
                }
            }

            return null;
        }

        /// <summary>A Boolean argument; absent (or an unprovided variable) gives <paramref name="defaultValue"/>, null gives false.</summary>
        public bool BooleanArgument(FieldNode field, string name, bool defaultValue)
        {
            switch (Argument(field, name))
            {
                case null:
                    return defaultValue;
                case GraphQLBooleanValue b:
                    return b.BoolValue;
                case GraphQLVariable v:
                    {
                        var node = Variable(v.Name.StringValue, out var provided);
                        return provided ? IsTrue(node) : defaultValue;
                    }

                default:
                    return false;
            }
        }

        public string? StringArgument(FieldNode field, string name)
        {
            switch (Argument(field, name))
            {
                case GraphQLStringValue s:
                    return s.Value.ToString();
                case GraphQLVariable v:
                    {
                        var node = Variable(v.Name.StringValue, out _);
                        return node is JsonValue jv && jv.GetValueKind() == JsonValueKind.String ? jv.GetValue<string>() : null;
                    }

                default:
                    return null;
            }
        }

        public JsonObject Complete(CollectedField field, string typeName, object source)
        {
            var children = field.Children(this, typeName);
            var obj = new JsonObject();
            foreach (var c in children)
            {
                obj.Add(c.Key, c.First.IsTypename ? typeName : ResolveField(typeName, source, c));
            }

            return obj;
        }

        private JsonNode? ResolveField(string typeName, object source, CollectedField c) => typeName switch
        {
            SchemaTypeName => SchemaField((GraphSchema)source, c),
            TypeTypeName => source is TypeDef def ? NamedTypeField(def, c) : WrapperTypeField((TypeRef)source, c),
            FieldTypeName => FieldField((FieldDef)source, c),
            InputValueTypeName => InputValueField((InputValueDef)source, c),
            EnumValueTypeName => EnumValueField((EnumValueDef)source, c),
            DirectiveTypeName => DirectiveField((DirectiveDef)source, c),
            _ => null,
        };

        private JsonNode? SchemaField(GraphSchema s, CollectedField c)
        {
            switch (c.First.Name)
            {
                case "description":
                    return s.Description;
                case "types":
                    {
                        var arr = new JsonArray();
                        foreach (var t in s.TypeList)
                        {
                            arr.Add(Complete(c, TypeTypeName, t));
                        }

                        return arr;
                    }

                case "queryType":
                    return NamedType(s.QueryType, c);
                case "mutationType":
                    return s.MutationType is null ? null : NamedType(s.MutationType, c);
                case "subscriptionType":
                    return s.SubscriptionType is null ? null : NamedType(s.SubscriptionType, c);
                case "directives":
                    {
                        var arr = new JsonArray();
                        foreach (var d in s.DirectiveList)
                        {
                            arr.Add(Complete(c, DirectiveTypeName, d));
                        }

                        return arr;
                    }

                default:
                    return null;
            }
        }

        private JsonObject? NamedType(string name, CollectedField c)
        {
            var def = schema.GetType(name);
            return def is null ? null : Complete(c, TypeTypeName, def);
        }

        private JsonObject? TypeReference(TypeRef type, CollectedField c) =>
            type.Kind == TypeRefKind.Named ? NamedType(type.Name!, c) : Complete(c, TypeTypeName, type);

        private JsonNode? WrapperTypeField(TypeRef t, CollectedField c) => c.First.Name switch
        {
            "kind" => t.Kind == TypeRefKind.List ? "LIST" : "NON_NULL",
            "ofType" => TypeReference(t.OfType!, c),
            _ => null,
        };

        private JsonNode? NamedTypeField(TypeDef t, CollectedField c)
        {
            switch (c.First.Name)
            {
                case "kind":
                    return KindName(t.Kind);
                case "name":
                    return t.Name;
                case "description":
                    return t.Description;
                case "specifiedByURL":
                    return t.Kind == TypeKind.Scalar ? t.SpecifiedByUrl : null;
                case "isOneOf":
                    return t.Kind == TypeKind.InputObject ? t.IsOneOf : null;
                case "ofType":
                    return null;
                case "fields":
                    {
                        if (t.Kind is not (TypeKind.Object or TypeKind.Interface))
                        {
                            return null;
                        }

                        var all = BooleanArgument(c.First, "includeDeprecated", false);
                        var arr = new JsonArray();
                        foreach (var f in t.FieldList)
                        {
                            if (all || !f.IsDeprecated)
                            {
                                arr.Add(Complete(c, FieldTypeName, f));
                            }
                        }

                        return arr;
                    }

                case "interfaces":
                    {
                        if (t.Kind is not (TypeKind.Object or TypeKind.Interface))
                        {
                            return null;
                        }

                        var arr = new JsonArray();
                        foreach (var i in t.Interfaces)
                        {
                            var node = NamedType(i, c);
                            if (node is not null)
                            {
                                arr.Add(node);
                            }
                        }

                        return arr;
                    }

                case "possibleTypes":
                    {
                        if (!t.IsAbstract)
                        {
                            return null;
                        }

                        var arr = new JsonArray();
                        foreach (var p in schema.PossibleTypes(t.Name))
                        {
                            var node = NamedType(p, c);
                            if (node is not null)
                            {
                                arr.Add(node);
                            }
                        }

                        return arr;
                    }

                case "enumValues":
                    {
                        if (t.Kind != TypeKind.Enum)
                        {
                            return null;
                        }

                        var all = BooleanArgument(c.First, "includeDeprecated", false);
                        var arr = new JsonArray();
                        foreach (var v in t.EnumValues)
                        {
                            if (all || !v.IsDeprecated)
                            {
                                arr.Add(Complete(c, EnumValueTypeName, v));
                            }
                        }

                        return arr;
                    }

                case "inputFields":
                    {
                        if (t.Kind != TypeKind.InputObject)
                        {
                            return null;
                        }

                        return InputValues(t.InputFields, c);
                    }

                default:
                    return null;
            }
        }

        private JsonArray InputValues(IReadOnlyList<InputValueDef> values, CollectedField c)
        {
            var all = BooleanArgument(c.First, "includeDeprecated", false);
            var arr = new JsonArray();
            foreach (var v in values)
            {
                if (all || !v.IsDeprecated)
                {
                    arr.Add(Complete(c, InputValueTypeName, v));
                }
            }

            return arr;
        }

        private JsonNode? FieldField(FieldDef f, CollectedField c) => c.First.Name switch
        {
            "name" => f.Name,
            "description" => f.Description,
            "args" => InputValues(f.Arguments, c),
            "type" => TypeReference(f.Type, c),
            "isDeprecated" => f.IsDeprecated,
            "deprecationReason" => f.DeprecationReason,
            _ => null,
        };

        private JsonNode? InputValueField(InputValueDef v, CollectedField c) => c.First.Name switch
        {
            "name" => v.Name,
            "description" => v.Description,
            "type" => TypeReference(v.Type, c),
            "defaultValue" => v.DefaultValue is null ? null : ValuePrinter.Print(v.DefaultValue),
            "isDeprecated" => v.IsDeprecated,
            "deprecationReason" => v.DeprecationReason,
            _ => null,
        };

        private static JsonNode? EnumValueField(EnumValueDef v, CollectedField c) => c.First.Name switch
        {
            "name" => v.Name,
            "description" => v.Description,
            "isDeprecated" => v.IsDeprecated,
            "deprecationReason" => v.DeprecationReason,
            _ => null,
        };

        private JsonNode? DirectiveField(DirectiveDef d, CollectedField c)
        {
            switch (c.First.Name)
            {
                case "name":
                    return d.Name;
                case "description":
                    return d.Description;
                case "isRepeatable":
                    return d.IsRepeatable;
                case "args":
                    return InputValues(d.Arguments, c);
                case "locations":
                    {
                        var arr = new JsonArray();
                        foreach (var l in d.Locations)
                        {
                            arr.Add(l);
                        }

                        return arr;
                    }

                default:
                    return null;
            }
        }

        private static string KindName(TypeKind kind) => kind switch
        {
            TypeKind.Scalar => "SCALAR",
            TypeKind.Object => "OBJECT",
            TypeKind.Interface => "INTERFACE",
            TypeKind.Union => "UNION",
            TypeKind.Enum => "ENUM",
            _ => "INPUT_OBJECT",
        };
    }
}
