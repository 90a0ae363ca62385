using GraphQLParser.AST;

namespace Redtram.Adapters.Api;

/// <summary>The canonical `national` subgraph schema (schema/national.graphql, embedded) and its enum value sets.</summary>
public static class CanonicalSchema
{
    public static string Sdl { get; } = Load();

    private static string Load()
    {
        using var s = typeof(CanonicalSchema).Assembly.GetManifestResourceStream("national.graphql")
                      ?? throw new InvalidOperationException("national.graphql is not embedded");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>The SDL without its `extend schema @link(...)` (AddFederation adds the link itself).</summary>
    public static string TypeDefinitions { get; } = StripSchemaExtension(Sdl);

    private static string StripSchemaExtension(string sdl)
    {
        var doc = GraphQLParser.Parser.Parse(sdl);
        var ext = doc.Definitions.OfType<GraphQLSchemaExtension>().FirstOrDefault();
        if (ext?.Location is not { } loc)
            return sdl;
        return sdl[..loc.Start] + sdl[loc.End..];
    }

    public static HashSet<string> EnumValues(string enumName)
    {
        var doc = GraphQLParser.Parser.Parse(Sdl);
        var e = doc.Definitions.OfType<GraphQLEnumTypeDefinition>().First(d => d.Name.StringValue == enumName);
        return e.Values!.Items.Select(v => v.Name.StringValue).ToHashSet(StringComparer.Ordinal);
    }

    public static readonly HashSet<string> CountryCodes = EnumValues("CountryCode");
    public static readonly HashSet<string> Roles = EnumValues("ParticipationRole");
    public static readonly HashSet<string> Statuses = EnumValues("CaseStatus");
}
