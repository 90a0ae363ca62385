using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Mapping;

/// <summary>The mapping's code lists, looked up by folded national code (case and accents ignored).</summary>
public sealed class CodeLists
{
    private static readonly Dictionary<string, string> Alpha3 = new(StringComparer.Ordinal)
    {
        ["ARG"] = "AR", ["BOL"] = "BO", ["BRA"] = "BR", ["CHL"] = "CL", ["COL"] = "CO", ["CRI"] = "CR", ["DOM"] = "DO",
        ["ECU"] = "EC", ["ESP"] = "ES", ["GTM"] = "GT", ["HND"] = "HN", ["MEX"] = "MX", ["NIC"] = "NI", ["PAN"] = "PA",
        ["PER"] = "PE", ["PRT"] = "PT", ["PRY"] = "PY", ["SLV"] = "SV", ["URY"] = "UY", ["VEN"] = "VE",
    };

    private static readonly Dictionary<string, string> Demonyms = new(StringComparer.Ordinal)
    {
        ["ARGENTINA"] = "AR", ["ARGENTINO"] = "AR", ["BOLIVIANA"] = "BO", ["BOLIVIANO"] = "BO", ["BRASILENA"] = "BR",
        ["BRASILENO"] = "BR", ["BRASILEIRA"] = "BR", ["BRASILEIRO"] = "BR", ["CHILENA"] = "CL", ["CHILENO"] = "CL",
        ["COLOMBIANA"] = "CO", ["COLOMBIANO"] = "CO", ["COSTARRICENSE"] = "CR", ["DOMINICANA"] = "DO", ["DOMINICANO"] = "DO",
        ["ECUATORIANA"] = "EC", ["ECUATORIANO"] = "EC", ["ESPANOLA"] = "ES", ["ESPANOL"] = "ES", ["GUATEMALTECA"] = "GT",
        ["GUATEMALTECO"] = "GT", ["HONDURENA"] = "HN", ["HONDURENO"] = "HN", ["MEXICANA"] = "MX", ["MEXICANO"] = "MX",
        ["NICARAGUENSE"] = "NI", ["PANAMENA"] = "PA", ["PANAMENO"] = "PA", ["PERUANA"] = "PE", ["PERUANO"] = "PE",
        ["PORTUGUESA"] = "PT", ["PORTUGUES"] = "PT", ["PARAGUAYA"] = "PY", ["PARAGUAYO"] = "PY", ["PARAGUAIA"] = "PY",
        ["PARAGUAIO"] = "PY", ["SALVADORENA"] = "SV", ["SALVADORENO"] = "SV", ["URUGUAYA"] = "UY", ["URUGUAYO"] = "UY",
        ["URUGUAIA"] = "UY", ["URUGUAIO"] = "UY", ["VENEZOLANA"] = "VE", ["VENEZOLANO"] = "VE", ["VENEZUELANA"] = "VE",
        ["VENEZUELANO"] = "VE",
    };

    private readonly AdapterMapping _m;
    private readonly Dictionary<string, string> _nationalities;
    private readonly Dictionary<string, string> _sex, _precision, _roles, _statuses, _stages, _aggravating, _exploitation, _orgKinds;
    private readonly Dictionary<string, DocumentTypeCode> _docTypes;
    private readonly Dictionary<string, OffenceCode> _offences;

    public CodeLists(AdapterMapping mapping)
    {
        _m = mapping;
        _nationalities = Fold(mapping.Codes.Nationalities);
        _sex = Fold(mapping.Codes.Sex);
        _precision = Fold(mapping.Codes.BirthPrecision);
        _roles = Fold(mapping.Codes.Roles);
        _statuses = Fold(mapping.Codes.Statuses);
        _stages = Fold(mapping.Codes.Stages);
        _aggravating = Fold(mapping.Codes.Aggravating);
        _exploitation = Fold(mapping.Codes.Exploitation);
        _orgKinds = Fold(mapping.Codes.OrganisationKinds);
        _docTypes = mapping.Codes.DocumentTypes.ToDictionary(kv => Names.Fold(kv.Key), kv => kv.Value, StringComparer.Ordinal);
        _offences = mapping.Codes.Offences.ToDictionary(kv => Names.Fold(kv.Key), kv => kv.Value, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> Fold(Dictionary<string, string> d)
    {
        var r = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in d)
            r[Names.Fold(k)] = v;
        return r;
    }

    /// <summary>ISO 3166-1 alpha-2 of a REDTRAM country, or null (not a member country, or unknown).</summary>
    public string? Country(string? raw)
    {
        var k = Names.Fold(raw);
        if (k.Length == 0)
            return null;
        if (_nationalities.TryGetValue(k, out var v))
            return Api.CanonicalSchema.CountryCodes.Contains(v) ? v : null;
        if (k.Length == 2 && Api.CanonicalSchema.CountryCodes.Contains(k))
            return k;
        if (Alpha3.TryGetValue(k, out v) || Demonyms.TryGetValue(k, out v))
            return v;
        return null;
    }

    public string Sex(string? raw) => _sex.GetValueOrDefault(Names.Fold(raw)) ?? "UNKNOWN";
    public string? Precision(string? raw) => _precision.GetValueOrDefault(Names.Fold(raw));
    public string? Role(string? raw) => _roles.GetValueOrDefault(Names.Fold(raw));
    public string Status(string? raw) => _statuses.GetValueOrDefault(Names.Fold(raw)) ?? "OTHER";
    public string Stage(string? raw) => _stages.GetValueOrDefault(Names.Fold(raw)) ?? (string.IsNullOrWhiteSpace(raw) ? "COMMITTED" : Names.Fold(raw));
    public string? Aggravating(string? raw) => _aggravating.GetValueOrDefault(Names.Fold(raw));
    public string? Exploitation(string? raw) => _exploitation.GetValueOrDefault(Names.Fold(raw));
    public string OrganisationKind(string? raw) => _orgKinds.GetValueOrDefault(Names.Fold(raw)) ?? "COMPANY";

    /// <summary>Canonical type, rule and label of a national document type code.</summary>
    public (string Type, string? Rule, string Label) DocumentType(string? raw)
    {
        var k = Names.Fold(raw);
        if (_docTypes.TryGetValue(k, out var d))
            return (d.Type, d.Rule, d.Label ?? raw?.Trim() ?? "");
        return ("OTHER", null, raw?.Trim() ?? "");
    }

    /// <summary>The canonical offence of a national article (unmapped articles fall back to codes.unmappedOffence).</summary>
    public OffenceCode Offence(string? article)
    {
        if (_offences.TryGetValue(Names.Fold(article), out var o))
            return o;
        var fallback = _m.Codes.UnmappedOffence ?? new OffenceCode { Category = "RELATED", Iccs = "0" };
        return new OffenceCode
        {
            Ref = $"{_m.Country}-{Names.Fold(article).Replace(' ', '-')}",
            Category = fallback.Category,
            Iccs = fallback.Iccs,
            Forms = fallback.Forms,
        };
    }

    /// <summary>Every mapped offence (for searches by category or ICCS code).</summary>
    public IEnumerable<(string Article, OffenceCode Offence)> AllOffences() => _offences.Select(kv => (kv.Key, kv.Value));
}
