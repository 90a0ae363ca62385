using System.Text;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

/// <summary>Reads one subgraph SDL into the composition model: resolves federation directive names
/// (imports, renames, prefixes), strips federation plumbing, merges extensions and validates federation directives.</summary>
internal sealed class SubgraphReader
{
    private static readonly string[] FedDirectives =
    [
        "key", "shareable", "external", "requires", "provides", "override", "inaccessible", "interfaceObject",
        "composeDirective", "tag", "extends", "authenticated", "requiresScopes", "policy", "context", "fromContext", "cost", "listSize",
    ];

    private static readonly HashSet<string> StrippedTypes = new(StringComparer.Ordinal)
    {
        "_Service", "_Entity", "_Any", "_FieldSet", "FieldSet", "link__Import", "link__Purpose", "link__FieldSet",
        "federation__FieldSet", "federation__Scope", "federation__Policy", "federation__ContextFieldValue", "_Scope", "_Policy",
    };

    private static readonly HashSet<string> BuiltInScalars = new(StringComparer.Ordinal) { "String", "Int", "Float", "Boolean", "ID" };

    private static readonly HashSet<string> BuiltInDirectives = new(StringComparer.Ordinal) { "deprecated", "specifiedBy", "oneOf", "skip", "include", "defer", "stream" };

    private readonly SubgraphSource _source;
    private readonly List<CompositionError> _errors;
    private readonly Subgraph _sg;
    private readonly Dictionary<string, string> _localToFed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _rootRename = new(StringComparer.Ordinal);
    private readonly HashSet<string> _definedDirectives = new(StringComparer.Ordinal);
    private readonly HashSet<string> _composed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _linkNames = new(StringComparer.Ordinal);
    private readonly int _errorsBefore;

    private SubgraphReader(SubgraphSource source, List<CompositionError> errors)
    {
        _source = source;
        _errors = errors;
        _errorsBefore = errors.Count;
        _sg = new Subgraph { Name = source.Name, Url = source.Url ?? string.Empty };
    }

    public static Subgraph? Read(SubgraphSource source, List<CompositionError> errors) => new SubgraphReader(source, errors).Run();

    private void Error(string code, string message, params string[] coordinates) =>
        _errors.Add(new CompositionError(code, $"[{_sg.Name}] {message}", [_sg.Name], coordinates));

