using Redtram.Federation.Operations;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Supergraph;

/// <summary>A subgraph named by the supergraph's <c>join__Graph</c> enum.</summary>
public sealed record SubgraphInfo(string Name, string EnumValue, string? Url);

/// <summary>One <c>@join__type</c> application.</summary>
public sealed record JoinType(string Graph, string? Key, bool Extension, bool Resolvable, bool IsInterfaceObject);

/// <summary>One <c>@join__field</c> application. <see cref="Graph"/> is null for a bare <c>@join__field</c>.</summary>
public sealed record JoinField(
    string? Graph,
    string? Requires,
    string? Provides,
    string? Type,
    bool External,
    string? Override,
    bool UsedOverridden,
    string? OverrideLabel);

/// <summary>A key of an entity in one subgraph, parsed against the supergraph schema.</summary>
public sealed record EntityKey(string Graph, string TypeName, string Fields, SelectionSetNode Selection, bool Resolvable);

/// <summary>How one subgraph resolves one field.</summary>
public sealed record FieldSource(string Graph, SelectionSetNode? Requires, SelectionSetNode? Provides, string? RequiresText, string? ProvidesText);
