using System.Collections.Concurrent;
using Redtram.Federation.Operations;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Supergraph;

/// <summary>
/// An immutable, loaded supergraph: the full schema, the API schema and the join metadata, with the
/// questions the planner asks (which subgraphs define a type, resolve a field, which keys they accept).
/// </summary>
public sealed class SupergraphDefinition
{
    private static readonly IReadOnlyList<JoinType> NoTypeJoins = [];
    private readonly IReadOnlyDictionary<string, IReadOnlyList<JoinType>> _typeJoins;
    private readonly IReadOnlyDictionary<(string, string), IReadOnlyList<JoinField>> _fieldJoins;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<(string Graph, string Interface)>> _implements;
    private readonly IReadOnlyDictionary<string, IReadOnlyList<(string Graph, string Member)>> _unionMembers;
    private readonly IReadOnlyDictionary<(string, string), IReadOnlyList<string>> _enumValues;
    private readonly IReadOnlyDictionary<string, string> _owners;
    private readonly ConcurrentDictionary<(string Type, string Graph), IReadOnlyList<EntityKey>> _keys = new();
    private readonly ConcurrentDictionary<(string Type, string Field, string Graph), FieldSource?> _sources = new();
    private readonly ConcurrentDictionary<(string Type, string Graph), IReadOnlyList<string>> _possible = new();
    private readonly string[] _allGraphs;

    internal SupergraphDefinition(
        GraphSchema schema,
        GraphSchema apiSchema,
        IReadOnlyList<SubgraphInfo> subgraphs,
        SpecInfo specs,
        IReadOnlyDictionary<string, IReadOnlyList<JoinType>> typeJoins,
        IReadOnlyDictionary<(string, string), IReadOnlyList<JoinField>> fieldJoins,
        IReadOnlyDictionary<string, IReadOnlyList<(string Graph, string Interface)>> implements,
        IReadOnlyDictionary<string, IReadOnlyList<(string Graph, string Member)>> unionMembers,
        IReadOnlyDictionary<(string, string), IReadOnlyList<string>> enumValues,
        IReadOnlyDictionary<string, string> owners)
    {
        Schema = schema;
        ApiSchema = apiSchema;
        Subgraphs = subgraphs;
        Specs = specs;
        _typeJoins = typeJoins;
        _fieldJoins = fieldJoins;
        _implements = implements;
        _unionMembers = unionMembers;
        _enumValues = enumValues;
        _owners = owners;
        _allGraphs = subgraphs.Select(s => s.Name).ToArray();
    }

    /// <summary>The supergraph schema with every type and field, inaccessible ones included.</summary>
    public GraphSchema Schema { get; }

    /// <summary>The schema clients see.</summary>
    public GraphSchema ApiSchema { get; }

    public IReadOnlyList<SubgraphInfo> Subgraphs { get; }

    public SpecInfo Specs { get; }

    public bool IsFederation1 => Specs.IsFederation1;

    public SubgraphInfo? GetSubgraph(string name) => Subgraphs.FirstOrDefault(s => s.Name == name);

    public IReadOnlyList<JoinType> TypeJoins(string type) => _typeJoins.TryGetValue(type, out var j) ? j : NoTypeJoins;

    public IReadOnlyList<JoinField> FieldJoins(string type, string field) => _fieldJoins.TryGetValue((type, field), out var j) ? j : [];

    /// <summary>Subgraphs that define <paramref name="type"/>. A type without <c>@join__type</c> is in every subgraph.</summary>
    public IReadOnlyList<string> GraphsOfType(string type)
    {
        if (!_typeJoins.TryGetValue(type, out var joins))
        {
            return _allGraphs;
        }

        var list = new List<string>(joins.Count);
        foreach (var j in joins)
        {
            if (!list.Contains(j.Graph))
            {
                list.Add(j.Graph);
            }
        }

        return list;
    }

