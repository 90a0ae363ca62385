using System.Text.Json;
using GraphQL;
using GraphQL.Federation;
using GraphQL.Federation.Resolvers;
using GraphQL.Resolvers;
using GraphQL.Types;
using GraphQL.Utilities;
using GraphQLParser.AST;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>
/// One subgraph of a compliance feature: its type definitions (schema-first SDL, federation directives
/// included) plus resolvers. Data objects are dictionaries carrying a "__typename" entry; every field
/// without an explicit resolver reads the dictionary entry of the same name.
/// </summary>
public sealed class Subgraph(string name, string typeDefs)
{
    private readonly Dictionary<(string Type, string Field), Func<IResolveFieldContext, object?>> _fields = [];
    private readonly Dictionary<string, List<Func<IDictionary<string, object?>, object?>>> _entities = [];

    public string Name { get; } = name;
    public string TypeDefs { get; } = typeDefs;

    /// <summary>Federation version for the @link (null = Federation 1 subgraph, no @link).</summary>
    public string? FederationVersion { get; init; } = "2.3";

    /// <summary>Extra federation directives to import (e.g. "@interfaceObject", "@composeDirective").</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    /// <summary>Explicit _service { sdl } text, only for shapes GraphQL.NET cannot print (Federation 1 "extend type").</summary>
    public string? ServedSdl { get; init; }

    public Subgraph Query(string field, Func<IResolveFieldContext, object?> resolve) => Field("Query", field, resolve);
    public Subgraph Mutation(string field, Func<IResolveFieldContext, object?> resolve) => Field("Mutation", field, resolve);

    public Subgraph Field(string type, string field, Func<IResolveFieldContext, object?> resolve)
    {
        _fields[(type, field)] = resolve;
        return this;
    }

    /// <summary>Entity reference resolver: receives the representation, returns the entity (or null).</summary>
    public Subgraph Entity(string type, Func<IDictionary<string, object?>, object?> resolve)
    {
        // Several resolvers for one type (one per key): the first that finds the entity wins.
        if (!_entities.TryGetValue(type, out var list))
            _entities[type] = list = [];
        list.Add(resolve);
        return this;
    }

    /// <summary>Entity resolved from a table by the given key fields (space separated, top level names).</summary>
    public Subgraph Entity(string type, string keyFields, IEnumerable<Dictionary<string, object?>> table)
    {
        var keys = keyFields.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Entity(type, rep =>
        {
            var found = table.FirstOrDefault(row => keys.All(k => rep.ContainsKey(k) && row.TryGetValue(k, out var v) && Data.SameValue(v, rep[k])));
            return found is null ? null : Data.Merge(found, rep);
        });
    }

    internal ISchema BuildSchema(IServiceProvider services)
    {
        var doc = GraphQLParser.Parser.Parse(TypeDefs);
        var objectFields = new Dictionary<string, List<string>>();
        var interfaces = new HashSet<string>();
        foreach (var def in doc.Definitions)
        {
            switch (def)
            {
                case GraphQLObjectTypeDefinition o:
                    Add(o.Name.StringValue, o.Fields);
                    break;
                case GraphQLObjectTypeExtension o:
                    Add(o.Name.StringValue, o.Fields);
                    break;
                case GraphQLInterfaceTypeDefinition i:
                    interfaces.Add(i.Name.StringValue);
                    break;
            }
        }

        void Add(string type, GraphQLFieldsDefinition? fields)
        {
            if (!objectFields.TryGetValue(type, out var list))
                objectFields[type] = list = [];
            if (fields is not null)
                list.AddRange(fields.Items.Select(f => f.Name.StringValue));
        }

        // Like Apollo's subgraph libraries, a subgraph without root fields still has a Query type (for _entities).
        var typeDefs = objectFields.ContainsKey("Query") ? TypeDefs : TypeDefs + "\ntype Query\n";
        return Schema.For(typeDefs, sb =>
        {
            sb.ServiceProvider = services;
            foreach (var (type, fields) in objectFields)
            {
                var config = sb.Types.For(type);
                var typeName = type;
                if (type is not ("Query" or "Mutation"))
                    config.IsTypeOfFunc = o => o is IDictionary<string, object?> d && d.TryGetValue("__typename", out var t) && Equals(t, typeName);
                foreach (var field in fields)
                {
                    var resolve = _fields.GetValueOrDefault((type, field));
                    var fieldName = field;
                    config.FieldFor(field).Resolver = new FuncFieldResolver<object?>(ctx =>
                    {
                        if (resolve is not null)
                            return resolve(ctx);
                        return ctx.Source is IDictionary<string, object?> d && d.TryGetValue(fieldName, out var v) ? v : null;
                    });
                }
            }
            foreach (var (type, resolvers) in _entities)
                sb.Types.For(type).ResolveReference(new ReferenceResolver(rep => resolvers.Select(r => r(rep)).FirstOrDefault(e => e is not null)));
        });
    }

    private sealed class ReferenceResolver(Func<IDictionary<string, object?>, object?> resolve) : IFederationResolver
    {
        public bool MatchKeys(IDictionary<string, object?> representation) => true;
        public object ParseRepresentation(IComplexGraphType graphType, IDictionary<string, object?> representation) => representation;
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context, IComplexGraphType graphType, object parsedRepresentation)
            => new(resolve((IDictionary<string, object?>)parsedRepresentation));
    }
}

/// <summary>Helpers to write fixture data compactly.</summary>
public static class Data
{
    /// <summary>An object of the given GraphQL type from an anonymous object's properties (nested values kept as they are).</summary>
    public static Dictionary<string, object?> Obj(string typename, object? fields = null)
    {
        var d = new Dictionary<string, object?> { ["__typename"] = typename };
        if (fields is not null)
            foreach (var p in fields.GetType().GetProperties())
                d[p.Name] = p.GetValue(fields);
        return d;
    }

    public static Dictionary<string, object?> Merge(Dictionary<string, object?> row, IDictionary<string, object?> representation)
    {
        var copy = new Dictionary<string, object?>(row);
        foreach (var (k, v) in representation)
            copy.TryAdd(k, v);
        return copy;
    }

    public static bool SameValue(object? a, object? b) => JsonSerializer.Serialize(a) == JsonSerializer.Serialize(b);

    public static T? Arg<T>(this IResolveFieldContext ctx, string name) => ctx.GetArgument<T>(name);

    public static IDictionary<string, object?> Src(this IResolveFieldContext ctx) => (IDictionary<string, object?>)ctx.Source!;

    public static object? Get(this IResolveFieldContext ctx, string field) => ctx.Src().TryGetValue(field, out var v) ? v : null;
}
