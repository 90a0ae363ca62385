namespace Redtram.DemoData;

/// <summary>What differs per country: nationality mix, offices, articles, documents, phones, and how rows are written.</summary>
public abstract class Country
{
    public abstract string Code { get; }
    /// <summary>ISO alpha-2 nationality weights of the people recorded.</summary>
    public abstract (string Nat, int Weight)[] Nationalities { get; }
    /// <summary>Foreign nationalities of smuggled migrants.</summary>
    public abstract (string Nat, int Weight)[] MigrantNationalities { get; }
    public abstract string[] Places { get; }
    public abstract int OfficeCount { get; }
    /// <summary>Articles for a category, chosen by the opening date (a law can replace another).</summary>
    public abstract GenOffence[] Offences(string category, DateOnly opened, Rng rng, bool minorVictim);
    public abstract List<GenDoc> Documents(GenPerson p, Rng rng, long index);
    /// <summary>National significant number of a mobile phone, derived from an index (so it can be shared).</summary>
    public abstract string MobileDigits(long index);
    /// <summary>A national mobile as a clerk typed it.</summary>
    public abstract string FormatMobile(string digits, Rng rng);
    public abstract string OrgName(Rng rng, string kind);
    public abstract string? OrgTaxId(Rng rng, long index);

    public abstract void WriteCodeTables(Sink sink);
    public abstract void WriteCase(Sink sink, GenCase c, GenPerson? leadSuspect);
    public abstract void WriteOrg(Sink sink, GenOrg o);
    public abstract void WriteCaseOrg(Sink sink, GenCase c, GenOrg o);
    public abstract void WritePerson(Sink sink, GenPerson p);

    public static Country For(string code) => code.ToLowerInvariant() switch
    {
        "pe" => new Peru(),
        "cl" => new Chile(),
        "br" => new Brazil(),
        "py" => new Paraguay(),
        _ => throw new ArgumentException($"unknown demo country '{code}' (pe, cl, br, py)", nameof(code)),
    };

    public static readonly string[] All = ["pe", "cl", "br", "py"];

    protected static long Hash(string country, long index, int salt)
    {
        var r = Rng.For(0x5EED, country, 900 + salt, index);
        return (long)(r.NextULong() >> 1);
    }

    /// <summary>A bijection of 0..modulus-1 (2^31−1 is prime): unique, scattered document numbers without a lookup.</summary>
    protected static long Perm(long index, long modulus, long salt) => ((index % modulus) * 2_147_483_647L + salt) % modulus;

    /// <summary>A foreign person's own passport, with a format loosely like the issuer's.</summary>
    protected static GenDoc ForeignPassport(string nat, Rng rng) => nat switch
    {
        "VE" => new GenDoc("PASSPORT", "PASAPORTE", rng.Digits(9), "VE"),
        "CO" => new GenDoc("PASSPORT", "PASAPORTE", "A" + rng.Digits(8), "CO"),
        "HT" => new GenDoc("PASSPORT", "PASAPORTE", "R" + ((char)('A' + rng.Next(26))) + rng.Digits(7), "HT"),
        "CN" => new GenDoc("PASSPORT", "PASAPORTE", "E" + rng.Digits(8), "CN"),
        "BO" => new GenDoc("PASSPORT", "PASAPORTE", rng.Digits(7), "BO"),
        "BR" => new GenDoc("PASSPORT", "PASAPORTE", "F" + ((char)('A' + rng.Next(26))) + rng.Digits(6), "BR"),
        _ => new GenDoc("PASSPORT", "PASAPORTE", ((char)('A' + rng.Next(26))).ToString() + rng.Digits(7), nat),
    };

    public static string Canonical3(string nat) => nat switch
    {
        "PE" => "PER", "CL" => "CHL", "BR" => "BRA", "PY" => "PRY", "VE" => "VEN", "CO" => "COL", "BO" => "BOL",
        "EC" => "ECU", "AR" => "ARG", "HT" => "HTI", "CN" => "CHN", "DO" => "DOM", "UY" => "URY", _ => "XXX",
    };

    public static string Demonym(string nat) => nat switch
    {
        "PE" => "PERUANA", "CL" => "CHILENA", "BR" => "BRASILEÑA", "PY" => "PARAGUAYA", "VE" => "VENEZOLANA",
        "CO" => "COLOMBIANA", "BO" => "BOLIVIANA", "EC" => "ECUATORIANA", "AR" => "ARGENTINA", "HT" => "HAITIANA",
        "CN" => "CHINA", "DO" => "DOMINICANA", "UY" => "URUGUAYA", _ => "OTRA",
    };

    /// <summary>The person's full name in Spanish order: given paternal maternal [de spousal].</summary>
    public static string SpanishFullName(GenPerson p)
    {
        var parts = new List<string> { p.GivenNames };
        if (p.Paternal is not null) parts.Add(p.Paternal);
        if (p.Maternal is not null) parts.Add(p.Maternal);
        if (p.Spousal is not null) parts.Add("de " + p.Spousal);
        return string.Join(' ', parts);
    }

    /// <summary>Portuguese order: given maternal paternal [suffix].</summary>
    public static string PortugueseFullName(GenPerson p)
    {
        var parts = new List<string> { p.GivenNames };
        if (p.Maternal is not null) parts.Add(p.Maternal);
        if (p.Paternal is not null) parts.Add(p.Paternal);
        if (p.Spousal is not null) parts.Add(p.Spousal);
        if (p.Suffix is not null) parts.Add(p.Suffix);
        return string.Join(' ', parts);
    }

    public static string FullName(GenPerson p) => p.PortugueseOrder ? PortugueseFullName(p) : SpanishFullName(p);

    /// <summary>Lead suspect or null; PY's carátula names him.</summary>
    protected static string SuspectRole(string status) => status switch
    {
        "CONVICTED" => "CONVICTED",
        "CHARGED" or "TRIAL" or "ACQUITTED" => "ACCUSED",
        _ => "SUSPECT",
    };
}
