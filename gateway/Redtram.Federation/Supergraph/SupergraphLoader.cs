using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Supergraph;

/// <summary>
/// Loads a supergraph SDL produced by Apollo Federation composition (Federation 2 with <c>@link</c> to join
/// v0.2–v0.5, or Federation 1 with <c>@core</c> and join v0.1). Every problem found is reported at once.
/// </summary>
public static class SupergraphLoader
{
    public static SupergraphDefinition Load(string sdl)
    {
        GraphQLDocument doc;
        try
        {
            doc = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException ex)
        {
            throw new SupergraphException([$"The supergraph is not valid GraphQL: {ex.Description} (line {ex.Location.Line}, column {ex.Location.Column})."]);
        }

        var problems = new List<string>();
        var specs = ReadSpecs(doc, problems);
        GraphSchema full;
        try
        {
            full = SchemaBuilder.Build(doc);
        }
        catch (SchemaException ex)
        {
            problems.AddRange(ex.Problems);
            throw new SupergraphException(problems);
        }

        var join = specs.JoinPrefix;
        var graphEnum = full.GetType(join + "__Graph");
        var subgraphs = new List<SubgraphInfo>();
        var byEnum = new Dictionary<string, string>(StringComparer.Ordinal);
        if (graphEnum is null || graphEnum.Kind != TypeKind.Enum)
        {
            problems.Add($"The supergraph has no '{join}__Graph' enum: it is not a composed supergraph.");
        }
        else
        {
            foreach (var v in graphEnum.EnumValues)
            {
                var d = v.Directives.FirstOrDefault(x => x.Name == join + "__graph");
                if (d is null)
                {
                    problems.Add($"The graph '{v.Name}' has no @{join}__graph directive.");
                    continue;
                }

                var name = Str(d, "name") ?? v.Name;
                var url = Str(d, "url");
                subgraphs.Add(new SubgraphInfo(name, v.Name, string.IsNullOrEmpty(url) ? null : url));
                byEnum[v.Name] = name;
            }
        }

        string G(string enumValue, string where)
        {
            if (byEnum.TryGetValue(enumValue, out var n))
            {
                return n;
            }

            problems.Add($"{where} names the graph '{enumValue}', which the {join}__Graph enum does not define.");
            return enumValue;
        }

        var typeJoins = new Dictionary<string, IReadOnlyList<JoinType>>(StringComparer.Ordinal);
        var fieldJoins = new Dictionary<(string, string), IReadOnlyList<JoinField>>();
        var implements = new Dictionary<string, IReadOnlyList<(string Graph, string Interface)>>(StringComparer.Ordinal);
        var unionMembers = new Dictionary<string, IReadOnlyList<(string Graph, string Member)>>(StringComparer.Ordinal);
        var enumValues = new Dictionary<(string, string), IReadOnlyList<string>>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var t in full.TypeList)
        {
            if (IsSpecType(t.Name, specs))
            {
                continue;
            }

            var tj = new List<JoinType>();
            var impl = new List<(string, string)>();
            var members = new List<(string, string)>();
            foreach (var d in t.Directives)
            {
                if (d.Name == join + "__type")
                {
                    var graph = EnumArg(d, "graph");
                    if (graph is null)
                    {
                        problems.Add($"@{join}__type on '{t.Name}' has no graph.");
                        continue;
                    }

                    tj.Add(new JoinType(G(graph, $"@{join}__type on '{t.Name}'"), Str(d, "key"), Bool(d, "extension", false), Bool(d, "resolvable", true), Bool(d, "isInterfaceObject", false)));
                }
                else if (d.Name == join + "__owner")
                {
                    var graph = EnumArg(d, "graph");
                    if (graph is not null)
                    {
                        owners[t.Name] = G(graph, $"@{join}__owner on '{t.Name}'");
                    }
                }
                else if (d.Name == join + "__implements")
                {
                    var graph = EnumArg(d, "graph");
                    var iface = Str(d, "interface");
                    if (graph is not null && iface is not null)
                    {
                        impl.Add((G(graph, $"@{join}__implements on '{t.Name}'"), iface));
                    }
                }
                else if (d.Name == join + "__unionMember")
                {
                    var graph = EnumArg(d, "graph");
                    var member = Str(d, "member");
                    if (graph is not null && member is not null)
                    {
                        members.Add((G(graph, $"@{join}__unionMember on '{t.Name}'"), member));
                    }
                }
            }

            if (tj.Count > 0)
            {
                typeJoins[t.Name] = tj;
            }

            if (impl.Count > 0)
            {
                implements[t.Name] = impl;
            }

            if (members.Count > 0)
            {
                unionMembers[t.Name] = members;
            }

            foreach (var f in t.FieldList)
            {
                var fj = new List<JoinField>();
                foreach (var d in f.Directives)
                {
                    if (d.Name != join + "__field")
                    {
                        continue;
                    }

                    var graph = EnumArg(d, "graph");
                    fj.Add(new JoinField(
                        graph is null ? null : G(graph, $"@{join}__field on '{t.Name}.{f.Name}'"),
                        Str(d, "requires"),
                        Str(d, "provides"),
                        Str(d, "type"),
                        Bool(d, "external", false),
                        Str(d, "override"),
                        Bool(d, "usedOverridden", false),
                        Str(d, "overrideLabel")));
                }

                if (fj.Count > 0)
                {
                    fieldJoins[(t.Name, f.Name)] = fj;
                }
            }

            foreach (var v in t.EnumValues)
            {
                var graphs = new List<string>();
                foreach (var d in v.Directives)
                {
                    if (d.Name == join + "__enumValue" && EnumArg(d, "graph") is { } g)
                    {
                        graphs.Add(G(g, $"@{join}__enumValue on '{t.Name}.{v.Name}'"));
                    }
                }

                if (graphs.Count > 0)
                {
                    enumValues[(t.Name, v.Name)] = graphs;
                }
            }
        }

