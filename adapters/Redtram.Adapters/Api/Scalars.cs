using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Redtram.Adapters.Api;

/// <summary>`Date`: ISO 8601 calendar date, carried as a "yyyy-MM-dd" string inside the host.</summary>
public sealed class IsoDateGraphType : ScalarGraphType
{
    public IsoDateGraphType() => Name = "Date";

    public static string? Check(string s) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s => Check((string)s.Value) ?? ThrowLiteralConversionError(value, "expected a date YYYY-MM-DD"),
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s => Check(s) ?? ThrowValueConversionError(value),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        string s => s,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => ThrowSerializationError(value),
    };
}

/// <summary>`DateTime`: ISO 8601 instant with offset.</summary>
public sealed class IsoDateTimeGraphType : ScalarGraphType
{
    public IsoDateTimeGraphType() => Name = "DateTime";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLStringValue s when DateTimeOffset.TryParse((string)s.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        GraphQLNullValue => null,
        _ => ThrowLiteralConversionError(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => d,
        DateTimeOffset d => d,
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value switch
    {
        null => null,
        DateTimeOffset d => d.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTime d => new DateTimeOffset(d.ToUniversalTime()).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        string s => s,
        _ => ThrowSerializationError(value),
    };
}
