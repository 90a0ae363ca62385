namespace Redtram.Federation.Planning;

/// <summary>
/// Which fields one party (for a partitioned subgraph: one country) may be asked for on behalf of a request.
/// Immutable and shared by every request with the same grant: the fetch specialised for a rule is built once per
/// fetch and rule (compared by reference), so keep one instance per distinct grant.
/// </summary>
public sealed class FieldRule
{
    private readonly Func<string, string, string?> _required;

    /// <param name="level">The granted level's name (e.g. "SUMMARY"), reported per country.</param>
    /// <param name="required">(type name, field name) → null when the field may be fetched, otherwise the name of
    /// the level it needs. Never asked for <c>__typename</c>.</param>
    public FieldRule(string level, Func<string, string, string?> required)
    {
        Level = level;
        _required = required;
    }

    public string Level { get; }

    /// <summary>
    /// Also fetch the <c>id</c> of every object that has one (under the private key <see cref="RecordIdKey"/>), so that
    /// the records a country disclosed can be listed (audit), whether or not the client selected their ids. Clients never
    /// see the extra field.
    /// </summary>
    public bool RecordIds { get; init; }

    /// <summary>The response key under which <see cref="RecordIds"/> fetches ids.</summary>
    public const string RecordIdKey = "__rtid";

    /// <summary>Null when the field may be fetched; otherwise the level it needs.</summary>
    public string? RequiredFor(string typeName, string fieldName) => _required(typeName, fieldName);

    public override string ToString() => "FieldRule(" + Level + ")";
}

/// <summary>One field a <see cref="FieldRule"/> removed from a fetch.</summary>
/// <param name="ParentPath">Response keys from the fetch's root (for an entity fetch: from each entity) to the object holding the field.</param>
/// <param name="ParentType">The type the field is selected on (a type condition when inside a fragment).</param>
/// <param name="ResponseKey">The field's key in the response.</param>
/// <param name="Coordinate">"Type.field".</param>
/// <param name="RequiredLevel">The level the field needs.</param>
public sealed record DeniedField(IReadOnlyList<string> ParentPath, string ParentType, string ResponseKey, string Coordinate, string RequiredLevel)
{
    /// <summary><see cref="ParentPath"/> with the keys the client asked for (planner aliases undone).</summary>
    public IReadOnlyList<string> OriginalParentPath { get; init; } = ParentPath;

    /// <summary>The key the client asked for.</summary>
    public string OriginalResponseKey { get; init; } = ResponseKey;
}

/// <summary>A fetch with the fields its rule denies removed.</summary>
/// <param name="Operation">The operation to send, or null when nothing is left to ask (every field denied).</param>
/// <param name="Denied">The fields removed, in selection order.</param>
/// <param name="VariableUsages">Client variables the specialised operation still uses.</param>
public sealed record SpecialisedFetch(string? Operation, IReadOnlyList<DeniedField> Denied, IReadOnlyList<string> VariableUsages)
{
    public bool IsUnchanged => Denied.Count == 0;
}
