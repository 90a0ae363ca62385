using System.Collections.Frozen;

namespace Redtram.Federation.Schema;

/// <summary>
/// An immutable GraphQL schema: named types, root operation types and directive definitions.
/// Built-in scalars and the introspection types are always present.
/// </summary>
public sealed class GraphSchema
{
    private readonly FrozenDictionary<string, TypeDef> _types;
    private readonly FrozenDictionary<string, DirectiveDef> _directives;
    private readonly FrozenDictionary<string, string[]> _possibleTypes;

    public GraphSchema(
        IEnumerable<TypeDef> types,
        IEnumerable<DirectiveDef> directives,
        string queryType,
        string? mutationType,
        string? subscriptionType,
        string? description = null)
    {
        var all = new Dictionary<string, TypeDef>(StringComparer.Ordinal);
        foreach (var t in BuiltIns.ScalarTypes)
        {
            all[t.Name] = t;
        }

        foreach (var t in types)
        {
            all[t.Name] = t;
        }

        foreach (var t in BuiltIns.IntrospectionTypes)
        {
            all[t.Name] = t;
        }

        _types = all.ToFrozenDictionary(StringComparer.Ordinal);
        var dirs = new Dictionary<string, DirectiveDef>(StringComparer.Ordinal);
        foreach (var d in BuiltIns.Directives)
        {
            dirs[d.Name] = d;
        }

        foreach (var d in directives)
        {
            dirs[d.Name] = d;
        }

        _directives = dirs.ToFrozenDictionary(StringComparer.Ordinal);
        QueryType = queryType;
        MutationType = mutationType;
        SubscriptionType = subscriptionType;
        Description = description;

        var possible = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var t in _types.Values)
        {
            if (t.Kind == TypeKind.Object)
            {
                foreach (var i in t.Interfaces)
                {
                    Add(possible, i, t.Name);
                }
            }
            else if (t.Kind == TypeKind.Union)
            {
                foreach (var m in t.PossibleMembers)
                {
                    Add(possible, t.Name, m);
                }
            }
        }

        _possibleTypes = possible.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        TypeList = [.. all.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
        DirectiveList = [.. dirs.Values.OrderBy(d => d.Name, StringComparer.Ordinal)];

        static void Add(Dictionary<string, List<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var list))
            {
                map[key] = list = [];
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }
    }

    public string QueryType { get; }

    public string? MutationType { get; }

    public string? SubscriptionType { get; }

    public string? Description { get; }

    /// <summary>All types (including built-ins and introspection types) sorted by name.</summary>
    public IReadOnlyList<TypeDef> TypeList { get; }

    public IReadOnlyList<DirectiveDef> DirectiveList { get; }

    public TypeDef? GetType(string name) => _types.TryGetValue(name, out var t) ? t : null;

    public TypeDef Type(string name) => _types.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"Unknown type '{name}'.");

    public DirectiveDef? GetDirective(string name) => _directives.TryGetValue(name, out var d) ? d : null;

    /// <summary>Object types that an abstract type may resolve to (the type itself for an object).</summary>
    public IReadOnlyList<string> PossibleTypes(string typeName)
    {
        if (_possibleTypes.TryGetValue(typeName, out var list))
        {
            return list;
        }

        return _types.TryGetValue(typeName, out var t) && t.Kind == TypeKind.Object ? [typeName] : [];
    }

    /// <summary>Whether <paramref name="objectType"/> is a possible runtime type of <paramref name="typeCondition"/>.</summary>
    public bool IsPossibleType(string typeCondition, string objectType) =>
        typeCondition == objectType || (_possibleTypes.TryGetValue(typeCondition, out var list) && Array.IndexOf(list, objectType) >= 0);

    public TypeDef? RootType(GraphQLParser.AST.OperationType op) => op switch
    {
        GraphQLParser.AST.OperationType.Query => GetType(QueryType),
        GraphQLParser.AST.OperationType.Mutation => MutationType is null ? null : GetType(MutationType),
        _ => SubscriptionType is null ? null : GetType(SubscriptionType),
    };

    /// <summary>True when two composite types have at least one possible object type in common.</summary>
    public bool Overlap(string a, string b)
    {
        if (a == b)
        {
            return true;
        }

        var pa = PossibleTypes(a);
        var pb = PossibleTypes(b);
        foreach (var x in pa)
        {
            foreach (var y in pb)
            {
                if (x == y)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="sub"/> is a subtype of (or equal to) <paramref name="super"/> as named types.</summary>
    public bool IsSubType(string super, string sub)
    {
        if (super == sub)
        {
            return true;
        }

        var superDef = GetType(super);
        if (superDef is null || !superDef.IsAbstract)
        {
            return false;
        }

        if (superDef.Kind == TypeKind.Union)
        {
            return superDef.PossibleMembers.Contains(sub);
        }

        var subDef = GetType(sub);
        return subDef is not null && subDef.Interfaces.Contains(super);
    }
}
