using Redtram.Federation.Schema;

namespace Redtram.Federation.Composition;

internal sealed record KeyDef(string Fields, bool Resolvable, bool Extension);

/// <summary>A non-federation directive application kept for the supergraph (e.g. composed custom directives).</summary>
internal sealed record DirectiveUse(string Name, string Printed);

internal sealed class SgInputValue
{
    public required string Name { get; init; }

    public required string Type { get; set; }

    public string? Description { get; set; }

    public string? DefaultValue { get; set; }

    public string? Deprecated { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<DirectiveUse> Custom { get; } = [];
}

internal sealed class SgField
{
    public required string Name { get; init; }

    public required string Type { get; set; }

    public string? Description { get; set; }

    public List<SgInputValue> Args { get; } = [];

    public string? Deprecated { get; set; }

    public bool Shareable { get; set; }

    public bool External { get; set; }

    public string? Requires { get; set; }

    public string? Provides { get; set; }

    public string? Override { get; set; }

    public string? OverrideLabel { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<DirectiveUse> Custom { get; } = [];
}

internal sealed class SgEnumValue
{
    public required string Name { get; init; }

    public string? Description { get; set; }

    public string? Deprecated { get; set; }

    public bool Inaccessible { get; set; }

    public List<string> Tags { get; } = [];

    public List<DirectiveUse> Custom { get; } = [];
}

internal sealed class SgType
{
    public required string Name { get; set; }

    public required TypeKind Kind { get; set; }

    public string? Description { get; set; }

    public bool HasDefinition { get; set; }

    public bool HasExtension { get; set; }

    public bool Extends { get; set; }

    public List<KeyDef> Keys { get; } = [];

    public bool Shareable { get; set; }

    public bool Inaccessible { get; set; }

    public bool InterfaceObject { get; set; }

    public List<string> Tags { get; } = [];

    public List<DirectiveUse> Custom { get; } = [];

    public List<SgField> Fields { get; } = [];

    public List<string> Interfaces { get; } = [];

    public List<string> Members { get; } = [];

    public List<SgEnumValue> EnumValues { get; } = [];

    public List<SgInputValue> InputFields { get; } = [];

    public string? SpecifiedBy { get; set; }

    public bool OneOf { get; set; }

    public SgField? Field(string name) => Fields.Find(f => f.Name == name);

    public bool IsEntity => Keys.Count > 0;
}

internal sealed class Subgraph
{
    public required string Name { get; init; }

    public required string Url { get; init; }

    public bool IsFed2 { get; set; }

    /// <summary>Federation version linked (e.g. 2.3); null for Federation 1 subgraphs.</summary>
    public Version? FedVersion { get; set; }

    public Dictionary<string, SgType> Types { get; } = new(StringComparer.Ordinal);

    public List<string> TypeOrder { get; } = [];

    /// <summary>Custom directive definitions to compose (@composeDirective), by name, printed.</summary>
    public Dictionary<string, string> ComposedDirectiveDefs { get; } = new(StringComparer.Ordinal);

    /// <summary>@link urls of specs of composed directives (url → printed import list).</summary>
    public List<(string Url, string? Import)> ComposedLinks { get; } = [];

    public SgType? Type(string name) => Types.TryGetValue(name, out var t) ? t : null;

