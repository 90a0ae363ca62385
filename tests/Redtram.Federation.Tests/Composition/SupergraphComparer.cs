using System.Text.RegularExpressions;
using GraphQLParser;
using GraphQLParser.AST;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Composition;

/// <summary>Compares two supergraph SDLs semantically: both are flattened into sets of canonical facts
/// (types, fields, arguments, enum values, members, applied directives with sorted arguments, descriptions).</summary>
public static partial class SupergraphComparer
{
    public static (List<string> Missing, List<string> Extra) Diff(string expected, string actual)
    {
        var e = Facts(expected);
        var a = Facts(actual);
        return (e.Except(a).OrderBy(x => x, StringComparer.Ordinal).ToList(), a.Except(e).OrderBy(x => x, StringComparer.Ordinal).ToList());
    }

    public static HashSet<string> Facts(string sdl)
    {
        var doc = Parser.Parse(sdl, new ParserOptions { Ignore = IgnoreOptions.Comments });
        var facts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var def in doc.Definitions)
        {
            switch (def)
            {
                case GraphQLSchemaDefinition s:
                    Dirs(facts, "schema", s.Directives);
                    foreach (var op in s.OperationTypes)
                    {
                        facts.Add($"schema {op.Operation}: {op.Type!.Name.StringValue}");
                    }

                    break;
                case GraphQLDirectiveDefinition d:
                    facts.Add($"directive @{d.Name.StringValue}({string.Join(", ", (d.Arguments?.Items ?? []).Select(Arg).OrderBy(x => x, StringComparer.Ordinal))}){(d.Repeatable ? " repeatable" : string.Empty)} on {string.Join("|", d.Locations.Items.Select(l => l.ToString()).OrderBy(x => x, StringComparer.Ordinal))}");
                    break;
                case GraphQLTypeDefinition t:
                    var n = t.Name.StringValue;
                    facts.Add($"{t.Kind} {n}");
                    Desc(facts, n, t.Description);
                    Dirs(facts, n, (t as IHasDirectivesNode)?.Directives);
                    switch (t)
                    {
                        case GraphQLObjectTypeDefinition o:
                            Interfaces(facts, n, o.Interfaces);
                            Fields(facts, n, o.Fields);
                            break;
                        case GraphQLInterfaceTypeDefinition i:
                            Interfaces(facts, n, i.Interfaces);
                            Fields(facts, n, i.Fields);
                            break;
                        case GraphQLUnionTypeDefinition u:
                            foreach (var m in u.Types?.Items ?? [])
                            {
                                facts.Add($"{n} member {m.Name.StringValue}");
                            }

                            break;
                        case GraphQLEnumTypeDefinition e:
                            foreach (var v in e.Values?.Items ?? [])
                            {
                                var c = $"{n}.{v.Name.StringValue}";
                                facts.Add($"value {c}");
                                Desc(facts, c, v.Description);
                                Dirs(facts, c, v.Directives);
                            }

                            break;
                        case GraphQLInputObjectTypeDefinition io:
                            foreach (var f in io.Fields?.Items ?? [])
                            {
                                var c = $"{n}.{f.Name.StringValue}";
                                facts.Add($"input field {c}: {Arg(f)}");
                                Desc(facts, c, f.Description);
                                Dirs(facts, c, f.Directives);
                            }

                            break;
                    }

                    break;
            }
        }

        return facts;
    }

    private static void Interfaces(HashSet<string> facts, string n, GraphQLImplementsInterfaces? itfs)
    {
        foreach (var i in itfs?.Items ?? [])
        {
            facts.Add($"{n} implements {i.Name.StringValue}");
        }
    }

    private static void Fields(HashSet<string> facts, string n, GraphQLFieldsDefinition? fields)
    {
        foreach (var f in fields?.Items ?? [])
        {
            var c = $"{n}.{f.Name.StringValue}";
            facts.Add($"field {c}: {Printer.TypeText(f.Type)}");
            Desc(facts, c, f.Description);
            Dirs(facts, c, f.Directives);
            foreach (var a in f.Arguments?.Items ?? [])
            {
                var ac = $"{c}({a.Name.StringValue}:)";
                facts.Add($"arg {ac} {Arg(a)}");
                Desc(facts, ac, a.Description);
                Dirs(facts, ac, a.Directives);
            }
        }
    }

    private static string Arg(GraphQLInputValueDefinition a) =>
        $"{a.Name.StringValue}: {Printer.TypeText(a.Type)}{(a.DefaultValue is null ? string.Empty : " = " + Printer.Print(a.DefaultValue))}";

    private static void Desc(HashSet<string> facts, string c, GraphQLDescription? d)
    {
        if (d is not null)
        {
            facts.Add($"{c} description {Ws().Replace(d.Value.ToString().Trim(), " ")}");
        }
    }

    private static void Dirs(HashSet<string> facts, string c, GraphQLDirectives? dirs)
    {
        foreach (var d in dirs?.Items ?? [])
        {
            var args = (d.Arguments?.Items ?? []).Select(a => $"{a.Name.StringValue}: {Normalize(a.Value)}").OrderBy(x => x, StringComparer.Ordinal);
            facts.Add($"{c} @{d.Name.StringValue}({string.Join(", ", args)})");
        }
    }

    private static string Normalize(GraphQLValue v) => v is GraphQLStringValue s ? Printer.Quote(Ws().Replace(s.Value.ToString().Trim(), " ")) : Printer.Print(v);

    [GeneratedRegex("\\s+")]
    private static partial Regex Ws();
}
