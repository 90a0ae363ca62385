using System.Collections.Frozen;
using Redtram.Federation.Planning;

namespace Redtram.Gateway.Security;

/// <summary>A trusted national token issuer. Its tokens are verified only with its own keys and may assert only
/// <see cref="Country"/>.</summary>
public sealed class TrustedIssuer
{
    public required string Issuer { get; init; }
    public required string Country { get; init; }
    /// <summary>The exact aud the issuer's tokens must carry.</summary>
    public required string Audience { get; init; }
    /// <summary>Absolute path of the JWKS file, when configured with jwks_file.</summary>
    public string? JwksFile { get; init; }
    /// <summary>The JWKS URL, when configured with jwks_url (fetched by <see cref="JwksRefresher"/>).</summary>
    public Uri? JwksUrl { get; init; }
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Keys read from <see cref="JwksFile"/> at policy load; null for URL issuers.</summary>
    public JsonWebKeySet? FileKeys { get; init; }
}

/// <summary>Owner → requester: the level the owner grants a requesting country, for some purposes and roles,
/// between two dates (inclusive, UTC). With <see cref="RequestingCases"/> it applies only to those requesting
/// cases (an executed MLA request or an approved spontaneous disclosure).</summary>
public sealed class Agreement
{
    public required string Id { get; init; }
    public required string Owner { get; init; }
    public required string Requester { get; init; }
    public required AccessLevel Level { get; init; }
    public required FrozenSet<string> Purposes { get; init; }
    public required Roles Roles { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public FrozenSet<string>? RequestingCases { get; init; }
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && (ValidUntil is null || day <= ValidUntil);
}

/// <summary>A joint investigation team: members, the cases in scope per member country, the level members
/// get on each other's data within that scope (FULL, RESTRICTED only when <see cref="AllowsRestricted"/>).</summary>
public sealed class JointInvestigationTeam
{
    public required string Id { get; init; }
    public required FrozenSet<string> Members { get; init; }
    /// <summary>Country → case references ("CC:local") of that country in the JIT's scope.</summary>
    public required FrozenDictionary<string, FrozenSet<string>> CasesInScope { get; init; }
    public required AccessLevel Level { get; init; }
    public required bool AllowsRestricted { get; init; }
    public required FrozenSet<string> Purposes { get; init; }
    public required Roles Roles { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public DateOnly? ValidUntil { get; init; }
    public bool IsValidOn(DateOnly day) => day >= ValidFrom && (ValidUntil is null || day <= ValidUntil);
    public AccessLevel EffectiveLevel => AllowsRestricted ? AccessLevel.Restricted : Level;
}

/// <summary>Defaults of domain.md §8, per role.</summary>
public sealed class PolicyDefaults
{
    /// <summary>Level on the principal's own country's data ("its national rules").</summary>
    public required FrozenDictionary<Roles, AccessLevel> Home { get; init; }
    /// <summary>Level on another country's data without agreement or JIT (prosecutor: HIT).</summary>
    public required FrozenDictionary<Roles, AccessLevel> Foreign { get; init; }
    /// <summary>Roles an agreement covers when it does not list its own.</summary>
    public required Roles AgreementRoles { get; init; }
    /// <summary>Level of an agreement that does not state one (treaty / bilateral: SUMMARY).</summary>
    public required AccessLevel AgreementLevel { get; init; }
    /// <summary>Roles a JIT covers when it does not list its own.</summary>
    public required Roles JitRoles { get; init; }
    /// <summary>Level of a JIT that does not state one (FULL).</summary>
    public required AccessLevel JitLevel { get; init; }
}

/// <summary>What a principal may see of one owner country's data for one request.</summary>
/// <param name="Level">The highest level, to prune fields at the gateway before the fetch to that country.</param>
/// <param name="JitIds">JITs that raised the level; records of those JITs (Case.jitIds) get <paramref name="Level"/>,
/// the adapter gives every other record <paramref name="LevelOutsideJit"/>. Sorted, for stable cache keys.</param>
/// <param name="LevelOutsideJit">The level from defaults and agreements alone.</param>
public sealed record Grant(AccessLevel Level, IReadOnlyList<string> JitIds, AccessLevel LevelOutsideJit)
{
    public static readonly Grant Nothing = new(AccessLevel.None, [], AccessLevel.None);
    public override string ToString() => $"{Level.Name()} (outside JIT {LevelOutsideJit.Name()}; JIT {string.Join(",", JitIds)})";
}

/// <summary>A loaded, validated policy. Immutable; replaced as a whole on reload.</summary>
public sealed class AccessPolicy
{
    public required string SchemaPath { get; init; }
    public required FrozenSet<string> Countries { get; init; }
    public required FrozenSet<string> Purposes { get; init; }
    /// <summary>By the exact iss value.</summary>
    public required FrozenDictionary<string, TrustedIssuer> Issuers { get; init; }
    public required IReadOnlyList<Agreement> Agreements { get; init; }
    public required IReadOnlyList<JointInvestigationTeam> Jits { get; init; }
    public required PolicyDefaults Defaults { get; init; }
    /// <summary>"Type.field" → required level, for every field of every object type of the canonical schema.</summary>
    public required FrozenDictionary<string, AccessLevel> FieldLevels { get; init; }
    /// <summary>Owner-notification webhook per country (countries[].notify_url); countries without one are
    /// notified through the pull feed (GET /audit/notifications) only.</summary>
    public FrozenDictionary<string, Uri> NotifyUrls { get; init; } = FrozenDictionary<string, Uri>.Empty;

