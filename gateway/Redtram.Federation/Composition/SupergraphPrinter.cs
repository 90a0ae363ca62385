using System.Text;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

/// <summary>Prints the merged supergraph in the shape @apollo/composition emits (link/join header, join__* definitions).</summary>
internal static class SupergraphPrinter
{
    public static string Print(Supergraph s)
    {
        var all = s.Types.Values.ToList();
        bool anyTag = all.Any(t => t.Tags.Count > 0 || t.Fields.Any(f => f.Tags.Count > 0 || f.Args.Any(a => a.Tags.Count > 0)) || t.InputFields.Any(f => f.Tags.Count > 0) || t.EnumValues.Any(v => v.Tags.Count > 0));
        bool anyInacc = all.Any(t => t.Inaccessible || t.Fields.Any(f => f.Inaccessible || f.Args.Any(a => a.Inaccessible)) || t.InputFields.Any(f => f.Inaccessible) || t.EnumValues.Any(v => v.Inaccessible));
        var v = s.JoinVersion;
        var sb = new StringBuilder();
        sb.Append("schema\n  @link(url: \"https://specs.apollo.dev/link/v1.0\")\n");
        sb.Append($"  @link(url: \"https://specs.apollo.dev/join/v{v}\", for: EXECUTION)\n");
        if (anyTag)
        {
            sb.Append("  @link(url: \"https://specs.apollo.dev/tag/v0.3\")\n");
        }

        if (anyInacc)
        {
            sb.Append("  @link(url: \"https://specs.apollo.dev/inaccessible/v0.2\", for: SECURITY)\n");
        }

        foreach (var (url, import) in s.CustomLinks)
        {
            sb.Append($"  @link(url: {Printer.Quote(url)}{(import is null ? string.Empty : ", import: " + import)})\n");
        }

        sb.Append("{\n  query: Query\n");
        if (s.HasMutation)
        {
            sb.Append("  mutation: Mutation\n");
        }

        if (s.HasSubscription)
        {
            sb.Append("  subscription: Subscription\n");
        }

        sb.Append("}\n\n");
        if (anyInacc)
        {
            sb.Append("directive @inaccessible on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION\n\n");
        }

        if (v != "0.3")
        {
            sb.Append("directive @join__directive(graphs: [join__Graph!], name: String!, args: join__DirectiveArguments) repeatable on SCHEMA | OBJECT | INTERFACE | FIELD_DEFINITION\n\n");
        }

        sb.Append("directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE\n\n");
        sb.Append("directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean");
        if (v != "0.3")
        {
            sb.Append(", overrideLabel: String");
        }

        if (v == "0.5")
        {
            sb.Append(", contextArguments: [join__ContextArgument!]");
        }

        sb.Append(") repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION\n\n");
        sb.Append("directive @join__graph(name: String!, url: String!) on ENUM_VALUE\n\n");
        sb.Append("directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE\n\n");
        sb.Append("directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR\n\n");
        sb.Append("directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION\n\n");
        sb.Append("directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA\n\n");
        if (anyTag)
        {
            sb.Append("directive @tag(name: String!) repeatable on FIELD_DEFINITION | OBJECT | INTERFACE | UNION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | INPUT_OBJECT | INPUT_FIELD_DEFINITION | SCHEMA\n\n");
        }

        foreach (var d in s.CustomDirectiveDefs)
        {
            sb.Append(d).Append("\n\n");
        }

        if (v == "0.5")
        {
            sb.Append("input join__ContextArgument {\n  name: String!\n  type: String!\n  context: String!\n  selection: join__FieldValue!\n}\n\n");
        }

        if (v != "0.3")
        {
            sb.Append("scalar join__DirectiveArguments\n\n");
        }

        sb.Append("scalar join__FieldSet\n\n");
        if (v == "0.5")
        {
            sb.Append("scalar join__FieldValue\n\n");
        }

        sb.Append("enum join__Graph {\n");
        foreach (var (e, name, url) in s.Graphs)
        {
            sb.Append($"  {e} @join__graph(name: {Printer.Quote(name)}, url: {Printer.Quote(url)})\n");
        }

        sb.Append("}\n\nscalar link__Import\n\n");
        sb.Append("enum link__Purpose {\n  \"\"\"\n  `SECURITY` features provide metadata necessary to securely resolve fields.\n  \"\"\"\n  SECURITY\n\n  \"\"\"\n  `EXECUTION` features provide metadata necessary for operation execution.\n  \"\"\"\n  EXECUTION\n}\n\n");

        foreach (var t in all.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            PrintType(sb, t);
            sb.Append('\n');
        }

        return sb.ToString().TrimEnd() + "\n";
    }

