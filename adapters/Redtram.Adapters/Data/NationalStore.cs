using System.Globalization;
using Redtram.Adapters.Mapping;
using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Data;

/// <summary>Reads canonical records from the national database through the mapping's SQL and code lists.</summary>
public sealed class NationalStore
{
    private static readonly HashSet<string> CommonSecondGiven = new(StringComparer.Ordinal)
    {
        "MARIA", "JOSE", "PEDRO", "PAULO", "PAULA", "CARLOS", "LUIZ", "LUIS", "ANTONIO", "EDUARDO", "APARECIDA", "CRISTINA",
        "FERNANDA", "CLARA", "LUCIA", "HENRIQUE", "GABRIEL", "VITOR", "MIGUEL", "AUGUSTO", "ALBERTO", "MANUEL", "JOAO", "ANA",
        "TERESA", "ISABEL", "ELENA", "FERNANDO", "FRANCISCO", "RAFAEL", "VICTOR", "ANDRES", "ALEJANDRO", "DEL", "DE",
    };

    private readonly AdapterMapping _m;
    private readonly CodeLists _codes;
    private readonly HandlingInfo _handling;

    public NationalStore(AdapterMapping mapping, NationalDb db)
    {
        _m = mapping;
        Db = db;
        _codes = new CodeLists(mapping);
        _handling = new HandlingInfo(mapping.Handling.Code, mapping.Handling.Restrictions);
        Country = mapping.Country;
    }

    public NationalDb Db { get; }
    public string Country { get; }
    public CodeLists Codes => _codes;
    public AdapterMapping Mapping => _m;

    public ContactPointInfo ContactPoint => new(Country, _m.ContactPoint.Office, _m.ContactPoint.Unit, _m.ContactPoint.Email,
        _m.ContactPoint.Phone, _m.ContactPoint.Channels);

    // ---------------------------------------------------------------- persons

    public async Task<Dictionary<string, PersonInfo>> PersonsAsync(IReadOnlyCollection<string> localIds, CancellationToken ct)
    {
        var result = new Dictionary<string, PersonInfo>(StringComparer.Ordinal);
        if (localIds.Count == 0)
            return result;
        var asOf = DateTimeOffset.UtcNow;
        foreach (var row in await Db.ByKeysAsync(_m.Sql.Persons, "id", localIds, _m.Keys.Persons, ct))
        {
            var p = PersonFromRow(row, asOf);
            result.TryAdd(p.LocalId, p);
        }
        if (result.Count == 0)
            return result;
        var keys = result.Keys.ToList();
        if (_m.Sql.Aliases is { } aliasSql)
            foreach (var row in await Db.ByKeysAsync(aliasSql, "person_id", keys, _m.Keys.Persons, ct))
                if (result.TryGetValue(row.Text("person_id") ?? "", out var p) && row.Text("alias") is { } a && !p.Aliases.Contains(a))
                    p.Aliases.Add(a);
        if (_m.Sql.Documents is { } docSql)
            foreach (var row in await Db.ByKeysAsync(docSql, "person_id", keys, _m.Keys.Persons, ct))
                if (result.TryGetValue(row.Text("person_id") ?? "", out var p) && DocumentFromRow(row) is { } d
                    && !p.Documents.Any(x => x.Normalized == d.Normalized && x.Issuer == d.Issuer))
                    p.Documents.Add(d);
        if (_m.Sql.Phones is { } phoneSql)
            foreach (var row in await Db.ByKeysAsync(phoneSql, "person_id", keys, _m.Keys.Persons, ct))
                if (result.TryGetValue(row.Text("person_id") ?? "", out var p) && PhoneFromRow(row) is { } ph)
                {
                    var existing = p.Phones.FindIndex(x => x.E164 == ph.E164);
                    if (existing < 0)
                        p.Phones.Add(ph);
                    else
                        p.Phones[existing] = ph with { Imeis = p.Phones[existing].Imeis.Union(ph.Imeis).ToList(), Handles = p.Phones[existing].Handles.Union(ph.Handles).ToList() };
                }
        if (_m.Sql.Participations is { } partSql)
            foreach (var row in await Db.ByKeysAsync(partSql, "person_id", keys, _m.Keys.Persons, ct))
                if (result.TryGetValue(row.Text("person_id") ?? "", out var p) && ParticipationFromRow(row) is { } part)
                    p.Participations.Add(part);
        foreach (var p in result.Values)
            p.Sensitivity = SensitivityOf(p.Participations);
        return result;
    }

