using GraphQLParser.AST;

namespace Redtram.Federation.Schema;

public enum TypeKind
{
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
}

/// <summary>An applied directive kept on a schema element (name and its arguments as AST values).</summary>
public sealed record AppliedDirective(string Name, IReadOnlyDictionary<string, GraphQLValue> Arguments);

/// <summary>An argument or input field definition.</summary>
public sealed class InputValueDef
{
    public required string Name { get; init; }

    public required TypeRef Type { get; init; }

    public string? Description { get; init; }

    /// <summary>The default value as written in the SDL, if any.</summary>
    public GraphQLValue? DefaultValue { get; init; }

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    public IReadOnlyList<AppliedDirective> Directives { get; init; } = [];
}

/// <summary>A field of an object or interface type.</summary>
public sealed class FieldDef
{
    public required string Name { get; init; }

    public required TypeRef Type { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<InputValueDef> Arguments { get; init; } = [];

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    public IReadOnlyList<AppliedDirective> Directives { get; init; } = [];

    public InputValueDef? GetArgument(string name)
    {
        foreach (var a in Arguments)
        {
            if (a.Name == name)
            {
                return a;
            }
        }

        return null;
    }
}

public sealed class EnumValueDef
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public string? DeprecationReason { get; init; }

    public bool IsDeprecated => DeprecationReason is not null;

    public IReadOnlyList<AppliedDirective> Directives { get; init; } = [];
}

/// <summary>A named type of a schema. Which members are meaningful depends on <see cref="Kind"/>.</summary>
public sealed class TypeDef
{
    public required string Name { get; init; }

    public required TypeKind Kind { get; init; }

    public string? Description { get; init; }

    /// <summary>Fields of objects and interfaces, in definition order.</summary>
    public IReadOnlyDictionary<string, FieldDef> Fields { get; init; } = EmptyFields;

    /// <summary>Fields in definition order (same content as <see cref="Fields"/>).</summary>
    public IReadOnlyList<FieldDef> FieldList { get; init; } = [];

    /// <summary>Interfaces implemented by an object or interface.</summary>
    public IReadOnlyList<string> Interfaces { get; init; } = [];

    /// <summary>Members of a union.</summary>
    public IReadOnlyList<string> PossibleMembers { get; init; } = [];

    public IReadOnlyList<EnumValueDef> EnumValues { get; init; } = [];

    /// <summary>Input fields of an input object, in definition order.</summary>
    public IReadOnlyList<InputValueDef> InputFields { get; init; } = [];

    public IReadOnlyList<AppliedDirective> Directives { get; init; } = [];

    /// <summary>For custom scalars, the <c>@specifiedBy</c> URL.</summary>
    public string? SpecifiedByUrl { get; init; }

    /// <summary>For input objects, whether it is a <c>@oneOf</c> input object.</summary>
    public bool IsOneOf { get; init; }

    public bool IsComposite => Kind is TypeKind.Object or TypeKind.Interface or TypeKind.Union;

    public bool IsAbstract => Kind is TypeKind.Interface or TypeKind.Union;

    public bool IsLeaf => Kind is TypeKind.Scalar or TypeKind.Enum;

    public bool IsInputType => Kind is TypeKind.Scalar or TypeKind.Enum or TypeKind.InputObject;

    public FieldDef? GetField(string name) => Fields.TryGetValue(name, out var f) ? f : null;

    public InputValueDef? GetInputField(string name)
    {
        foreach (var f in InputFields)
        {
            if (f.Name == name)
            {
                return f;
            }
        }

        return null;
    }

    public bool HasEnumValue(string name)
    {
        foreach (var v in EnumValues)
        {
            if (v.Name == name)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly IReadOnlyDictionary<string, FieldDef> EmptyFields = new Dictionary<string, FieldDef>();
}

public sealed class DirectiveDef
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<InputValueDef> Arguments { get; init; } = [];

    public bool IsRepeatable { get; init; }

    /// <summary>Locations as spelled in the SDL (e.g. FIELD, FRAGMENT_SPREAD, OBJECT).</summary>
    public IReadOnlyList<string> Locations { get; init; } = [];
}