    private static void Desc(StringBuilder sb, string? d, string indent)
    {
        if (d is null)
        {
            return;
        }

        sb.Append(indent).Append(Printer.Quote(d)).Append('\n');
    }

    private static string Common(bool inacc, List<string> tags, List<string> custom, string? deprecated)
    {
        var sb = new StringBuilder();
        if (inacc)
        {
            sb.Append(" @inaccessible");
        }

        foreach (var t in tags)
        {
            sb.Append(" @tag(name: ").Append(Printer.Quote(t)).Append(')');
        }

        foreach (var c in custom)
        {
            sb.Append(' ').Append(c);
        }

        if (deprecated is not null)
        {
            sb.Append(deprecated == "No longer supported" ? " @deprecated" : $" @deprecated(reason: {Printer.Quote(deprecated)})");
        }

        return sb.ToString();
    }

    private static void PrintType(StringBuilder sb, MType t)
    {
        Desc(sb, t.Description, string.Empty);
        var kw = t.Kind switch
        {
            TypeKind.Object => "type",
            TypeKind.Interface => "interface",
            TypeKind.Union => "union",
            TypeKind.Enum => "enum",
            TypeKind.InputObject => "input",
            _ => "scalar",
        };
        sb.Append(kw).Append(' ').Append(t.Name);
        if (t.Interfaces.Count > 0)
        {
            sb.Append(" implements ").Append(string.Join(" & ", t.Interfaces));
        }

        var dirs = new List<string>(t.Join);
        var common = Common(t.Inaccessible, t.Tags, t.Custom, null).Trim();
        if (common.Length > 0)
        {
            dirs.Add(common);
        }

        if (t.SpecifiedBy is not null)
        {
            dirs.Add($"@specifiedBy(url: {Printer.Quote(t.SpecifiedBy)})");
        }

        if (t.OneOf)
        {
            dirs.Add("@oneOf");
        }

        foreach (var d in dirs)
        {
            sb.Append("\n  ").Append(d);
        }

        switch (t.Kind)
        {
            case TypeKind.Object:
            case TypeKind.Interface:
                sb.Append("\n{\n");
                foreach (var f in t.Fields)
                {
                    Desc(sb, f.Description, "  ");
                    sb.Append("  ").Append(f.Name);
                    if (f.Args.Count > 0)
                    {
                        sb.Append('(').Append(string.Join(", ", f.Args.Select(PrintArg))).Append(')');
                    }

                    sb.Append(": ").Append(f.Type).Append(Common(f.Inaccessible, f.Tags, f.Custom, null));
                    foreach (var j in f.Join)
                    {
                        sb.Append(' ').Append(j);
                    }

                    if (f.Deprecated is not null)
                    {
                        sb.Append(Common(false, [], [], f.Deprecated));
                    }

                    sb.Append('\n');
                }

                sb.Append("}\n");
                break;
            case TypeKind.Union:
                sb.Append("\n = ").Append(string.Join(" | ", t.Members)).Append('\n');
                break;
            case TypeKind.Enum:
                sb.Append("\n{\n");
                foreach (var ev in t.EnumValues)
                {
                    Desc(sb, ev.Description, "  ");
                    sb.Append("  ").Append(ev.Name).Append(Common(ev.Inaccessible, ev.Tags, ev.Custom, null));
                    foreach (var j in ev.Join)
                    {
                        sb.Append(' ').Append(j);
                    }

                    sb.Append(Common(false, [], [], ev.Deprecated)).Append('\n');
                }

                sb.Append("}\n");
                break;
            case TypeKind.InputObject:
                sb.Append("\n{\n");
                foreach (var f in t.InputFields)
                {
                    Desc(sb, f.Description, "  ");
                    var a = f.Args[0];
                    sb.Append("  ").Append(f.Name).Append(": ").Append(f.Type);
                    if (a.DefaultValue is not null)
                    {
                        sb.Append(" = ").Append(a.DefaultValue);
                    }

                    sb.Append(Common(f.Inaccessible, f.Tags, f.Custom, null));
                    foreach (var j in f.Join)
                    {
                        sb.Append(' ').Append(j);
                    }

                    sb.Append(Common(false, [], [], f.Deprecated)).Append('\n');
                }

                sb.Append("}\n");
                break;
            default:
                sb.Append('\n');
                break;
        }
    }

    private static string PrintArg(SgInputValue a)
    {
        var s = (a.Description is null ? string.Empty : Printer.Quote(a.Description) + " ") + a.Name + ": " + a.Type;
        if (a.DefaultValue is not null)
        {
            s += " = " + a.DefaultValue;
        }

        return s + Common(a.Inaccessible, a.Tags, a.Custom.Select(c => c.Printed).ToList(), a.Deprecated);
    }
}