    private FieldRule[]? _rules;
    private GrantCache? _grants;

    /// <summary>Grants of this policy, cached per principal shape, owner country and day.</summary>
    public GrantCache Grants => _grants ??= new GrantCache(this);

    /// <summary>The engine rule for a level: every field whose required level is above it is removed from the fetch.
    /// One instance per level and policy, so specialised fetches are shared by every request at that level.</summary>
    public FieldRule RuleFor(AccessLevel level)
    {
        var rules = LazyInitializer.EnsureInitialized(ref _rules, () => Enum.GetValues<AccessLevel>().Select(l => new FieldRule(l.Name(), (type, field) =>
        {
            var needed = RequiredLevel(type, field);
            return needed > l ? needed.Name() : null;
        }) { RecordIds = true }).ToArray());
        return rules[(int)level];
    }

    /// <summary>The level needed to see a field of the canonical schema. A field the policy does not know is
    /// <see cref="AccessLevel.Restricted"/>, the top of the ladder (fail closed).</summary>
    public AccessLevel RequiredLevel(string typeName, string fieldName)
        => FieldLevels.TryGetValue(typeName + "." + fieldName, out var l) ? l : AccessLevel.Restricted;

    /// <summary>Grant of <paramref name="principal"/> on <paramref name="ownerCountry"/>'s data, per domain.md §8:
    /// <list type="bullet">
    /// <item>an unknown owner country, or a principal holding the secretariat role (whatever else it holds): NONE;</item>
    /// <item>home country: defaults.home for the principal's best role (national rules: prosecutor RESTRICTED,
    /// analyst FULL in the checked-in policy);</item>
    /// <item>other country: the best of defaults.foreign (prosecutor HIT), every agreement owner → requester in force
    /// on <paramref name="now"/> (UTC date) for that purpose, role and (if it lists them) requesting case, and every
    /// JIT in force with both countries as members, the requesting case in the requester's scope, that purpose and
    /// role (FULL, or RESTRICTED when the JIT allows it).</item>
    /// </list></summary>
    public Grant GrantFor(Principal principal, string ownerCountry, string purpose, string caseReference, DateTimeOffset now)
    {
        if (!Countries.Contains(ownerCountry) || principal.Has(Roles.Secretariat)) return Grant.Nothing;
        if (ownerCountry == principal.Country)
        {
            var home = BestFor(Defaults.Home, principal.Roles);
            return home == AccessLevel.None ? Grant.Nothing : new Grant(home, [], home);
        }
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        var level = BestFor(Defaults.Foreign, principal.Roles);
        foreach (var a in Agreements)
        {
            if (a.Owner == ownerCountry && a.Requester == principal.Country && (a.Roles & principal.Roles) != 0
                && a.Purposes.Contains(purpose) && a.IsValidOn(day)
                && (a.RequestingCases is null || a.RequestingCases.Contains(caseReference)))
                level = AccessLevels.Max(level, a.Level);
        }
        var outside = level;
        List<string>? jits = null;
        foreach (var j in Jits)
        {
            if (j.Members.Contains(ownerCountry) && j.Members.Contains(principal.Country) && (j.Roles & principal.Roles) != 0
                && j.Purposes.Contains(purpose) && j.IsValidOn(day)
                && j.CasesInScope.TryGetValue(principal.Country, out var cases) && cases.Contains(caseReference))
            {
                level = AccessLevels.Max(level, j.EffectiveLevel);
                (jits ??= []).Add(j.Id);
            }
        }
        if (jits is not null) jits.Sort(StringComparer.Ordinal);
        if (level == AccessLevel.None) return Grant.Nothing;
        return new Grant(level, jits is null ? [] : jits, outside);
    }

    private static AccessLevel BestFor(FrozenDictionary<Roles, AccessLevel> byRole, Roles roles)
    {
        var best = AccessLevel.None;
        foreach (var r in RoleNames.Each(roles))
            if (byRole.TryGetValue(r, out var l)) best = AccessLevels.Max(best, l);
        return best;
    }
}
