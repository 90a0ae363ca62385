namespace Redtram.Grants;

/// <summary>The access ladder of domain.md §8, ordered: a higher value includes everything below it.</summary>
public enum AccessLevel
{
    /// <summary>L0: nothing, not even whether a record exists.</summary>
    None = 0,
    /// <summary>L1: hit / no hit, counts, entity type, offence category, contact point.</summary>
    Hit = 1,
    /// <summary>L2: case number, status, ICCS code, office, dates, matched identifiers.</summary>
    Summary = 2,
    /// <summary>L3: the record and linked entities, protected identities withheld.</summary>
    Full = 3,
    /// <summary>L4: protected identities too, granted case by case by the owner.</summary>
    Restricted = 4,
}

public static class AccessLevels
{
    public static bool TryParse(string? text, out AccessLevel level)
    {
        switch (text)
        {
            case "NONE": level = AccessLevel.None; return true;
            case "HIT": level = AccessLevel.Hit; return true;
            case "SUMMARY": level = AccessLevel.Summary; return true;
            case "FULL": level = AccessLevel.Full; return true;
            case "RESTRICTED": level = AccessLevel.Restricted; return true;
            default: level = AccessLevel.None; return false;
        }
    }

    /// <summary>The name used in policy files and in errors (NONE, HIT, SUMMARY, FULL, RESTRICTED).</summary>
    public static string Name(this AccessLevel level) => level switch
    {
        AccessLevel.None => "NONE",
        AccessLevel.Hit => "HIT",
        AccessLevel.Summary => "SUMMARY",
        AccessLevel.Full => "FULL",
        AccessLevel.Restricted => "RESTRICTED",
        _ => "NONE",
    };

    public static AccessLevel Max(AccessLevel a, AccessLevel b) => a >= b ? a : b;
}
