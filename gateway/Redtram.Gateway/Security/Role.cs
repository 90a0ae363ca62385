namespace Redtram.Gateway.Security;

/// <summary>Roles a national identity provider may assert in the <c>roles</c> claim. A set, so a principal's
/// "shape" (country, roles) is a small value usable as a cache key.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Prosecutor = 1,
    Analyst = 2,
    DataProtectionOfficer = 4,
    Secretariat = 8,
    Integrator = 16,
    Admin = 32,
    /// <summary>A country's single point of contact (Directive 2023/977): sees the hits on its country's data and
    /// the owner notifications; no content.</summary>
    ContactPoint = 64,
}

public static class RoleNames
{
    /// <summary>Claim values, exactly as they appear in tokens and in policy files.</summary>
    public static readonly IReadOnlyDictionary<string, Roles> ByName = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        ["prosecutor"] = Roles.Prosecutor,
        ["analyst"] = Roles.Analyst,
        ["data-protection-officer"] = Roles.DataProtectionOfficer,
        ["secretariat"] = Roles.Secretariat,
        ["integrator"] = Roles.Integrator,
        ["admin"] = Roles.Admin,
        ["contact-point"] = Roles.ContactPoint,
    };

    /// <summary>The claim value of one role.</summary>
    public static string NameOf(Roles role) => ByName.First(p => p.Value == role).Key;

    public static bool TryParse(string? name, out Roles role)
    {
        if (name is not null && ByName.TryGetValue(name, out role)) return true;
        role = Roles.None;
        return false;
    }

    public static IEnumerable<Roles> Each(Roles set)
    {
        foreach (var r in ByName.Values)
            if ((set & r) != 0) yield return r;
    }
}