        if (subgraphs.Count == 0 && problems.Count == 0)
        {
            problems.Add("The supergraph defines no subgraphs.");
        }

        var api = ApiSchemaBuilder.Build(full, specs, problems);
        if (problems.Count > 0)
        {
            throw new SupergraphException(problems);
        }

        return new SupergraphDefinition(full, api!, subgraphs, specs, typeJoins, fieldJoins, implements, unionMembers, enumValues, owners);
    }

    internal static bool IsSpecType(string name, SpecInfo specs) =>
        name.StartsWith(specs.JoinPrefix + "__", StringComparison.Ordinal)
        || name.StartsWith(specs.LinkPrefix + "__", StringComparison.Ordinal)
        || name.StartsWith("core__", StringComparison.Ordinal)
        || name.StartsWith("link__", StringComparison.Ordinal)
        || name.StartsWith("join__", StringComparison.Ordinal);

    private static SpecInfo ReadSpecs(GraphQLDocument doc, List<string> problems)
    {
        var joinPrefix = "join";
        var linkPrefix = "link";
        var inaccessible = "inaccessible";
        var joinVersion = "";
        var fed1 = false;
        var found = false;
        var other = new List<(string Url, string Name)>();
        foreach (var def in doc.Definitions)
        {
            GraphQLDirectives? dirs = def switch
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
                var dname = d.Name.StringValue;
                if (dname is not ("link" or "core"))
                {
                    continue;
                }

                var url = d.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue is "url" or "feature")?.Value is GraphQLStringValue u ? u.Value.ToString() : null;
                var alias = d.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "as")?.Value is GraphQLStringValue a ? a.Value.ToString() : null;
                if (url is null)
                {
                    continue;
                }

                var (spec, version) = ParseSpecUrl(url);
                found = true;
                switch (spec)
                {
                    case "join":
                        joinPrefix = alias ?? "join";
                        joinVersion = version;
                        if (dname == "core" || version == "v0.1")
                        {
                            fed1 = true;
                        }

                        break;
                    case "link":
                        linkPrefix = alias ?? "link";
                        break;
                    case "inaccessible":
                        inaccessible = alias ?? "inaccessible";
                        break;
                    default:
                        other.Add((url, alias ?? spec));
                        break;
                }
            }
        }

        if (!found)
        {
            problems.Add("The supergraph has no @link (or @core) to the join specification: it is not a composed supergraph.");
        }
        else if (joinVersion.Length == 0)
        {
            problems.Add("The supergraph does not link the join specification (https://specs.apollo.dev/join/v0.x).");
        }
        else if (joinVersion is not ("v0.1" or "v0.2" or "v0.3" or "v0.4" or "v0.5"))
        {
            problems.Add($"The supergraph uses join {joinVersion}; supported are v0.1 to v0.5.");
        }

        return new SpecInfo(joinPrefix, linkPrefix, inaccessible, joinVersion, fed1, other);
    }

    private static (string Spec, string Version) ParseSpecUrl(string url)
    {
        var trimmed = url.TrimEnd('/');
        var parts = trimmed.Split('/');
        if (parts.Length >= 2 && parts[^1].StartsWith('v'))
        {
            return (parts[^2], parts[^1]);
        }

        return (parts[^1], "");
    }

    internal static string? Str(AppliedDirective d, string arg) =>
        d.Arguments.TryGetValue(arg, out var v) && v is GraphQLStringValue s ? s.Value.ToString() : null;

    internal static string? EnumArg(AppliedDirective d, string arg) =>
        d.Arguments.TryGetValue(arg, out var v) ? v switch
        {
            GraphQLEnumValue e => e.Name.StringValue,
            GraphQLStringValue s => s.Value.ToString(),
            _ => null,
        } : null;

    internal static bool Bool(AppliedDirective d, string arg, bool dflt) =>
        d.Arguments.TryGetValue(arg, out var v) && v is GraphQLBooleanValue b ? b.BoolValue : dflt;
}

/// <summary>The specifications a supergraph links, with the names it uses for them.</summary>
public sealed record SpecInfo(string JoinPrefix, string LinkPrefix, string InaccessibleName, string JoinVersion, bool IsFederation1, IReadOnlyList<(string Url, string Name)> OtherLinks);

/// <summary>A supergraph that cannot be loaded; <see cref="Problems"/> lists every problem found.</summary>
public sealed class SupergraphException(IReadOnlyList<string> problems)
    : Exception("The supergraph cannot be loaded:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
