using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using GraphQLParser.AST;

namespace Redtram.Federation.Validation;

/// <summary>Printing of AST values, structural value equality and "did you mean" suggestions (graphql-js style).</summary>
internal static class ValidationText
{
    private const int MaxSuggestions = 5;

    /// <summary>Prints a value literal the way graphql-js <c>print</c> does.</summary>
    public static string Print(GraphQLValue value) => Operations.ValuePrinter.Print(value);

    public static void Print(StringBuilder sb, GraphQLValue value) => Operations.ValuePrinter.Write(sb, value);

    public static void AppendQuoted(StringBuilder sb, ReadOnlySpan<char> s) => Operations.ValuePrinter.WriteString(sb, s);

    /// <summary>Structural equality of two value literals (used to compare field arguments).</summary>
    public static bool ValueEquals(GraphQLValue? a, GraphQLValue? b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        if (a is null || b is null || a.Kind != b.Kind)
        {
            return false;
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return false;
        }

        switch (a)
        {
            case GraphQLVariable va:
                return va.Name.Value.Span.SequenceEqual(((GraphQLVariable)b).Name.Value.Span);
            case GraphQLIntValue ia:
                return ia.Value.Span.SequenceEqual(((GraphQLIntValue)b).Value.Span);
            case GraphQLFloatValue fa:
                return fa.Value.Span.SequenceEqual(((GraphQLFloatValue)b).Value.Span);
            case GraphQLStringValue sa:
                return sa.Value.Span.SequenceEqual(((GraphQLStringValue)b).Value.Span);
            case GraphQLBooleanValue ba:
                return ba.BoolValue == ((GraphQLBooleanValue)b).BoolValue;
            case GraphQLNullValue:
                return true;
            case GraphQLEnumValue ea:
                return ea.Name.Value.Span.SequenceEqual(((GraphQLEnumValue)b).Name.Value.Span);
            case GraphQLListValue la:
            {
                var lb = (GraphQLListValue)b;
                var ca = la.Values?.Count ?? 0;
                if (ca != (lb.Values?.Count ?? 0))
                {
                    return false;
                }

                for (var i = 0; i < ca; i++)
                {
                    if (!ValueEquals(la.Values![i], lb.Values![i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            case GraphQLObjectValue oa:
            {
                var ob = (GraphQLObjectValue)b;
                var ca = oa.Fields?.Count ?? 0;
                if (ca != (ob.Fields?.Count ?? 0))
                {
                    return false;
                }

                for (var i = 0; i < ca; i++)
                {
                    var fa = oa.Fields![i];
                    GraphQLObjectField? match = null;
                    foreach (var fb in ob.Fields!)
                    {
                        if (fb.Name.Value.Span.SequenceEqual(fa.Name.Value.Span))
                        {
                            match = fb;
                            break;
                        }
                    }

                    if (match is null || !ValueEquals(fa.Value, match.Value))
                    {
                        return false;
                    }
                }

                return true;
            }

            default:
                return false;
        }
    }

    /// <summary>graphql-js <c>didYouMean</c>: " Did you mean "a", "b", or "c"?" or an empty string.</summary>
    public static string DidYouMean(IReadOnlyList<string> suggestions, string? subMessage = null)
    {
        if (suggestions.Count == 0)
        {
            return string.Empty;
        }

        var sb = new StringBuilder(" Did you mean ");
        if (subMessage is not null)
        {
            sb.Append(subMessage).Append(' ');
        }

        var count = Math.Min(suggestions.Count, MaxSuggestions);
        if (count == 1)
        {
            sb.Append('"').Append(suggestions[0]).Append("\"?");
        }
        else if (count == 2)
        {
            sb.Append('"').Append(suggestions[0]).Append("\" or \"").Append(suggestions[1]).Append("\"?");
        }
        else
        {
            for (var i = 0; i < count - 1; i++)
            {
                sb.Append('"').Append(suggestions[i]).Append("\", ");
            }

            sb.Append("or \"").Append(suggestions[count - 1]).Append("\"?");
        }

        return sb.ToString();
    }

    /// <summary>graphql-js <c>suggestionList</c>: options close to <paramref name="input"/>, closest first.</summary>
    public static List<string> SuggestionList(string input, IEnumerable<string> options)
    {
        var threshold = (int)Math.Floor(input.Length * 0.4) + 1;
        var found = new List<(string Option, int Distance)>();
        var inputLower = input.ToLowerInvariant();
        foreach (var option in options)
        {
            var d = LexicalDistance(input, inputLower, option, threshold);
            if (d <= threshold)
            {
                found.Add((option, d));
            }
        }

        found.Sort((x, y) => x.Distance != y.Distance ? x.Distance.CompareTo(y.Distance) : string.CompareOrdinal(x.Option, y.Option));
        var result = new List<string>(found.Count);
        foreach (var f in found)
        {
            result.Add(f.Option);
        }

        return result;
    }

    private static int LexicalDistance(string a, string aLower, string b, int threshold)
    {
        if (a == b)
        {
            return 0;
        }

        var bLower = b.ToLowerInvariant();
        if (aLower == bLower)
        {
            return 1;
        }

        if (Math.Abs(aLower.Length - bLower.Length) > threshold)
        {
            return threshold + 1;
        }

        // Optimal string alignment distance (Damerau-Levenshtein without repeated edits).
        var n = aLower.Length;
        var m = bLower.Length;
        var prev2 = new int[m + 1];
        var prev = new int[m + 1];
        var cur = new int[m + 1];
        for (var j = 0; j <= m; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= n; i++)
        {
            cur[0] = i;
            var rowMin = cur[0];
            for (var j = 1; j <= m; j++)
            {
                var cost = aLower[i - 1] == bLower[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && aLower[i - 1] == bLower[j - 2] && aLower[i - 2] == bLower[j - 1])
                {
                    v = Math.Min(v, prev2[j - 2] + 1);
                }

                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }

            if (rowMin > threshold)
            {
                return threshold + 1;
            }

            (prev2, prev, cur) = (prev, cur, prev2);
        }

        return prev[m];
    }
}