    private Subgraph? Run()
    {
        GraphQLDocument doc;
        try
        {
            doc = Parser.Parse(_source.Sdl ?? string.Empty, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException ex)
        {
            Error("INVALID_GRAPHQL", $"Syntax error: {ex.Description} at line {ex.Location.Line}, column {ex.Location.Column}. Fix the SDL of this subgraph.");
            return null;
        }

        ReadLinks(doc);
        ReadSchemaRoots(doc);
        foreach (var def in doc.Definitions)
        {
            if (def is GraphQLDirectiveDefinition dd)
            {
                _definedDirectives.Add(dd.Name.StringValue);
            }
        }

        ReadComposeDirectives(doc);
        foreach (var def in doc.Definitions)
        {
            ReadDefinition(def);
        }

        foreach (var def in doc.Definitions)
        {
            if (def is GraphQLDirectiveDefinition dd && _composed.Contains(dd.Name.StringValue))
            {
                _sg.ComposedDirectiveDefs[dd.Name.StringValue] = Printer.Print(dd);
            }
        }

        // strip _service / _entities
        if (_sg.Type("Query") is { } q)
        {
            q.Fields.RemoveAll(f => f.Name is "_service" or "_entities");
            if (q.Fields.Count == 0 && !q.HasDefinition && !q.HasExtension)
            {
                _sg.Types.Remove("Query");
            }
        }

        foreach (var name in _sg.TypeOrder.ToList())
        {
            if (_sg.Types.TryGetValue(name, out var t) && t.Kind is TypeKind.Object && t.Fields.Count == 0 && name == "Query")
            {
                _sg.Types.Remove(name);
                _sg.TypeOrder.Remove(name);
            }
        }

        CheckTypeReferences();
        if (!_sg.IsFed2)
        {
            UpgradeFed1();
        }

        RemoveFakeExternals();

        ValidateFederationDirectives();
        return _errors.Count > _errorsBefore ? null : _sg;
    }

    private void ReadLinks(GraphQLDocument doc)
    {
        foreach (var def in doc.Definitions)
        {
            var dirs = def switch
            {
                GraphQLSchemaDefinition s => s.Directives,
                GraphQLSchemaExtension e => e.Directives,
                _ => null,
            };
            if (dirs is null)
            {
                continue;
            }

            foreach (var d in dirs.Items)
            {
                var dn = d.Name.StringValue;
                if (dn is not ("link" or "core"))
                {
                    continue;
                }

                _linkNames.Add(dn);
                var url = StringArg(d, "url") ?? StringArg(d, "feature");
                if (url is null)
                {
                    continue;
                }

                var asName = StringArg(d, "as");
                var imports = ReadImports(d);
                var trimmed = url.TrimEnd('/');
                var slash = trimmed.LastIndexOf('/');
                var versionText = slash >= 0 ? trimmed[(slash + 1)..] : string.Empty;
                var withoutVersion = slash >= 0 ? trimmed[..slash] : trimmed;
                var specName = withoutVersion[(withoutVersion.LastIndexOf('/') + 1)..];
                if (withoutVersion.StartsWith("https://specs.apollo.dev/federation", StringComparison.Ordinal))
                {
                    _sg.IsFed2 = true;
                    if (versionText.StartsWith('v') && Version.TryParse(versionText[1..], out var v))
                    {
                        _sg.FedVersion = v;
                        if (v.Major != 2)
                        {
                            Error("UNKNOWN_FEDERATION_LINK_VERSION", $"Invalid version {versionText} for the federation feature in @link: use a federation v2.x url (e.g. https://specs.apollo.dev/federation/v2.9).");
                        }
                    }
                    else
                    {
                        Error("INVALID_LINK_IDENTIFIER", $"Invalid @link url \"{url}\": it must end with a version such as /v2.9.");
                    }

                    var prefix = (asName ?? "federation") + "__";
                    foreach (var fd in FedDirectives)
                    {
                        _localToFed[prefix + fd] = fd;
                    }

                    foreach (var (name, alias) in imports)
                    {
                        if (!name.StartsWith('@'))
                        {
                            continue;
                        }

                        var canonical = name[1..];
                        if (Array.IndexOf(FedDirectives, canonical) < 0)
                        {
                            Error("INVALID_LINK_DIRECTIVE_USAGE", $"Cannot import unknown element \"{name}\" from the federation spec: remove it from the @link imports.");
                            continue;
                        }

                        _localToFed.Remove(prefix + canonical);
                        _localToFed[(alias ?? name).TrimStart('@')] = canonical;
                    }
                }
                else if (withoutVersion.StartsWith("https://specs.apollo.dev/link", StringComparison.Ordinal) || withoutVersion.StartsWith("https://specs.apollo.dev/core", StringComparison.Ordinal))
                {
                    // the link spec itself
                }
                else if (withoutVersion.StartsWith("https://specs.apollo.dev/inaccessible", StringComparison.Ordinal) || withoutVersion.StartsWith("https://specs.apollo.dev/tag", StringComparison.Ordinal))
                {
                    var canonical = specName;
                    var local = asName ?? specName;
                    _localToFed[local] = canonical;
                }
                else
                {
                    // a custom spec: remember its imports; they may be composed with @composeDirective.
                    var importText = imports.Count == 0 ? null : "[" + string.Join(", ", imports.Select(i => i.Alias is null ? $"\"{i.Name}\"" : $"{{ name: \"{i.Name}\", as: \"{i.Alias}\" }}")) + "]";
                    _sg.ComposedLinks.Add((url, importText));
                    foreach (var (name, alias) in imports)
                    {
                        _definedDirectives.Add((alias ?? name).TrimStart('@'));
                    }

                    _definedDirectives.Add(specName);
                }
            }
        }

        if (!_sg.IsFed2)
        {
            foreach (var fd in new[] { "key", "external", "requires", "provides", "extends", "tag", "inaccessible", "shareable", "override" })
            {
                _localToFed[fd] = fd;
            }
        }
    }

    private static List<(string Name, string? Alias)> ReadImports(GraphQLDirective d)
    {
        var list = new List<(string, string?)>();
        var v = Arg(d, "import");
        if (v is GraphQLListValue lv && lv.Values is not null)
        {
            foreach (var item in lv.Values)
            {
                if (item is GraphQLStringValue s)
                {
                    list.Add((s.Value.ToString(), null));
                }
                else if (item is GraphQLObjectValue o && o.Fields is not null)
                {
                    string? name = null;
                    string? alias = null;
                    foreach (var f in o.Fields)
                    {
                        if (f.Value is GraphQLStringValue sv)
                        {
                            if (f.Name.StringValue == "name")
                            {
                                name = sv.Value.ToString();
                            }
                            else if (f.Name.StringValue == "as")
                            {
                                alias = sv.Value.ToString();
                            }
                        }
                    }

                    if (name is not null)
                    {
                        list.Add((name, alias));
                    }
                }
            }
        }
        else if (v is GraphQLStringValue single)
        {
            list.Add((single.Value.ToString(), null));
        }

        return list;
    }

    private void ReadSchemaRoots(GraphQLDocument doc)
    {
        foreach (var def in doc.Definitions)
        {
            var ops = def switch
            {
                GraphQLSchemaDefinition s => s.OperationTypes,
                GraphQLSchemaExtension e => e.OperationTypes,
                _ => null,
            };
            if (ops is null)
            {
                continue;
            }

            foreach (var op in ops)
            {
                var target = op.Operation switch
                {
                    OperationType.Query => "Query",
                    OperationType.Mutation => "Mutation",
                    _ => "Subscription",
                };
                var name = op.Type!.Name.StringValue;
                if (name != target)
                {
                    _rootRename[name] = target;
                }
            }
        }
    }

    private void ReadComposeDirectives(GraphQLDocument doc)
    {
        foreach (var def in doc.Definitions)
        {
            var dirs = def switch
            {
                GraphQLSchemaDefinition s => s.Directives,
                GraphQLSchemaExtension e => e.Directives,
                _ => null,
            };
            if (dirs is null)
            {
                continue;
            }

            foreach (var d in dirs.Items)
            {
                if (Fed(d) == "composeDirective")
                {
                    var n = StringArg(d, "name")?.TrimStart('@');
                    if (n is null || !_definedDirectives.Contains(n))
                    {
                        Error("DIRECTIVE_COMPOSITION_ERROR", $"Could not find matching directive definition for argument to @composeDirective \"@{n}\": define the directive in this subgraph (and @link the spec that provides it).");
                    }
                    else
                    {
                        _composed.Add(n);
                    }
                }
            }
        }
    }

    private string Rename(string name) => _rootRename.TryGetValue(name, out var r) ? r : name;

    private string? Fed(GraphQLDirective d) => _localToFed.TryGetValue(d.Name.StringValue, out var f) ? f : null;

    private static GraphQLValue? Arg(GraphQLDirective d, string name)
    {
        if (d.Arguments is null)
        {
            return null;
        }

        foreach (var a in d.Arguments.Items)
        {
            if (a.Name.StringValue == name)
            {
                return a.Value;
            }
        }

        return null;
    }

    private static string? StringArg(GraphQLDirective d, string name) => Arg(d, name) is GraphQLStringValue s ? s.Value.ToString() : null;

    private string TypeText(GraphQLType t) => t switch
    {
        GraphQLNonNullType nn => TypeText(nn.Type) + "!",
        GraphQLListType l => "[" + TypeText(l.Type) + "]",
        GraphQLNamedType n => Rename(n.Name.StringValue),
        _ => throw new InvalidOperationException("unknown type node"),
    };

    private bool IsStrippedType(string name) =>
        StrippedTypes.Contains(name) || name.StartsWith("federation__", StringComparison.Ordinal) || name.StartsWith("link__", StringComparison.Ordinal);

    private void ReadDefinition(ASTNode def)
    {
        switch (def)
        {
            case GraphQLObjectTypeDefinition o:
                ReadComposite(o.Name.StringValue, TypeKind.Object, o.Description, o.Directives, o.Interfaces, o.Fields, false);
                break;
            case GraphQLObjectTypeExtension o:
                ReadComposite(o.Name.StringValue, TypeKind.Object, null, o.Directives, o.Interfaces, o.Fields, true);
                break;
            case GraphQLInterfaceTypeDefinition i:
                ReadComposite(i.Name.StringValue, TypeKind.Interface, i.Description, i.Directives, i.Interfaces, i.Fields, false);
                break;
            case GraphQLInterfaceTypeExtension i:
                ReadComposite(i.Name.StringValue, TypeKind.Interface, null, i.Directives, i.Interfaces, i.Fields, true);
                break;
            case GraphQLUnionTypeDefinition u:
                ReadUnion(u.Name.StringValue, u.Description, u.Directives, u.Types, false);
                break;
            case GraphQLUnionTypeExtension u:
                ReadUnion(u.Name.StringValue, null, u.Directives, u.Types, true);
                break;
            case GraphQLEnumTypeDefinition e:
                ReadEnum(e.Name.StringValue, e.Description, e.Directives, e.Values, false);
                break;
            case GraphQLEnumTypeExtension e:
                ReadEnum(e.Name.StringValue, null, e.Directives, e.Values, true);
                break;
            case GraphQLInputObjectTypeDefinition io:
                ReadInput(io.Name.StringValue, io.Description, io.Directives, io.Fields, false);
                break;
            case GraphQLInputObjectTypeExtension io:
                ReadInput(io.Name.StringValue, null, io.Directives, io.Fields, true);
                break;
            case GraphQLScalarTypeDefinition s:
                ReadScalar(s.Name.StringValue, s.Description, s.Directives, false);
                break;
            case GraphQLScalarTypeExtension s:
                ReadScalar(s.Name.StringValue, null, s.Directives, true);
                break;
            case GraphQLOperationDefinition or GraphQLFragmentDefinition:
                Error("INVALID_GRAPHQL", "Subgraph SDL must only contain type system definitions: remove operations and fragments.");
                break;
        }
    }

    private SgType? GetType(string rawName, TypeKind kind, bool extension)
    {
        if (IsStrippedType(rawName))
        {
            return null;
        }

        var name = Rename(rawName);
        if (_sg.Types.TryGetValue(name, out var t))
        {
            if (t.Kind != kind)
            {
                Error("INVALID_GRAPHQL", $"Type \"{name}\" is defined both as {KindName(t.Kind)} and {KindName(kind)}: use a single kind.", name);
                return null;
            }
        }
        else
        {
            t = new SgType { Name = name, Kind = kind };
            _sg.Types[name] = t;
            _sg.TypeOrder.Add(name);
        }

        if (extension)
        {
            t.HasExtension = true;
        }
        else
        {
            if (t.HasDefinition)
            {
                Error("INVALID_GRAPHQL", $"There can be only one type named \"{name}\": merge the definitions or use `extend type`.", name);
            }

            t.HasDefinition = true;
        }

        return t;
    }

    internal static string KindName(TypeKind k) => k switch
    {
        TypeKind.Object => "Object Type",
        TypeKind.Interface => "Interface Type",
        TypeKind.Union => "Union Type",
        TypeKind.Enum => "Enum Type",
        TypeKind.InputObject => "Input Object Type",
        _ => "Scalar Type",
    };

    private static string? Desc(GraphQLDescription? d) => d?.Value.ToString();

    /// <summary>Applies the generic directives (tag, inaccessible, deprecated, composed ones); returns the federation ones for the caller.</summary>
    private List<(string Fed, GraphQLDirective D)> Common(GraphQLDirectives? dirs, string coordinate, List<string> tags, Action setInaccessible, Action<string> setDeprecated, List<DirectiveUse> custom)
    {
        var fed = new List<(string, GraphQLDirective)>();
        if (dirs is null)
        {
            return fed;
        }

        foreach (var d in dirs.Items)
        {
            var name = d.Name.StringValue;
            var f = Fed(d);
            if (f == "tag")
            {
                var tn = StringArg(d, "name");
                if (tn is not null && !tags.Contains(tn))
                {
                    tags.Add(tn);
                }
            }
            else if (f == "inaccessible")
            {
                setInaccessible();
            }
            else if (f is not null)
            {
                fed.Add((f, d));
            }
            else if (name == "deprecated")
            {
                setDeprecated(StringArg(d, "reason") ?? "No longer supported");
            }
            else if (BuiltInDirectives.Contains(name) || _linkNames.Contains(name))
            {
                fed.Add((name, d));
            }
            else if (_composed.Contains(name))
            {
                custom.Add(new DirectiveUse(name, Printer.Print(d)));
            }
            else if (!_definedDirectives.Contains(name))
            {
                Error("INVALID_GRAPHQL", $"Unknown directive \"@{name}\" on \"{coordinate}\": define it in the subgraph, import it with @link, or remove it.", coordinate);
            }
        }

        return fed;
    }

    private void ReadComposite(string rawName, TypeKind kind, GraphQLDescription? desc, GraphQLDirectives? dirs, GraphQLImplementsInterfaces? itfs, GraphQLFieldsDefinition? fields, bool extension)
    {
        var t = GetType(rawName, kind, extension);
        if (t is null)
        {
            return;
        }

        t.Description ??= Desc(desc);
        var typeExternal = false;
        foreach (var (f, d) in Common(dirs, t.Name, t.Tags, () => t.Inaccessible = true, _ => { }, t.Custom))
        {
            switch (f)
            {
                case "key":
                    var fieldsArg = StringArg(d, "fields");
                    if (fieldsArg is null)
                    {
                        Error("KEY_INVALID_FIELDS", $"@key on \"{t.Name}\" has no \"fields\" string argument: write @key(fields: \"id\").", t.Name);
                        break;
                    }

                    var resolvable = Arg(d, "resolvable") is not GraphQLBooleanValue { BoolValue: false };
                    t.Keys.Add(new KeyDef(fieldsArg, resolvable, extension));
                    break;
                case "shareable":
                    t.Shareable = true;
                    break;
                case "extends":
                    t.Extends = true;
                    break;
                case "interfaceObject":
                    t.InterfaceObject = true;
                    break;
                case "external":
                    // @external on a type applies to every field it declares here.
                    typeExternal = true;
                    break;
            }
        }

        if (itfs is not null)
        {
            foreach (var i in itfs.Items)
            {
                var n = Rename(i.Name.StringValue);
                if (!t.Interfaces.Contains(n))
                {
                    t.Interfaces.Add(n);
                }
            }
        }

        if (fields is null)
        {
            return;
        }

        foreach (var fd in fields.Items)
        {
            var name = fd.Name.StringValue;
            if (t.Field(name) is not null)
            {
                Error("INVALID_GRAPHQL", $"Field \"{t.Name}.{name}\" can only be defined once: remove the duplicate.", $"{t.Name}.{name}");
                continue;
            }

            var field = new SgField { Name = name, Type = TypeText(fd.Type), Description = Desc(fd.Description), External = typeExternal };
            var coord = $"{t.Name}.{name}";
            foreach (var (f, d) in Common(fd.Directives, coord, field.Tags, () => field.Inaccessible = true, r => field.Deprecated = r, field.Custom))
            {
                switch (f)
                {
                    case "shareable": field.Shareable = true; break;
                    case "external": field.External = true; break;
                    case "requires": field.Requires = StringArg(d, "fields"); break;
                    case "provides": field.Provides = StringArg(d, "fields"); break;
                    case "override":
                        field.Override = StringArg(d, "from");
                        field.OverrideLabel = StringArg(d, "label");
                        break;
                }
            }

            if (fd.Arguments is not null)
            {
                foreach (var a in fd.Arguments.Items)
                {
                    field.Args.Add(ReadInputValue(a, $"{coord}({a.Name.StringValue}:)"));
                }
            }

            t.Fields.Add(field);
        }
    }

    private SgInputValue ReadInputValue(GraphQLInputValueDefinition a, string coord)
    {
        var v = new SgInputValue
        {
            Name = a.Name.StringValue,
            Type = TypeText(a.Type),
            Description = Desc(a.Description),
            DefaultValue = a.DefaultValue is null ? null : Printer.Print(a.DefaultValue),
        };
        Common(a.Directives, coord, v.Tags, () => v.Inaccessible = true, r => v.Deprecated = r, v.Custom);
        return v;
    }

    private void ReadUnion(string rawName, GraphQLDescription? desc, GraphQLDirectives? dirs, GraphQLUnionMemberTypes? types, bool extension)
    {
        var t = GetType(rawName, TypeKind.Union, extension);
        if (t is null)
        {
            return;
        }

        t.Description ??= Desc(desc);
        Common(dirs, t.Name, t.Tags, () => t.Inaccessible = true, _ => { }, t.Custom);
        if (types is not null)
        {
            foreach (var m in types.Items)
            {
                var n = Rename(m.Name.StringValue);
                if (!t.Members.Contains(n))
                {
                    t.Members.Add(n);
                }
            }
        }
    }

    private void ReadEnum(string rawName, GraphQLDescription? desc, GraphQLDirectives? dirs, GraphQLEnumValuesDefinition? values, bool extension)
    {
        var t = GetType(rawName, TypeKind.Enum, extension);
        if (t is null)
        {
            return;
        }

        t.Description ??= Desc(desc);
        Common(dirs, t.Name, t.Tags, () => t.Inaccessible = true, _ => { }, t.Custom);
        if (values is not null)
        {
            foreach (var v in values.Items)
            {
                var ev = new SgEnumValue { Name = v.EnumValue.Name.StringValue, Description = Desc(v.Description) };
                Common(v.Directives, $"{t.Name}.{ev.Name}", ev.Tags, () => ev.Inaccessible = true, r => ev.Deprecated = r, ev.Custom);
                t.EnumValues.Add(ev);
            }
        }
    }

    private void ReadInput(string rawName, GraphQLDescription? desc, GraphQLDirectives? dirs, GraphQLInputFieldsDefinition? fields, bool extension)
    {
        var t = GetType(rawName, TypeKind.InputObject, extension);
        if (t is null)
        {
            return;
        }

        t.Description ??= Desc(desc);
        foreach (var (f, _) in Common(dirs, t.Name, t.Tags, () => t.Inaccessible = true, _ => { }, t.Custom))
        {
            if (f == "oneOf")
            {
                t.OneOf = true;
            }
        }

        if (fields is not null)
        {
            foreach (var f in fields.Items)
            {
                t.InputFields.Add(ReadInputValue(f, $"{t.Name}.{f.Name.StringValue}"));
            }
        }
    }

    private void ReadScalar(string rawName, GraphQLDescription? desc, GraphQLDirectives? dirs, bool extension)
    {
        if (BuiltInScalars.Contains(rawName))
        {
            return;
        }

        var t = GetType(rawName, TypeKind.Scalar, extension);
        if (t is null)
        {
            return;
        }

        t.Description ??= Desc(desc);
        foreach (var (f, d) in Common(dirs, t.Name, t.Tags, () => t.Inaccessible = true, _ => { }, t.Custom))
        {
            if (f == "specifiedBy")
            {
                t.SpecifiedBy = StringArg(d, "url");
            }
        }
    }

    private bool TypeExists(string named) => BuiltInScalars.Contains(named) || _sg.Types.ContainsKey(named);

    private void CheckTypeReferences()
    {
        foreach (var t in _sg.Types.Values)
        {
            foreach (var f in t.Fields)
            {
                CheckRef(f.Type, $"{t.Name}.{f.Name}", output: true);
                foreach (var a in f.Args)
                {
                    CheckRef(a.Type, $"{t.Name}.{f.Name}({a.Name}:)", output: false);
                }
            }

            foreach (var f in t.InputFields)
            {
                CheckRef(f.Type, $"{t.Name}.{f.Name}", output: false);
            }

            foreach (var i in t.Interfaces)
            {
                if (_sg.Type(i) is not { Kind: TypeKind.Interface } && !(_sg.Type(i) is { InterfaceObject: true }))
                {
                    Error("INVALID_GRAPHQL", $"Type \"{t.Name}\" implements \"{i}\", which is not an interface defined in this subgraph: define interface {i}.", t.Name);
                }
            }

            foreach (var m in t.Members)
            {
                if (_sg.Type(m) is not { Kind: TypeKind.Object })
                {
                    Error("INVALID_GRAPHQL", $"Union \"{t.Name}\" member \"{m}\" is not an object type defined in this subgraph: define type {m}.", t.Name);
                }
            }

            if (t.Kind is TypeKind.Object or TypeKind.Interface && t.Fields.Count == 0 && !(t.Name == "Query"))
            {
                Error("INVALID_GRAPHQL", $"Type \"{t.Name}\" must define one or more fields.", t.Name);
            }
        }
    }

    private void CheckRef(string type, string coord, bool output)
    {
        var named = TypeRefs.Named(type);
        if (!TypeExists(named))
        {
            Error("INVALID_GRAPHQL", $"Unknown type \"{named}\" used by \"{coord}\": define it in this subgraph.", coord);
            return;
        }

        var k = _sg.Type(named)?.Kind ?? TypeKind.Scalar;
        if (output && k == TypeKind.InputObject)
        {
            Error("INVALID_GRAPHQL", $"The type of \"{coord}\" must be an output type but got \"{type}\".", coord);
        }
        else if (!output && k is TypeKind.Object or TypeKind.Interface or TypeKind.Union)
        {
            Error("INVALID_GRAPHQL", $"The type of \"{coord}\" must be an input type but got \"{type}\".", coord);
        }
    }

    /// <summary>Federation 1 → 2 as the reference does it: `extend type` keys become plain keys.</summary>
    private void UpgradeFed1()
    {
        foreach (var t in _sg.Types.Values)
        {
            // Fed 1 `extend type` without @extends is upgraded to a plain definition by the reference.
            for (int i = 0; i < t.Keys.Count; i++)
            {
                t.Keys[i] = t.Keys[i] with { Extension = false };
            }
        }

        // The external key fields of type extensions are handled by RemoveFakeExternals, which runs for every subgraph.
    }

    /// <summary>@external on the key fields of a type extension (`extend type` or @extends) is "fake": the reference
    /// treats those fields as resolved by the subgraph (it always has the key of the entities it returns).</summary>
    private void RemoveFakeExternals()
    {
        foreach (var t in _sg.Types.Values)
        {
            if (t.Kind != TypeKind.Object || t.Keys.Count == 0 || !(t.Extends || (t.HasExtension && !t.HasDefinition)))
            {
                continue;
            }

            foreach (var k in t.Keys)
            {
                foreach (var n in FieldSet.TryParse(k.Fields, out _) ?? [])
                {
                    if (t.Field(n.Name) is { External: true } f)
                    {
                        f.External = false;
                    }
                }
            }
        }
    }

    private void ValidateFederationDirectives()
    {
        foreach (var t in _sg.Types.Values)
        {
            foreach (var k in t.Keys)
            {
                var sel = FieldSet.TryParse(k.Fields, out var err);
                if (sel is null)
                {
                    Error("KEY_INVALID_FIELDS", $"On type \"{t.Name}\", for @key(fields: \"{k.Fields}\"): {err}. Write a valid selection of the type's fields.", t.Name);
                    continue;
                }

                ValidateSelection(t, sel, "KEY", $"@key(fields: \"{k.Fields}\")", t.Name, allowExternal: true, requireExternal: false, top: true);
            }

            foreach (var f in t.Fields)
            {
                var coord = $"{t.Name}.{f.Name}";
                if (f.Requires is not null)
                {
                    var sel = FieldSet.TryParse(f.Requires, out var err);
                    if (sel is null)
                    {
                        Error("REQUIRES_INVALID_FIELDS", $"On field \"{coord}\", for @requires(fields: \"{f.Requires}\"): {err}.", coord);
                    }
                    else
                    {
                        ValidateSelection(t, sel, "REQUIRES", $"@requires(fields: \"{f.Requires}\")", coord, allowExternal: true, requireExternal: _sg.IsFed2, top: true);
                    }
                }

                if (f.Provides is not null)
                {
                    var target = _sg.Type(TypeRefs.Named(f.Type));
                    if (target is null || target.Kind is not (TypeKind.Object or TypeKind.Interface or TypeKind.Union))
                    {
                        Error("PROVIDES_ON_NON_OBJECT_FIELD", $"Invalid @provides directive on field \"{coord}\": field has type \"{f.Type}\" which is not a Composite Type. Remove @provides or make the field return an object type.", coord);
                    }
                    else
                    {
                        var sel = FieldSet.TryParse(f.Provides, out var err);
                        if (sel is null)
                        {
                            Error("PROVIDES_INVALID_FIELDS", $"On field \"{coord}\", for @provides(fields: \"{f.Provides}\"): {err}.", coord);
                        }
                        else
                        {
                            ValidateSelection(target, sel, "PROVIDES", $"@provides(fields: \"{f.Provides}\")", coord, allowExternal: true, requireExternal: _sg.IsFed2, top: true);
                            foreach (var n in sel)
                            {
                                _sg.ProvidedFields.Add($"{target.Name}.{n.Name}");
                            }
                        }
                    }
                }
            }
        }

        if (_sg.IsFed2)
        {
            foreach (var t in _sg.Types.Values)
            {
                foreach (var f in t.Fields)
                {
                    var coord = $"{t.Name}.{f.Name}";
                    if (f.External && !_sg.UsedExternals.Contains(coord) && !t.InterfaceObject
                        && !t.Interfaces.Any(i => _sg.Type(i)?.Field(f.Name) is not null)
                        && !t.Keys.Any(k => FieldSet.TryParse(k.Fields, out _)?.Any(n => n.Name == f.Name) == true))
                    {
                        Error("EXTERNAL_UNUSED", $"Field \"{coord}\" is marked @external but is not used in any federation directive (@key, @provides, @requires) or to satisfy an interface; the field declaration has no use and should be removed (or the field should not be @external).", coord);
                    }
                }
            }
        }
    }

    private void ValidateSelection(SgType parent, List<FsNode> sel, string kind, string directive, string coord, bool allowExternal, bool requireExternal, bool top)
    {
        foreach (var n in sel)
        {
            if (n.Name == "...")
            {
                var cond = n.TypeCondition is null ? null : _sg.Type(n.TypeCondition);
                if (cond is null)
                {
                    Error($"{kind}_INVALID_FIELDS", $"On \"{coord}\", for {directive}: unknown type condition \"{n.TypeCondition}\".", coord);
                    continue;
                }

                ValidateSelection(cond, n.Children, kind, directive, coord, allowExternal, requireExternal, top);
                continue;
            }

            if (n.Name == "__typename")
            {
                continue;
            }

            var f = parent.Field(n.Name);
            if (f is null)
            {
                Error($"{kind}_INVALID_FIELDS", $"On \"{coord}\", for {directive}: Cannot query field \"{n.Name}\" on type \"{parent.Name}\" (the field is not defined in this subgraph). Add the field (as @external if another subgraph resolves it) or fix the selection.", coord);
                continue;
            }

            var fcoord = $"{parent.Name}.{f.Name}";
            if (f.External)
            {
                _sg.UsedExternals.Add(fcoord);
            }

            if (kind == "KEY" && f.Args.Count > 0)
            {
                Error("KEY_FIELDS_HAS_ARGS", $"On type \"{coord}\", for {directive}: field {fcoord} cannot be included because it has arguments (fields with arguments are not allowed in @key).", coord);
            }

            var targetType = _sg.Type(TypeRefs.Named(f.Type));
            if (kind == "KEY" && targetType?.Kind is TypeKind.Interface or TypeKind.Union)
            {
                Error("KEY_FIELDS_SELECT_INVALID_TYPE", $"On type \"{coord}\", for {directive}: field \"{fcoord}\" is a {(TypeRefs.IsList(f.Type) ? "List" : KindName(targetType!.Kind))} type which is not allowed in @key. Use scalar, enum or object fields only.", coord);
                continue;
            }

            var selectsSubfields = n.Children.Count > 0;
            if (requireExternal && top && !f.External && !selectsSubfields)
            {
                var code = kind == "REQUIRES" ? "REQUIRES_FIELDS_MISSING_EXTERNAL" : "PROVIDES_FIELDS_MISSING_EXTERNAL";
                Error(code, $"On field \"{coord}\", for {directive}: field \"{fcoord}\" should not be part of a {(kind == "REQUIRES" ? "@requires" : "@provides")} since it is already {(kind == "REQUIRES" ? "" : "provided by this subgraph (it is not marked @external)")}{(kind == "REQUIRES" ? "provided by this subgraph (it is not marked @external)" : "")}. Mark it @external or remove it from the selection.", coord);
            }

            bool composite = targetType?.Kind is TypeKind.Object or TypeKind.Interface or TypeKind.Union;
            if (composite && n.Children.Count == 0)
            {
                Error($"{kind}_INVALID_FIELDS", $"On \"{coord}\", for {directive}: field \"{fcoord}\" of composite type \"{f.Type}\" needs a selection of subfields.", coord);
            }
            else if (!composite && n.Children.Count > 0)
            {
                Error($"{kind}_INVALID_FIELDS", $"On \"{coord}\", for {directive}: field \"{fcoord}\" of leaf type \"{f.Type}\" cannot have a selection of subfields.", coord);
            }
            else if (composite && targetType is not null)
            {
                // Under a field this subgraph resolves itself, the selected subfields are the ones that must be
                // external (e.g. @requires(fields: "comments { authorId }") with only authorId external).
                // Under a field this subgraph resolves itself (e.g. @requires(fields: "comments { authorId }")), the
                // subfields may mix local fields (keys) and external ones.
                ValidateSelection(targetType, n.Children, kind, directive, coord, allowExternal, requireExternal && kind == "REQUIRES" && f.External, top: false);
            }
        }
    }
}