    /// <summary>True if the field is in one of the @key selections of its type (top level) in this subgraph.</summary>
    public bool IsKeyField(SgType type, string field)
    {
        foreach (var k in type.Keys)
        {
            var sel = FieldSet.TryParse(k.Fields, out _);
            if (sel is not null && sel.Any(n => n.Name == field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Fields that some @provides of this subgraph selects, as "Type.field".</summary>
    public HashSet<string> ProvidedFields { get; } = new(StringComparer.Ordinal);

    /// <summary>External fields that are used by @key/@requires/@provides (so not "unused").</summary>
    public HashSet<string> UsedExternals { get; } = new(StringComparer.Ordinal);

    public bool IsShareable(SgType type, SgField field) =>
        !IsFed2 || field.Shareable || type.Shareable || IsKeyField(type, field.Name) || NestedKeyFields.Contains(type.Name + "." + field.Name)
        || ProvidedFields.Contains(type.Name + "." + field.Name);

    private HashSet<string>? _nestedKeyFields;

    /// <summary>"Type.field" of fields selected inside the key of some entity (e.g. <c>one</c> in <c>@key(fields: "id { one }")</c>): shareable like key fields.</summary>
    private HashSet<string> NestedKeyFields => _nestedKeyFields ??= CollectNestedKeyFields();

    private HashSet<string> CollectNestedKeyFields()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in Types.Values)
        {
            foreach (var k in t.Keys)
            {
                if (FieldSet.TryParse(k.Fields, out _) is { } sel)
                {
                    Walk(t, sel, 0);
                }
            }
        }

        return result;

        void Walk(SgType parent, List<FsNode> nodes, int depth)
        {
            foreach (var n in nodes)
            {
                if (n.Children.Count == 0 || depth > 16 || parent.Field(n.Name) is not { } f || Type(TypeRefs.Named(f.Type)) is not { } child)
                {
                    continue;
                }

                foreach (var c in n.Children)
                {
                    result.Add(child.Name + "." + c.Name);
                }

                Walk(child, n.Children, depth + 1);
            }
        }
    }
}

internal static class TypeRefs
{
    public static string Named(string type) => type.Replace("[", string.Empty, StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Replace("!", string.Empty, StringComparison.Ordinal);

    public static bool IsNonNull(string t) => t.EndsWith('!');

    public static string Nullable(string t) => IsNonNull(t) ? t[..^1] : t;

    public static bool IsList(string t) => Nullable(t).StartsWith('[');

    public static string ListItem(string t) => Nullable(t)[1..^1];

    /// <summary>True if <paramref name="sub"/> is a subtype of <paramref name="super"/> (covariant output position).</summary>
    public static bool IsSubtype(string sub, string super, Func<string, string, bool> namedSubtype)
    {
        if (sub == super)
        {
            return true;
        }

        if (IsNonNull(super))
        {
            return IsNonNull(sub) && IsSubtype(sub[..^1], super[..^1], namedSubtype);
        }

        if (IsNonNull(sub))
        {
            return IsSubtype(sub[..^1], super, namedSubtype);
        }

        if (IsList(super))
        {
            return IsList(sub) && IsSubtype(ListItem(sub), ListItem(super), namedSubtype);
        }

        if (IsList(sub))
        {
            return false;
        }

        return namedSubtype(sub, super);
    }
}

internal sealed class FsNode
{
    public required string Name { get; init; }

    public string? TypeCondition { get; init; }

    public List<FsNode> Children { get; } = [];

    public bool HasArguments { get; set; }
}

/// <summary>Parses federation field sets ("id sku pkg { id } ... on T { x }").</summary>
internal static class FieldSet
{
    public static List<FsNode>? TryParse(string text, out string? error)
    {
        error = null;
        var tokens = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (char.IsWhiteSpace(c) || c == ',')
            {
                i++;
            }
            else if (c is '{' or '}' or '(' or ')' or ':')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c == '.' && i + 2 < text.Length && text[i + 1] == '.' && text[i + 2] == '.')
            {
                tokens.Add("...");
                i += 3;
            }
            else if (char.IsLetter(c) || c == '_' || char.IsDigit(c) || c == '"' || c == '$' || c == '@')
            {
                int s = i;
                if (c == '"')
                {
                    i++;
                    while (i < text.Length && text[i] != '"')
                    {
                        i++;
                    }

                    i++;
                }
                else
                {
                    i++;
                    while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                    {
                        i++;
                    }
                }

                tokens.Add(text[s..Math.Min(i, text.Length)]);
            }
            else
            {
                error = $"unexpected character '{c}'";
                return null;
            }
        }

        int pos = 0;
        var result = ParseSet(tokens, ref pos, top: true, ref error);
        if (error is null && pos < tokens.Count)
        {
            error = $"unexpected '{tokens[pos]}'";
        }

        if (error is null && (result is null || result.Count == 0))
        {
            error = "the selection is empty";
        }

        return error is null ? result : null;
    }

    private static List<FsNode>? ParseSet(List<string> t, ref int pos, bool top, ref string? error)
    {
        var list = new List<FsNode>();
        while (pos < t.Count)
        {
            var tok = t[pos];
            if (tok == "}")
            {
                if (top)
                {
                    error = "unbalanced '}'";
                    return null;
                }

                return list;
            }

            if (tok == "...")
            {
                pos++;
                if (pos + 1 < t.Count && t[pos] == "on")
                {
                    var cond = t[pos + 1];
                    pos += 2;
                    if (pos >= t.Count || t[pos] != "{")
                    {
                        error = "expected '{' after the inline fragment type condition";
                        return null;
                    }

                    pos++;
                    var node = new FsNode { Name = "...", TypeCondition = cond };
                    var sub = ParseSet(t, ref pos, false, ref error);
                    if (sub is null)
                    {
                        return null;
                    }

                    node.Children.AddRange(sub);
                    pos++;
                    list.Add(node);
                    continue;
                }

                error = "fragment spreads are not allowed";
                return null;
            }

            if (!(char.IsLetter(tok[0]) || tok[0] == '_'))
            {
                error = $"unexpected '{tok}'";
                return null;
            }

            var field = new FsNode { Name = tok };
            pos++;
            if (pos < t.Count && t[pos] == ":")
            {
                error = "aliases are not allowed";
                return null;
            }

            if (pos < t.Count && t[pos] == "(")
            {
                field.HasArguments = true;
                while (pos < t.Count && t[pos] != ")")
                {
                    pos++;
                }

                pos++;
            }

            if (pos < t.Count && t[pos] == "{")
            {
                pos++;
                var sub = ParseSet(t, ref pos, false, ref error);
                if (sub is null)
                {
                    return null;
                }

                if (pos >= t.Count)
                {
                    error = "missing '}'";
                    return null;
                }

                field.Children.AddRange(sub);
                pos++;
            }

            list.Add(field);
        }

        if (!top)
        {
            error = "missing '}'";
            return null;
        }

        return list;
    }
}
