using System.Text;

namespace Redtram.Federation.Schema;

/// <summary>A GraphQL type reference: a named type, a list of a type, or a non-null type.</summary>
public sealed class TypeRef : IEquatable<TypeRef>
{
    private TypeRef(TypeRefKind kind, string? name, TypeRef? ofType)
    {
        Kind = kind;
        Name = name;
        OfType = ofType;
    }

    public TypeRefKind Kind { get; }

    /// <summary>The name for <see cref="TypeRefKind.Named"/>; null otherwise.</summary>
    public string? Name { get; }

    /// <summary>The wrapped type for lists and non-null types.</summary>
    public TypeRef? OfType { get; }

    public static TypeRef Named(string name) => new(TypeRefKind.Named, name, null);

    public static TypeRef List(TypeRef of) => new(TypeRefKind.List, null, of);

    public static TypeRef NonNull(TypeRef of) =>
        of.Kind == TypeRefKind.NonNull ? throw new ArgumentException("Non-null of non-null.", nameof(of)) : new(TypeRefKind.NonNull, null, of);

    public bool IsNonNull => Kind == TypeRefKind.NonNull;

    public bool IsList => Kind == TypeRefKind.List || (Kind == TypeRefKind.NonNull && OfType!.Kind == TypeRefKind.List);

    /// <summary>The type without a non-null wrapper.</summary>
    public TypeRef Nullable => Kind == TypeRefKind.NonNull ? OfType! : this;

    /// <summary>The innermost named type.</summary>
    public string NamedType
    {
        get
        {
            var t = this;
            while (t.Kind != TypeRefKind.Named)
            {
                t = t.OfType!;
            }

            return t.Name!;
        }
    }

    /// <summary>The element type of a list (or non-null list).</summary>
    public TypeRef ItemType => Nullable.Kind == TypeRefKind.List ? Nullable.OfType! : throw new InvalidOperationException("Not a list type.");

    public bool Equals(TypeRef? other) =>
        other is not null && other.Kind == Kind && other.Name == Name && Equals(other.OfType, OfType);

    public override bool Equals(object? obj) => Equals(obj as TypeRef);

    public override int GetHashCode() => HashCode.Combine(Kind, Name, OfType);

    public override string ToString()
    {
        var sb = new StringBuilder();
        Write(sb);
        return sb.ToString();
    }

    public void Write(StringBuilder sb)
    {
        switch (Kind)
        {
            case TypeRefKind.Named:
                sb.Append(Name);
                break;
            case TypeRefKind.List:
                sb.Append('[');
                OfType!.Write(sb);
                sb.Append(']');
                break;
            default:
                OfType!.Write(sb);
                sb.Append('!');
                break;
        }
    }

    /// <summary>Parses a type reference like <c>[String!]!</c>.</summary>
    public static TypeRef Parse(string text)
    {
        var pos = 0;
        var result = ParseAt(text.Trim(), ref pos);
        return result;
    }

    private static TypeRef ParseAt(string s, ref int pos)
    {
        TypeRef inner;
        if (s[pos] == '[')
        {
            pos++;
            inner = List(ParseAt(s, ref pos));
            if (pos >= s.Length || s[pos] != ']')
            {
                throw new FormatException($"Bad type reference '{s}'.");
            }

            pos++;
        }
        else
        {
            var start = pos;
            while (pos < s.Length && (char.IsLetterOrDigit(s[pos]) || s[pos] == '_'))
            {
                pos++;
            }

            if (pos == start)
            {
                throw new FormatException($"Bad type reference '{s}'.");
            }

            inner = Named(s[start..pos]);
        }

        if (pos < s.Length && s[pos] == '!')
        {
            pos++;
            return NonNull(inner);
        }

        return inner;
    }
}

public enum TypeRefKind
{
    Named,
    List,
    NonNull,
}
