using GraphQL;
using GraphQL.Resolvers;
using Redtram.Adapters.Data;
using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>A record, or a part of one, stamped with the level of its record for the current request.</summary>
public interface IRecordLevel
{
    AccessLevel Level { get; }
}

/// <summary>
/// Field resolvers that withhold a field above the level available: the record's level for record types and their parts,
/// the request's level for the root and the search pages. Installed only on fields that can be withheld, so every other
/// field resolves as before; the check is a cast and a comparison, no allocation.
/// </summary>
public static class LevelGuards
{
    /// <summary>Types whose fields are judged by the level of their record.</summary>
    public static readonly HashSet<string> RecordTypes = new(StringComparer.Ordinal)
    {
        "Case", "Offence", "Handling", "Person", "Surname", "CaseParticipation", "IdentityDocument", "Phone", "Organisation",
    };

    /// <summary>Types judged by the request's level (root fields, search pages).</summary>
    public static readonly HashSet<string> RequestTypes = new(StringComparer.Ordinal)
    {
        "Query", "PersonSearchPage", "CaseSearchPage", "PageInfo", "ContactPoint", "PersonHit", "CaseHit", "MatchReason",
    };

    /// <summary>The Person fields of a pseudonymous reference; every other Person field is null for a protected person.</summary>
    public static readonly HashSet<string> PseudonymousView = new(StringComparer.Ordinal)
    {
        "id", "sourceCountry", "asOf", "handling", "sensitivity", "pseudonymous",
    };

    public static RequestAccess Access(IResolveFieldContext ctx) =>
        (ctx.UserContext as AdapterRequestContext ?? throw new InvalidOperationException("the adapter executes requests with an AdapterRequestContext")).Access;

    /// <summary>The guard a field needs, or null when no grant can withhold it: record fields at SUMMARY or below are never
    /// above a listed record (records below SUMMARY are not returned at all), request fields at HIT or below never above a
    /// request that reached the root field.</summary>
    public static IFieldResolver? For(string type, string field, IFieldResolver? inner)
    {
        var required = FieldLevels.Required(type, field);
        var key = type + "." + field;
        inner ??= NameFieldResolver.Instance;
        if (RecordTypes.Contains(type))
        {
            IFieldResolver? guard = required > AccessLevel.Summary ? new RecordGuard(inner, key, required) : null;
            if (type == "Person" && !PseudonymousView.Contains(field))
                guard = new PseudonymGuard(guard ?? inner);
            return guard;
        }
        if (RequestTypes.Contains(type))
            return type == "Query" || required > AccessLevel.Hit ? new RequestGuard(inner, key, required) : null;
        return null;
    }

    private sealed class RecordGuard(IFieldResolver inner, string key, AccessLevel required) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            var have = context.Source is IRecordLevel r ? r.Level : AccessLevel.None;
            if (have >= required)
                return inner.ResolveAsync(context);
            Access(context).Deny(context, key, required, have);
            return default;
        }
    }

    /// <summary>Null for a pseudonymous person (identity withheld; reported once per person, not per field).</summary>
    private sealed class PseudonymGuard(IFieldResolver inner) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context) =>
            context.Source is PersonInfo { Pseudonymous: true } ? default : inner.ResolveAsync(context);
    }

    private sealed class RequestGuard(IFieldResolver inner, string key, AccessLevel required) : IFieldResolver
    {
        public ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            var access = Access(context);
            if (access.Level >= required)
                return inner.ResolveAsync(context);
            access.Deny(context, key, required, access.Level);
            return default;
        }
    }
}