    public bool TypeInGraph(string type, string graph)
    {
        if (!_typeJoins.TryGetValue(type, out var joins))
        {
            return true;
        }

        foreach (var j in joins)
        {
            if (j.Graph == graph)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="type"/> (an interface in the supergraph) is an <c>@interfaceObject</c> in <paramref name="graph"/>.</summary>
    public bool IsInterfaceObjectIn(string type, string graph)
    {
        foreach (var j in TypeJoins(type))
        {
            if (j.Graph == graph && j.IsInterfaceObject)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The keys of <paramref name="type"/> declared by <paramref name="graph"/>.</summary>
    public IReadOnlyList<EntityKey> Keys(string type, string graph) => _keys.GetOrAdd((type, graph), k =>
    {
        var list = new List<EntityKey>();
        foreach (var j in TypeJoins(k.Type))
        {
            if (j.Graph == k.Graph && j.Key is not null)
            {
                list.Add(new EntityKey(j.Graph, k.Type, j.Key, OperationNormalizer.ParseFieldSet(Schema, k.Type, j.Key), j.Resolvable));
            }
        }

        return list;
    });

    /// <summary>
    /// How <paramref name="graph"/> resolves <paramref name="type"/>.<paramref name="field"/>, or null when it cannot
    /// (not defined there, <c>@external</c>, or overridden).
    /// </summary>
    public FieldSource? Source(string type, string field, string graph) => _sources.GetOrAdd((type, field, graph), k =>
    {
        if (k.Field == "__typename")
        {
            return new FieldSource(k.Graph, null, null, null, null);
        }

        if (!_fieldJoins.TryGetValue((k.Type, k.Field), out var joins))
        {
            if (IsFederation1 && _owners.TryGetValue(k.Type, out var owner))
            {
                return owner == k.Graph || IsKeyFieldIn(k.Type, k.Field, k.Graph) ? new FieldSource(k.Graph, null, null, null, null) : null;
            }

            return TypeInGraph(k.Type, k.Graph) ? new FieldSource(k.Graph, null, null, null, null) : null;
        }

        foreach (var j in joins)
        {
            if (j.Graph != k.Graph)
            {
                continue;
            }

            if (j.UsedOverridden || (j.External && !(IsFederation1 && IsKeyFieldIn(k.Type, k.Field, k.Graph))))
            {
                return null;
            }

            return new FieldSource(
                k.Graph,
                j.Requires is null ? null : AliasArgumentFields(OperationNormalizer.ParseFieldSet(Schema, k.Type, j.Requires)),
                j.Provides is null ? null : OperationNormalizer.ParseFieldSet(Schema, Schema.Type(k.Type).GetField(k.Field)!.Type.NamedType, j.Provides),
                j.Requires,
                j.Provides);
        }

        if (IsFederation1 && IsKeyFieldIn(k.Type, k.Field, k.Graph))
        {
            return new FieldSource(k.Graph, null, null, null, null);
        }

        return null;
    });

    /// <summary>The field's type as <paramref name="graph"/> declares it (it may differ from the supergraph's, e.g. in nullability).</summary>
    public TypeRef FieldTypeIn(string type, string field, string graph)
    {
        foreach (var j in FieldJoins(type, field))
        {
            if (j.Graph == graph && j.Type is not null)
            {
                return TypeRef.Parse(j.Type);
            }
        }

        return Schema.Type(type).GetField(field)?.Type ?? throw new KeyNotFoundException($"Unknown field '{type}.{field}'.");
    }

    /// <summary>Whether the field is declared <c>@external</c> in <paramref name="graph"/> (it may still be provided there).</summary>
    public bool IsExternalIn(string type, string field, string graph)
    {
        foreach (var j in FieldJoins(type, field))
        {
            if (j.Graph == graph && j.External)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="graph"/> knows the field at all (resolvable, external or overridden).</summary>
    public bool FieldInGraph(string type, string field, string graph)
    {
        if (field == "__typename")
        {
            return true;
        }

        if (!_fieldJoins.TryGetValue((type, field), out var joins))
        {
            return Source(type, field, graph) is not null;
        }

        foreach (var j in joins)
        {
            if (j.Graph == graph)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Subgraphs that resolve the field, in supergraph order.</summary>
    public IReadOnlyList<FieldSource> Sources(string type, string field)
    {
        var list = new List<FieldSource>();
        foreach (var g in _allGraphs)
        {
            if (Source(type, field, g) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    /// <summary>The object types <paramref name="type"/> may be at run time in <paramref name="graph"/>.</summary>
    public IReadOnlyList<string> PossibleTypesIn(string type, string graph) => _possible.GetOrAdd((type, graph), k =>
    {
        var def = Schema.GetType(k.Type);
        if (def is null)
        {
            return [];
        }

        if (def.Kind == TypeKind.Object)
        {
            return TypeInGraph(k.Type, k.Graph) ? [k.Type] : [];
        }

        var result = new List<string>();
        if (def.Kind == TypeKind.Union)
        {
            var hasJoins = _unionMembers.TryGetValue(k.Type, out var members);
            foreach (var m in def.PossibleMembers)
            {
                if (!TypeInGraph(m, k.Graph))
                {
                    continue;
                }

                if (!hasJoins || members!.Any(x => x.Graph == k.Graph && x.Member == m))
                {
                    result.Add(m);
                }
            }

            return result;
        }

        foreach (var t in Schema.PossibleTypes(k.Type))
        {
            if (!TypeInGraph(t, k.Graph))
            {
                continue;
            }

            if (!_implements.TryGetValue(t, out var impl) || impl.Any(x => x.Graph == k.Graph && x.Interface == k.Type))
            {
                result.Add(t);
            }
        }

        return result;
    });

    /// <summary>Whether enum value <paramref name="value"/> of <paramref name="enumType"/> exists in <paramref name="graph"/>.</summary>
    public bool EnumValueInGraph(string enumType, string value, string graph) =>
        !_enumValues.TryGetValue((enumType, value), out var graphs) || graphs.Contains(graph);

    /// <summary>
    /// Gives required fields that take arguments a stable alias, so that they never clash with the same field
    /// selected by the client with other arguments. Representations use the field name, not the alias.
    /// </summary>
    internal static SelectionSetNode AliasArgumentFields(SelectionSetNode set)
    {
        var list = new List<SelectionNode>(set.Selections.Count);
        foreach (var sel in set.Selections)
        {
            switch (sel)
            {
                case FieldNode f:
                    var alias = f.Alias;
                    if (f.Arguments.Count > 0 && alias is null)
                    {
                        var text = Planning.SubSelectionSet.PrintArguments(f.Arguments);
                        var hash = System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(text));
                        alias = $"{f.Name}__required_{hash:x8}";
                    }

                    list.Add(new FieldNode
                    {
                        Name = f.Name,
                        Alias = alias,
                        Arguments = f.Arguments,
                        ParentType = f.ParentType,
                        Definition = f.Definition,
                        SelectionSet = f.SelectionSet is null ? null : AliasArgumentFields(f.SelectionSet),
                        Conditions = f.Conditions,
                        OtherDirectives = f.OtherDirectives,
                        Location = f.Location,
                    });
                    break;
                case InlineFragmentNode i:
                    list.Add(new InlineFragmentNode
                    {
                        TypeCondition = i.TypeCondition,
                        SelectionSet = AliasArgumentFields(i.SelectionSet),
                        Conditions = i.Conditions,
                        OtherDirectives = i.OtherDirectives,
                    });
                    break;
            }
        }

        return new SelectionSetNode(list);
    }

    private bool IsKeyFieldIn(string type, string field, string graph)
    {
        foreach (var j in TypeJoins(type))
        {
            if (j.Graph == graph && j.Key is not null)
            {
                foreach (var part in j.Key.Split([' ', ',', '{', '}', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
                {
                    if (part == field)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }
}
