namespace Redtram.DemoData;

/// <summary>Canonical-ish intermediate records; each country writer maps them to its own tables and codes.</summary>
public sealed class GenPerson
{
    public int Id { get; set; }
    public string Nationality { get; set; } = "";          // ISO alpha-2
    public char Sex { get; set; }                           // 'F', 'M', 'U'
    public string GivenNames { get; set; } = "";
    public string? Paternal { get; set; }                   // father's surname (Spanish first, Portuguese last)
    public string? Maternal { get; set; }
    public string? Spousal { get; set; }                    // "Pérez" in "López de Pérez"
    public string? Suffix { get; set; }                     // Filho, Júnior, Neto
    public bool PortugueseOrder { get; set; }
    public DateOnly? BirthDate { get; set; }
    public int? BirthYearOnly { get; set; }
    public List<string> Aliases { get; } = [];
    public List<GenDoc> Documents { get; } = [];
    public List<GenPhone> Phones { get; } = [];
    public List<GenPart> Participations { get; } = [];
}

/// <summary>Kind: NATIONAL_ID, PASSPORT, TAX_ID, RESIDENCE_PERMIT, TEMPORARY_PROTECTION, OTHER; LocalType is the national code.</summary>
public sealed record GenDoc(string Kind, string LocalType, string Number, string Issuer);

public sealed record GenPhone(string Typed, string? Imei);

/// <summary>Role is the canonical ParticipationRole name.</summary>
public sealed record GenPart(int CaseId, string Role, bool Minor, bool ReservedIdentity, bool ProtectedWitness, string? Code);

public sealed class GenCase
{
    public int Id { get; set; }
    public string Category { get; set; } = "TIP";          // TIP, SOM, RELATED
    public List<GenOffence> Offences { get; } = [];
    public List<string> Forms { get; } = [];                // canonical ExploitationForm names
    public string Status { get; set; } = "INVESTIGATION";   // canonical CaseStatus
    public DateOnly Opened { get; set; }
    public DateOnly? Closed { get; set; }
    public int Office { get; set; }
    public string Place { get; set; } = "";
    public string? Jit { get; set; }
    public bool Confidential { get; set; }
    public List<int> Organisations { get; } = [];
    /// <summary>Set by the story for a fixed national number; otherwise derived.</summary>
    public string? FixedNumber { get; set; }
    public int Sequence { get; set; }
}

/// <summary>Article is the country profile's article key (e.g. "CP 129-A").</summary>
public sealed record GenOffence(string Article, bool Attempt, bool MinorVictim, bool OrganisedGroup, bool PublicOfficial, bool LifeEndangered);

public sealed record GenOrg(int Id, string Name, string Kind, string? TaxId);
