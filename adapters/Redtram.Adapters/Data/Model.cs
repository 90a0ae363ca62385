using Redtram.Adapters.Access;
using Redtram.Grants;

namespace Redtram.Adapters.Data;

// Canonical records as the GraphQL layer returns them; property names are the schema's field names.
// Records are loaded per request (never shared between requests): RequestAccess stamps each with the level the request's
// grant gives it (Level, None until stamped: fail closed), and its parts with the same level.

public sealed record HandlingInfo(string Code, IReadOnlyList<string> Restrictions);

public sealed record SurnameInfo(string Value, string Kind) : IRecordLevel
{
    public AccessLevel Level { get; set; }
}

public sealed record DocumentInfo(string Type, string LocalType, string Number, string Normalized, string Issuer, bool? CheckDigitValid) : IRecordLevel
{
    public AccessLevel Level { get; set; }
}

public sealed record PhoneInfo(string E164, IReadOnlyList<string> Imeis, IReadOnlyList<string> Handles) : IRecordLevel
{
    public AccessLevel Level { get; set; }
}

public sealed record OffenceInfo(string LocalLegalRef, string Category, string IccsCode, string Stage,
    IReadOnlyList<string> AggravatingFactors, IReadOnlyList<string> ExploitationForms) : IRecordLevel
{
    public AccessLevel Level { get; set; }
}

public sealed record OrganisationInfo(string Id, string SourceCountry, string Name, string Kind, string? TaxId) : IRecordLevel
{
    public AccessLevel Level { get; set; }

    public string LocalId => Id[(Id.IndexOf(':') + 1)..];
}

/// <summary>A participation; person and case are resolved lazily (batched) by the GraphQL layer.</summary>
public sealed record ParticipationInfo(string Role, bool MinorAtFacts, string Protection, string PersonLocalId, string CaseLocalId) : IRecordLevel
{
    public AccessLevel Level { get; set; }
}

public sealed class PersonInfo : IRecordLevel
{
    public AccessLevel Level { get; set; }
    public required string Id { get; init; }
    public required string LocalId { get; init; }
    public required string SourceCountry { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required HandlingInfo Handling { get; init; }
    public string Sensitivity { get; set; } = "NORMAL";
    /// <summary>True when only a pseudonymous reference is returned (identity withheld).</summary>
    public bool Pseudonymous { get; set; }
    /// <summary>The "CC:~pseudonym" reference this view was looked up by (then shown as is); null otherwise.</summary>
    public string? PseudonymousId { get; private set; }
    /// <summary>Where a pseudonymous person is shown, for their pseudonym: null for search hits and look-ups
    /// (<see cref="Pseudonyms.HitContext"/>), "case:CC:id" in a case's participants.</summary>
    public string? PseudonymContext { get; private set; }

    /// <summary>The same record shown in another context (a shallow copy: only the context differs).</summary>
    public PersonInfo InContext(string context)
    {
        var copy = (PersonInfo)MemberwiseClone();
        copy.PseudonymContext = context;
        return copy;
    }

    /// <summary>The same record looked up by a pseudonymous reference: shown with that reference while it is pseudonymous.</summary>
    public PersonInfo AsReference(string pseudonymousId)
    {
        var copy = (PersonInfo)MemberwiseClone();
        copy.PseudonymousId = pseudonymousId;
        return copy;
    }
    public List<string> GivenNames { get; } = [];
    public List<SurnameInfo> Surnames { get; } = [];
    public string NameAsRecorded { get; set; } = "";
    public List<string> Aliases { get; } = [];
    public string Sex { get; set; } = "UNKNOWN";
    public string? BirthDate { get; set; }
    public string BirthDatePrecision { get; set; } = "UNKNOWN";
    /// <summary>First and last day the birth date may be (for range filters), ISO dates.</summary>
    public string? BirthFrom { get; set; }
    public string? BirthTo { get; set; }
    public List<string> Nationalities { get; } = [];
    public List<DocumentInfo> Documents { get; } = [];
    public List<PhoneInfo> Phones { get; } = [];
    public List<ParticipationInfo> Participations { get; } = [];
}

public sealed class CaseInfo : IRecordLevel
{
    public AccessLevel Level { get; set; }
    public required string Id { get; init; }
    public required string LocalId { get; init; }
    public required string SourceCountry { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required HandlingInfo Handling { get; init; }
    public string Sensitivity { get; set; } = "NORMAL";
    public string LocalNumber { get; set; } = "";
    public string Office { get; set; } = "";
    public string Status { get; set; } = "OTHER";
    public string LocalStatus { get; set; } = "";
    public string OpenedOn { get; set; } = "";
    public string? ClosedOn { get; set; }
    public List<OffenceInfo> Offences { get; } = [];
    public List<string> ExploitationForms { get; } = [];
    public List<string> JitIds { get; } = [];
    public bool Confidential { get; set; }
    public List<ParticipationInfo> Participants { get; } = [];
    public List<string> OrganisationIds { get; } = [];
}

public sealed record ContactPointInfo(string Country, string Office, string Unit, string Email, string Phone, IReadOnlyList<string> Channels);
