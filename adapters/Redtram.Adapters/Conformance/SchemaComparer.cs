using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Redtram.Adapters.Conformance;

/// <summary>
/// Semantic comparison of a served subgraph SDL with the canonical one: same types (kind), fields and their types,
/// arguments with types and defaults, input fields, enum values, union members, and the @key of each entity.
/// Federation plumbing (_Service, _Entity, _Any, FieldSet, link__*, federation__*, _service, _entities) is ignored.
/// </summary>
public static class SchemaComparer
{
    private static readonly HashSet<string> FederationTypes = new(StringComparer.Ordinal) { "_Service", "_Entity", "_Any", "FieldSet", "_FieldSet", "link__Import", "link__Purpose", "federation__FieldSet", "federation__Scope", "federation__Policy" };

    public static IReadOnlyList<string> Compare(string canonicalSdl, string servedSdl)
    {
        var problems = new List<string>();
        Dictionary<string, TypeShape> expected, actual;
        try { expected = Shapes(canonicalSdl); }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException e) { return [$"canonical SDL does not parse: {e.Message}"]; }
        try { actual = Shapes(servedSdl); }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException e) { return [$"served SDL does not parse: {e.Message}"]; }
        foreach (var (name, e) in expected)
        {
            if (!actual.TryGetValue(name, out var a))
            {
                problems.Add($"type {name} is missing");
                continue;
            }
            if (a.Kind != e.Kind)
                problems.Add($"type {name} is {a.Kind}, expected {e.Kind}");
            foreach (var (member, sig) in e.Members)
            {
                if (!a.Members.TryGetValue(member, out var got))
                    problems.Add($"{name}.{member} is missing");
                else if (got != sig)
                    problems.Add($"{name}.{member} is `{got}`, expected `{sig}`");
            }
            foreach (var member in a.Members.Keys.Except(e.Members.Keys))
                if (!(name == "Query" && member is "_service" or "_entities"))
                    problems.Add($"{name}.{member} is not in the canonical schema");
            if (e.Keys != a.Keys)
                problems.Add($"type {name} has keys [{a.Keys}], expected [{e.Keys}]");
        }
        foreach (var name in actual.Keys.Except(expected.Keys))
            if (!FederationTypes.Contains(name) && !name.StartsWith("link__", StringComparison.Ordinal) && !name.StartsWith("federation__", StringComparison.Ordinal) && !name.StartsWith("__", StringComparison.Ordinal))
                problems.Add($"type {name} is not in the canonical schema");
        return problems;
    }

    private sealed record TypeShape(string Kind, Dictionary<string, string> Members, string Keys);

    private static Dictionary<string, TypeShape> Shapes(string sdl)
    {
        var doc = GraphQLParser.Parser.Parse(sdl);
        var result = new Dictionary<string, TypeShape>(StringComparer.Ordinal);
        TypeShape Get(string name, string kind)
        {
            if (!result.TryGetValue(name, out var s))
                result[name] = s = new TypeShape(kind, new Dictionary<string, string>(StringComparer.Ordinal), "");
            return s;
        }
        foreach (var def in doc.Definitions)
        {
            switch (def)
            {
                case GraphQLObjectTypeDefinition o:
                    AddObject(Get(o.Name.StringValue, "object"), o.Fields, o.Directives, o.Name.StringValue, result);
                    break;
                case GraphQLObjectTypeExtension o:
                    AddObject(Get(o.Name.StringValue, "object"), o.Fields, o.Directives, o.Name.StringValue, result);
                    break;
                case GraphQLInterfaceTypeDefinition i:
                    AddObject(Get(i.Name.StringValue, "interface"), i.Fields, i.Directives, i.Name.StringValue, result);
                    break;
                case GraphQLInputObjectTypeDefinition i:
                {
                    var s = Get(i.Name.StringValue, "input");
                    foreach (var f in i.Fields?.Items ?? [])
                        s.Members[f.Name.StringValue] = Print(f.Type) + (f.DefaultValue is null ? "" : " = " + Print(f.DefaultValue));
                    break;
                }
                case GraphQLEnumTypeDefinition e:
                {
                    var s = Get(e.Name.StringValue, "enum");
                    foreach (var v in e.Values?.Items ?? [])
                        s.Members[v.Name.StringValue] = "value";
                    break;
                }
                case GraphQLUnionTypeDefinition u:
                {
                    var s = Get(u.Name.StringValue, "union");
                    foreach (var t in u.Types?.Items ?? [])
                        s.Members[t.Name.StringValue] = "member";
                    break;
                }
                case GraphQLScalarTypeDefinition sc:
                    Get(sc.Name.StringValue, "scalar");
                    break;
            }
        }
        return result;
    }

    private static void AddObject(TypeShape s, GraphQLFieldsDefinition? fields, GraphQLDirectives? directives, string name, Dictionary<string, TypeShape> all)
    {
        foreach (var f in fields?.Items ?? [])
        {
            var args = f.Arguments?.Items.Select(a => a.Name.StringValue + ": " + Print(a.Type) + (a.DefaultValue is null ? "" : " = " + Print(a.DefaultValue))) ?? [];
            s.Members[f.Name.StringValue] = $"({string.Join(", ", args)}): {Print(f.Type)}";
        }
        var keys = directives?.Items.Where(d => d.Name.StringValue is "key" or "federation__key")
            .Select(d => d.Arguments?.Items.FirstOrDefault(a => a.Name.StringValue == "fields")?.Value is GraphQLStringValue v ? string.Join(' ', ((string)v.Value).Split(' ', StringSplitOptions.RemoveEmptyEntries)) : "")
            .Order(StringComparer.Ordinal).ToList() ?? [];
        if (keys.Count > 0)
            all[name] = s with { Keys = string.Join(" | ", keys) };
    }

    private static string Print(ASTNode node)
    {
        var writer = new StringWriter();
        new SDLPrinter().PrintAsync(node, writer).AsTask().GetAwaiter().GetResult();
        return string.Join(' ', writer.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }
}
