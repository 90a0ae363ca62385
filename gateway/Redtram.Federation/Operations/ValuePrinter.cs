using System.Globalization;
using System.Text;
using GraphQLParser.AST;

namespace Redtram.Federation.Operations;

/// <summary>
/// Prints a GraphQL literal value the way graphql-js's printer does (<c>[1, 2]</c>, <c>{a: 1}</c>, <c>"a\"b"</c>),
/// used for <c>__InputValue.defaultValue</c>. Values are printed as written in the SDL (not coerced).
/// </summary>
/// <summary>Prints value literals as graphql-js does; shared by validation messages, introspection and subgraph operations.</summary>
internal static class ValuePrinter
{
    public static string Print(GraphQLValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    public static void Write(StringBuilder sb, GraphQLValue value)
    {
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            sb.Append("...");
            return;
        }

        switch (value)
        {
            case GraphQLIntValue i:
                sb.Append(i.Value.Span);
                break;
            case GraphQLFloatValue f:
                sb.Append(f.Value.Span);
                break;
            case GraphQLStringValue s:
                WriteString(sb, s.Value.Span);
                break;
            case GraphQLBooleanValue b:
                sb.Append(b.BoolValue ? "true" : "false");
                break;
            case GraphQLNullValue:
                sb.Append("null");
                break;
            case GraphQLEnumValue e:
                sb.Append(e.Name.Value.Span);
                break;
            case GraphQLVariable v:
                sb.Append('$').Append(v.Name.Value.Span);
                break;
            case GraphQLListValue l:
                sb.Append('[');
                if (l.Values is not null)
                {
                    for (var n = 0; n < l.Values.Count; n++)
                    {
                        if (n > 0)
                        {
                            sb.Append(", ");
                        }

                        Write(sb, l.Values[n]);
                    }
                }

                sb.Append(']');
                break;
            case GraphQLObjectValue o:
                sb.Append('{');
                if (o.Fields is not null)
                {
                    for (var n = 0; n < o.Fields.Count; n++)
                    {
                        if (n > 0)
                        {
                            sb.Append(", ");
                        }

                        sb.Append(o.Fields[n].Name.Value.Span).Append(": ");
                        Write(sb, o.Fields[n].Value);
                    }
                }

                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException($"Unsupported value node {value.Kind}.");
        }
    }

    /// <summary>Writes a quoted string with graphql-js's escaping (control characters as <c>\uXXXX</c> or short escapes).</summary>
    public static void WriteString(StringBuilder sb, ReadOnlySpan<char> s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