    public static string SensitivityOf(IEnumerable<ParticipationInfo> parts)
    {
        var s = "NORMAL";
        foreach (var part in parts)
        {
            if (part.Protection != "NONE")
                return "RESTRICTED";
            if (part.MinorAtFacts || part.Role is "VICTIM" or "PRESUMED_VICTIM" or "SMUGGLED_MIGRANT")
                s = "SENSITIVE";
        }
        return s;
    }

    public PersonInfo PersonFromRow(Row row, DateTimeOffset asOf)
    {
        var localId = row.Text("id") ?? "";
        var p = new PersonInfo
        {
            Id = $"{Country}:{localId}",
            LocalId = localId,
            SourceCountry = Country,
            AsOf = ParseInstant(row.Text("as_of")) ?? asOf,
            Handling = row.Text("handling_code") is { } h ? new HandlingInfo(h, _handling.Restrictions) : _handling,
        };
        // Given names and surnames: split columns, one multi-surname column, or one full-name column.
        var given = row.Text("given_names");
        var recorded = new List<string>();
        if (row.Text("full_name") is { } full && given is null && row.Text("surname_paternal") is null && row.Text("surnames") is null)
        {
            var (g, s) = SplitFullName(full);
            p.GivenNames.AddRange(g);
            p.Surnames.AddRange(s);
            recorded.Add(full);
        }
        else
        {
            if (given is not null)
            {
                p.GivenNames.AddRange(given.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                recorded.Add(given);
            }
            foreach (var (col, kind) in new[] { ("surname_paternal", "PATERNAL"), ("surname_maternal", "MATERNAL"), ("surname", "SINGLE") })
                if (row.Text(col) is { } v)
                {
                    p.Surnames.Add(new SurnameInfo(v, kind));
                    recorded.Add(v);
                }
            if (row.Text("surnames") is { } many)
            {
                var groups = GroupSurnames(many);
                var portuguese = _m.Names.SurnameOrder == "portuguese";
                for (var i = 0; i < groups.Count; i++)
                {
                    var kind = groups.Count == 1 ? "SINGLE"
                        : !portuguese && i > 0 && IsSpousal(groups[i]) ? "SPOUSAL"
                        : portuguese ? (i == groups.Count - 1 ? "PATERNAL" : "MATERNAL")
                        : (i == 0 ? "PATERNAL" : "MATERNAL");
                    p.Surnames.Add(new SurnameInfo(groups[i], kind));
                }
                recorded.Add(many);
            }
            if (row.Text("surname_spousal") is { } sp)
            {
                p.Surnames.Add(new SurnameInfo(sp, "SPOUSAL"));
                recorded.Add("de " + sp);
            }
        }
        p.NameAsRecorded = row.Text("name_as_recorded") ?? string.Join(' ', recorded);
        if (row.Text("aliases") is { } aliases)
            foreach (var a in aliases.Split(_m.Names.AliasSeparators.ToCharArray(), StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!p.Aliases.Contains(a))
                    p.Aliases.Add(a);
        p.Sex = _codes.Sex(row.Text("sex"));
        SetBirth(p, row.Text("birth_date"), row.Text("birth_year"), row.Text("birth_precision"));
        if (row.Text("nationality") is { } nat)
            foreach (var n in nat.Split([',', ';', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (_codes.Country(n) is { } cc && !p.Nationalities.Contains(cc))
                    p.Nationalities.Add(cc);
        // Documents and phones carried on the person row itself (systems without a separate table).
        if (row.Text("document_number") is not null && DocumentFromRow(row) is { } d)
            p.Documents.Add(d);
        if (row.Text("phone") is { } phone && Phones.ToE164(phone, Country) is { } e164)
            p.Phones.Add(new PhoneInfo(e164, row.Text("imei") is { } i ? [i] : [], []));
        return p;
    }

    private void SetBirth(PersonInfo p, string? date, string? year, string? precisionCode)
    {
        var precision = precisionCode is null ? null : _codes.Precision(precisionCode);
        if (precision == "UNKNOWN")
            return;
        if (date is not null && date.Length >= 4)
        {
            var d = date.Length >= 10 ? date[..10] : date;
            var parts = d.Split('-');
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
                return;
            var m = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var mm) ? mm : 0;
            var day = parts.Length > 2 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var dd) ? dd : 0;
            precision ??= day > 0 ? "DAY" : m > 0 ? "MONTH" : "YEAR";
            SetRange(p, y, Math.Max(m, 1), Math.Max(day, 1), precision);
        }
        else if (year is not null && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            SetRange(p, y, 1, 1, "YEAR");
        }
    }

    private static void SetRange(PersonInfo p, int y, int m, int d, string precision)
    {
        if (y is < 1800 or > 2200 || m is < 1 or > 12)
            return;
        d = Math.Min(d, DateTime.DaysInMonth(y, m));
        var date = new DateOnly(y, m, d);
        (DateOnly from, DateOnly to) = precision switch
        {
            "YEAR" => (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31)),
            "MONTH" => (new DateOnly(y, m, 1), new DateOnly(y, m, DateTime.DaysInMonth(y, m))),
            _ => (date, date),
        };
        p.BirthDatePrecision = precision;
        p.BirthDate = (precision == "DAY" ? date : from).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        p.BirthFrom = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        p.BirthTo = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    /// <summary>"de Pérez" after the own surnames: a married woman's spousal surname (Spanish usage).</summary>
    private static bool IsSpousal(string group)
    {
        var words = group.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 2 && Names.Fold(words[0]) == "DE";
    }

    /// <summary>Surnames written in one field: particles stay with the word they introduce ("de la Cruz").</summary>
    public static List<string> GroupSurnames(string text)
    {
        var groups = new List<string>();
        var pending = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = Names.Fold(word);
            if (Names.IsParticle(f) && f != "E" && f != "Y")
            {
                pending = pending.Length == 0 ? word : pending + " " + word;
                continue;
            }
            if (f is "E" or "Y")
                continue;
            if (f is "FILHO" or "JUNIOR" or "JR" or "NETO" or "SOBRINHO" && groups.Count > 0)
            {
                groups[^1] += " " + word;
                continue;
            }
            groups.Add(pending.Length == 0 ? word : pending + " " + word);
            pending = "";
        }
        return groups;
    }

    /// <summary>A full name in one field (given names first): the first given name, a second one when it is a usual given name, then surnames.</summary>
    public (List<string> Given, List<SurnameInfo> Surnames) SplitFullName(string full)
    {
        var words = full.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var given = new List<string>();
        if (words.Count > 0)
        {
            given.Add(words[0]);
            words.RemoveAt(0);
        }
        if (words.Count >= 2 && CommonSecondGiven.Contains(Names.Fold(words[0])) && !Names.IsParticle(Names.Fold(words[0])))
        {
            given.Add(words[0]);
            words.RemoveAt(0);
        }
        var groups = GroupSurnames(string.Join(' ', words));
        var portuguese = _m.Names.SurnameOrder == "portuguese";
        var surnames = groups.Select((g, i) => new SurnameInfo(g, groups.Count == 1 ? "SINGLE"
            : portuguese ? (i == groups.Count - 1 ? "PATERNAL" : "MATERNAL") : (i == 0 ? "PATERNAL" : "MATERNAL"))).ToList();
        return (given, surnames);
    }

    public DocumentInfo? DocumentFromRow(Row row)
    {
        var number = row.Text("document_number") ?? row.Text("number");
        if (number is null)
            return null;
        var (type, rule, label) = _codes.DocumentType(row.Text("document_type") ?? row.Text("type"));
        var issuer = _codes.Country(row.Text("document_issuer") ?? row.Text("issuer")) ?? Country;
        var check = Documents.Check(rule ?? Documents.DefaultRule(issuer, type, Documents.Normalize(number)), number);
        return new DocumentInfo(type, label, number, check.Normalized, issuer, check.Valid);
    }

    public PhoneInfo? PhoneFromRow(Row row)
    {
        var e164 = Phones.ToE164(row.Text("number") ?? row.Text("phone"), Country);
        if (e164 is null)
            return null;
        return new PhoneInfo(e164, row.Text("imei") is { } i ? [i] : [], row.Text("handle") is { } h ? [h] : []);
    }

    public ParticipationInfo? ParticipationFromRow(Row row)
    {
        var role = _codes.Role(row.Text("role"));
        var person = row.Text("person_id");
        var @case = row.Text("case_id");
        if (role is null || person is null || @case is null)
            return null;
        var protection = row.Flag("protected_witness") ? "PROTECTED_WITNESS" : row.Flag("reserved_identity") ? "RESERVED_IDENTITY" : "NONE";
        return new ParticipationInfo(role, row.Flag("minor"), protection, person, @case);
    }

    // ---------------------------------------------------------------- cases

    public async Task<Dictionary<string, CaseInfo>> CasesAsync(IReadOnlyCollection<string> localIds, CancellationToken ct)
    {
        var result = new Dictionary<string, CaseInfo>(StringComparer.Ordinal);
        if (localIds.Count == 0)
            return result;
        var asOf = DateTimeOffset.UtcNow;
        foreach (var row in await Db.ByKeysAsync(_m.Sql.Cases, "id", localIds, _m.Keys.Cases, ct))
        {
            var c = CaseFromRow(row, asOf);
            result.TryAdd(c.LocalId, c);
        }
        if (result.Count == 0)
            return result;
        var keys = result.Keys.ToList();
        if (_m.Sql.Offences is { } offSql)
            foreach (var row in await Db.ByKeysAsync(offSql, "case_id", keys, _m.Keys.Cases, ct))
                if (result.TryGetValue(row.Text("case_id") ?? "", out var c))
                    c.Offences.Add(OffenceFromRow(row));
        if (_m.Sql.CaseExploitation is { } expSql)
            foreach (var row in await Db.ByKeysAsync(expSql, "case_id", keys, _m.Keys.Cases, ct))
                if (result.TryGetValue(row.Text("case_id") ?? "", out var c) && _codes.Exploitation(row.Text("form")) is { } f && !c.ExploitationForms.Contains(f))
                    c.ExploitationForms.Add(f);
        if (_m.Sql.CaseOrganisations is { } orgSql)
            foreach (var row in await Db.ByKeysAsync(orgSql, "case_id", keys, _m.Keys.Cases, ct))
                if (result.TryGetValue(row.Text("case_id") ?? "", out var c) && row.Text("organisation_id") is { } o && !c.OrganisationIds.Contains(o))
                    c.OrganisationIds.Add(o);
        if (_m.Sql.Participations is { } partSql)
            foreach (var row in await Db.ByKeysAsync(partSql, "case_id", keys, _m.Keys.Cases, ct))
                if (result.TryGetValue(row.Text("case_id") ?? "", out var c) && ParticipationFromRow(row) is { } part)
                    c.Participants.Add(part);
        foreach (var c in result.Values)
        {
            foreach (var o in c.Offences)
                foreach (var f in o.ExploitationForms)
                    if (!c.ExploitationForms.Contains(f))
                        c.ExploitationForms.Add(f);
            if (c.Confidential || c.Participants.Any(x => x.Protection != "NONE"))
                c.Sensitivity = "RESTRICTED";
            else if (SensitivityOf(c.Participants) != "NORMAL")
                c.Sensitivity = "SENSITIVE";
        }
        return result;
    }

    public CaseInfo CaseFromRow(Row row, DateTimeOffset asOf)
    {
        var localId = row.Text("id") ?? "";
        var c = new CaseInfo
        {
            Id = $"{Country}:{localId}",
            LocalId = localId,
            SourceCountry = Country,
            AsOf = ParseInstant(row.Text("as_of")) ?? asOf,
            Handling = row.Text("handling_code") is { } h ? new HandlingInfo(h, _handling.Restrictions) : _handling,
            LocalNumber = row.Text("local_number") ?? localId,
            Office = row.Text("office") ?? "",
            LocalStatus = row.Text("status") ?? "",
            OpenedOn = DateOnlyText(row.Text("opened_on")) ?? "1900-01-01",
            ClosedOn = DateOnlyText(row.Text("closed_on")),
            Confidential = row.Flag("confidential"),
        };
        c.Status = _codes.Status(c.LocalStatus);
        if (row.Text("status_label") is { } label)
            c.LocalStatus = label;
        if (row.Text("jit_ids") is { } jits)
            foreach (var j in jits.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (!c.JitIds.Contains(j))
                    c.JitIds.Add(j);
        return c;
    }

    public OffenceInfo OffenceFromRow(Row row)
    {
        var code = _codes.Offence(row.Text("article"));
        var aggravating = new List<string>();
        foreach (var (col, factor) in new[] { ("agg_minor_victim", "MINOR_VICTIM"), ("agg_organised_group", "ORGANISED_GROUP"), ("agg_public_official", "PUBLIC_OFFICIAL"), ("agg_life_endangered", "LIFE_ENDANGERED") })
            if (row.Flag(col))
                aggravating.Add(factor);
        if (row.Text("aggravating") is { } list)
            foreach (var a in list.Split([',', ';', '/'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (_codes.Aggravating(a) is { } f && !aggravating.Contains(f))
                    aggravating.Add(f);
        var forms = new List<string>(code.Forms);
        if (row.Text("exploitation") is { } e)
            foreach (var part in e.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (_codes.Exploitation(part) is { } form && !forms.Contains(form))
                    forms.Add(form);
        return new OffenceInfo(code.Ref, code.Category, code.Iccs, _codes.Stage(row.Text("stage")), aggravating, forms);
    }

    // ---------------------------------------------------------------- organisations

    public async Task<Dictionary<string, OrganisationInfo>> OrganisationsAsync(IReadOnlyCollection<string> localIds, CancellationToken ct)
    {
        var result = new Dictionary<string, OrganisationInfo>(StringComparer.Ordinal);
        if (localIds.Count == 0 || _m.Sql.Organisations is not { } sql)
            return result;
        foreach (var row in await Db.ByKeysAsync(sql, "id", localIds, _m.Keys.Organisations, ct))
        {
            var id = row.Text("id") ?? "";
            result.TryAdd(id, new OrganisationInfo($"{Country}:{id}", Country, row.Text("name") ?? "", _codes.OrganisationKind(row.Text("kind")), row.Text("tax_id")));
        }
        return result;
    }

    public async Task<string> EpochAsync(CancellationToken ct)
    {
        if (_m.Sql.Epoch is not { } sql)
            return "static";
        var rows = await Db.QueryAsync(sql, [], ct);
        return rows.Count == 0 ? "" : string.Join("|", rows[0].Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
    }

    private static DateTimeOffset? ParseInstant(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

    private static string? DateOnlyText(string? text) => text is { Length: >= 10 } ? text[..10] : text;
}
