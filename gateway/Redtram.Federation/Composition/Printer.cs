using System.Text;
using GraphQLParser.AST;

namespace Redtram.Federation.Composition;

/// <summary>Small SDL printer for values, applied directives and directive definitions.</summary>
internal static class Printer
{
    public static string Print(GraphQLValue v) => v switch
    {
        GraphQLStringValue s => Quote(s.Value.ToString()),
        GraphQLIntValue i => i.Value.ToString(),
        GraphQLFloatValue f => f.Value.ToString(),
        GraphQLBooleanValue b => b.BoolValue ? "true" : "false",
        GraphQLNullValue => "null",
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLVariable va => "$" + va.Name.StringValue,
        GraphQLListValue l => "[" + string.Join(", ", (l.Values ?? []).Select(Print)) + "]",
        GraphQLObjectValue o => "{" + string.Join(", ", (o.Fields ?? []).Select(f => f.Name.StringValue + ": " + Print(f.Value))) + "}",
        _ => v.ToString() ?? string.Empty,
    };

    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    public static string Print(GraphQLDirective d)
    {
        var name = "@" + d.Name.StringValue;
        if (d.Arguments is null || d.Arguments.Items.Count == 0)
        {
            return name;
        }

        return name + "(" + string.Join(", ", d.Arguments.Items.Select(a => a.Name.StringValue + ": " + Print(a.Value))) + ")";
    }

    public static string TypeText(GraphQLType t) => t switch
    {
        GraphQLNonNullType nn => TypeText(nn.Type) + "!",
        GraphQLListType l => "[" + TypeText(l.Type) + "]",
        GraphQLNamedType n => n.Name.StringValue,
        _ => string.Empty,
    };

    public static string Print(GraphQLDirectiveDefinition d)
    {
        var sb = new StringBuilder();
        if (d.Description is not null)
        {
            sb.Append(Quote(d.Description.Value.ToString())).Append('\n');
        }

        sb.Append("directive @").Append(d.Name.StringValue);
        if (d.Arguments is not null && d.Arguments.Items.Count > 0)
        {
            sb.Append('(').Append(string.Join(", ", d.Arguments.Items.Select(a => a.Name.StringValue + ": " + TypeText(a.Type) + (a.DefaultValue is null ? string.Empty : " = " + Print(a.DefaultValue))))).Append(')');
        }

        if (d.Repeatable)
        {
            sb.Append(" repeatable");
        }

        sb.Append(" on ").Append(string.Join(" | ", d.Locations.Items.Select(LocationName)));
        return sb.ToString();
    }

    private static string LocationName(DirectiveLocation l)
    {
        var s = l.ToString();
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsUpper(s[i]))
            {
                sb.Append('_');
            }

            sb.Append(char.ToUpperInvariant(s[i]));
        }

        return sb.ToString();
    }
}
