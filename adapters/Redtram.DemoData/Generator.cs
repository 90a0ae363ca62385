namespace Redtram.DemoData;

/// <summary>Generates one country's data: the story first (fixed ids), then generic cases and persons from the seed.</summary>
internal sealed class Generator(Country country, DemoOptions options)
{
    public const int FirstGenericId = 101;
    private static readonly DateOnly Start = new(2015, 1, 1), End = new(2026, 3, 31);

    private readonly string _cc = country.Code;
    private List<GenCase> _cases = [];
    private int _genericCases;

    public (int Persons, int Cases) Run(Sink sink)
    {
        var story = Story.For(_cc);
        country.WriteCodeTables(sink);

        int genericPersons = Math.Max(0, options.Persons - story.Persons.Count);
        _genericCases = Math.Max(0, (options.Cases ?? DemoOptions.DefaultCasesFor(options.Persons)) - story.Cases.Count);
        int orgCount = Math.Max(12, _genericCases / 4);

        foreach (var o in story.Organisations) country.WriteOrg(sink, o);
        var orgs = new List<GenOrg>(orgCount);
        for (int i = 0; i < orgCount; i++)
        {
            var o = MakeOrg(i);
            orgs.Add(o);
            country.WriteOrg(sink, o);
        }

        var storyOrgs = story.Organisations.ToDictionary(o => o.Id);
        foreach (var c in story.Cases)
        {
            var lead = story.Persons.FirstOrDefault(p => p.Participations.Any(x => x.CaseId == c.Id && x.Role is "SUSPECT" or "ACCUSED" or "CONVICTED"));
            country.WriteCase(sink, c, lead);
            foreach (int oid in c.Organisations) country.WriteCaseOrg(sink, c, storyOrgs[oid]);
        }

        _cases = new List<GenCase>(_genericCases);
        for (int i = 0; i < _genericCases; i++) _cases.Add(MakeCase(i, orgCount));
        for (int i = 0; i < _genericCases; i++)
        {
            var c = _cases[i];
            country.WriteCase(sink, c, i < genericPersons ? MakePerson(i) : null);
            foreach (int oid in c.Organisations) country.WriteCaseOrg(sink, c, orgs[oid - FirstGenericId]);
        }

        foreach (var p in story.Persons) country.WritePerson(sink, p);
        for (int k = 0; k < genericPersons; k++) country.WritePerson(sink, MakePerson(k));
        return (story.Persons.Count + genericPersons, story.Cases.Count + _genericCases);
    }

    private Rng R(int stream, long index) => Rng.For(options.Seed, _cc, stream, index);

    private GenOrg MakeOrg(int i)
    {
        var rng = R(3, i);
        string kind = rng.Weighted<string>([("COMPANY", 30), ("RECRUITER", 20), ("TRANSPORT", 20), ("EMPLOYER", 12), ("VENUE", 12), ("CRIMINAL_GROUP", 6)]);
        return new GenOrg(FirstGenericId + i, country.OrgName(rng, kind), kind, kind == "CRIMINAL_GROUP" ? null : country.OrgTaxId(rng, i));
    }

    private GenCase MakeCase(int i, int orgCount)
    {
        var rng = R(1, i);
        // Generic national numbers start at 1001 so they never collide with the story's fixed numbers.
        var c = new GenCase { Id = FirstGenericId + i, Sequence = 1001 + i };
        c.Category = rng.Weighted<string>([("TIP", 55), ("SOM", 35), ("RELATED", 10)]);
        c.Opened = rng.Date(Start, End);
        int ageDays = End.DayNumber - c.Opened.DayNumber;
        c.Status = ageDays < 200
            ? rng.Weighted<string>([("REPORTED", 40), ("INVESTIGATION", 60)])
            : rng.Weighted<string>([("REPORTED", 3), ("INVESTIGATION", 30), ("CHARGED", 10), ("TRIAL", 8), ("CONVICTED", 14), ("ACQUITTED", 5), ("DISMISSED", 10), ("ARCHIVED", 15), ("SUSPENDED", 4), ("OTHER", 1)]);
        if (c.Status is "CONVICTED" or "ACQUITTED" or "DISMISSED" or "ARCHIVED")
            c.Closed = c.Opened.AddDays(rng.Next(90, Math.Max(91, Math.Min(ageDays, 2500))));
        bool minor = c.Category != "SOM" && rng.Chance(0.25);
        if (c.Category == "TIP" || c.Category == "RELATED")
        {
            var forms = new List<(string, int)> { ("SEXUAL", 50), ("FORCED_LABOUR", 28), ("DOMESTIC_SERVITUDE", 8), ("FORCED_BEGGING", 4), ("FORCED_CRIMINALITY", 3), ("SLAVERY", 2), ("FORCED_MARRIAGE", 2), ("ORGAN_REMOVAL", 1), ("ILLEGAL_ADOPTION", 1), ("OTHER", 1) };
            c.Forms.Add(rng.Weighted<string>(forms));
            if (rng.Chance(0.15)) { var f = rng.Weighted<string>(forms); if (!c.Forms.Contains(f)) c.Forms.Add(f); }
        }
        c.Offences.AddRange(country.Offences(c.Category, c.Opened, rng, minor));
        c.Office = rng.Next(country.OfficeCount);
        c.Place = rng.Pick(country.Places);
        c.Confidential = rng.Chance(0.2);
        int norg = rng.Weighted<int>([(0, 50), (1, 35), (2, 15)]);
        for (int k = 0; k < norg; k++)
        {
            int oid = FirstGenericId + rng.Next(orgCount);
            if (!c.Organisations.Contains(oid)) c.Organisations.Add(oid);
        }
        return c;
    }

    private static readonly (string, int)[] TipRoles = [("VICTIM", 40), ("PRESUMED_VICTIM", 15), ("SUSPECT", 15), ("WITNESS", 18), ("COMPLAINANT", 12)];
    private static readonly (string, int)[] SomRoles = [("SMUGGLED_MIGRANT", 50), ("SUSPECT", 18), ("WITNESS", 20), ("COMPLAINANT", 12)];
    private static readonly (string, int)[] RelatedRoles = [("SUSPECT", 35), ("VICTIM", 30), ("WITNESS", 25), ("COMPLAINANT", 10)];

    /// <summary>Generic person k (pure function of seed, country and k).</summary>
    public GenPerson MakePerson(int k)
    {
        var rng = R(2, k);
        var p = new GenPerson { Id = FirstGenericId + k };
        GenCase? c = _genericCases == 0 ? null : _cases[k < _genericCases ? k : rng.Next(_genericCases)];
        string role = c is null ? "WITNESS"
            : k < _genericCases ? "LEAD"
            : rng.Weighted<string>(c.Category switch { "TIP" => TipRoles, "SOM" => SomRoles, _ => RelatedRoles });
        if (role is "LEAD" or "SUSPECT" && c is not null) role = SuspectRoleFor(c.Status, rng);

        p.Nationality = role == "SMUGGLED_MIGRANT" ? rng.Weighted<string>(country.MigrantNationalities) : rng.Weighted<string>(country.Nationalities);
        bool victim = role is "VICTIM" or "PRESUMED_VICTIM";
        p.Sex = victim && c?.Category == "TIP" ? (rng.Chance(0.75) ? 'F' : 'M')
              : role is "SUSPECT" or "ACCUSED" or "CONVICTED" ? (rng.Chance(0.65) ? 'M' : 'F')
              : rng.Chance(0.5) ? 'F' : 'M';
        if (rng.Chance(0.005)) p.Sex = 'U';
        FillName(p, rng);

        var opened = c?.Opened ?? new DateOnly(2020, 1, 1);
        bool minor = (victim && c?.Category != "SOM" && rng.Chance(0.25)) || (role == "SMUGGLED_MIGRANT" && rng.Chance(0.1));
        int ageYears = minor ? rng.Next(11, 18) : rng.Next(18, 66);
        var birth = opened.AddDays(-(ageYears * 365 + rng.Next(365)));
        double pr = rng.Next(1000) / 1000.0;
        if (pr < 0.04) p.BirthYearOnly = birth.Year;
        else if (pr >= 0.97) { /* unknown */ }
        else p.BirthDate = birth;

        if (role is "SUSPECT" or "ACCUSED" or "CONVICTED" && rng.Chance(0.3)) p.Aliases.Add(rng.Pick(Names.Aliases));
        p.Documents.AddRange(country.Documents(p, rng, k));

        int nphones = rng.Weighted<int>([(0, 6), (1, 82), (2, 12)]);
        for (int i = 0; i < nphones; i++)
        {
            // Victims and migrants often carry the recruiter's / coyote's number: the lead suspect of case i is generic person i.
            long idx = i == 0 && c is not null && k >= _genericCases && role != "WITNESS" && rng.Chance(0.12) ? c.Id - FirstGenericId : k * 3L + i;
            string typed = p.Nationality != country.Code.ToUpperInvariant() && rng.Chance(0.3) && i == 0
                ? ForeignMobile(p.Nationality, rng)
                : country.FormatMobile(country.MobileDigits(idx), rng);
            if (p.Phones.All(x => x.Typed != typed))
                p.Phones.Add(new GenPhone(typed, rng.Chance(0.2) ? Imei(rng) : null));
        }

        if (c is not null)
        {
            bool reserved = victim && rng.Chance(0.3) || minor;
            bool protectedWitness = role == "WITNESS" && rng.Chance(0.15);
            string? code = protectedWitness ? $"TP-{c.Opened.Year}-{k % 10000:D4}" : reserved ? $"R-{c.Opened.Year}-{k % 10000:D4}" : null;
            p.Participations.Add(new GenPart(c.Id, role, minor, reserved, protectedWitness, code));

            if (_genericCases > 1 && rng.Chance(0.08))
            {
                var c2 = _cases[rng.Next(_genericCases)];
                if (c2.Id != c.Id)
                {
                    bool suspectish = role is "SUSPECT" or "ACCUSED" or "CONVICTED";
                    string role2 = suspectish && rng.Chance(0.6) ? SuspectRoleFor(c2.Status, rng) : rng.Chance(0.5) ? "WITNESS" : "COMPLAINANT";
                    p.Participations.Add(new GenPart(c2.Id, role2, false, false, false, null));
                }
            }
        }
        return p;
    }

    private static string SuspectRoleFor(string status, Rng rng) => status switch
    {
        "CONVICTED" => rng.Chance(0.85) ? "CONVICTED" : "ACCUSED",
        "CHARGED" or "TRIAL" or "ACQUITTED" => "ACCUSED",
        _ => "SUSPECT",
    };

    private void FillName(GenPerson p, Rng rng)
    {
        bool f = p.Sex == 'F' || (p.Sex == 'U' && rng.Chance(0.5));
        switch (p.Nationality)
        {
            case "BR":
                p.PortugueseOrder = true;
                p.GivenNames = Given(rng, f ? Names.PortugueseFemale : Names.PortugueseMale, 0.5);
                p.Paternal = rng.Pick(Names.SurnamesBr);
                if (rng.Chance(0.75)) p.Maternal = rng.Pick(Names.SurnamesBr);
                if (!f && rng.Chance(0.06)) p.Suffix = rng.Pick(["Filho", "Júnior", "Neto"]);
                if (f && rng.Chance(0.1)) p.Spousal = rng.Pick(Names.SurnamesBr);
                return;
            case "HT":
                p.GivenNames = rng.Pick(f ? Names.HaitianFemale : Names.HaitianMale);
                p.Paternal = rng.Pick(Names.HaitianSurnames);
                return;
            case "CN":
                p.GivenNames = rng.Pick(Names.ChineseGiven);
                p.Paternal = rng.Pick(Names.ChineseSurnames);
                return;
        }
        string[] surnames = p.Nationality switch
        {
            "PE" => Names.SurnamesPe, "CL" => Names.SurnamesCl, "PY" => Names.SurnamesPy, "VE" => Names.SurnamesVe,
            "BO" => Names.SurnamesBo, "CO" => Names.SurnamesCo, "EC" => Names.SurnamesEc, "AR" => Names.SurnamesAr,
            _ => Names.SurnamesCl,
        };
        p.GivenNames = Given(rng, f ? Names.SpanishFemale : Names.SpanishMale, 0.6);
        p.Paternal = rng.Pick(surnames);
        if (rng.Chance(0.93)) p.Maternal = rng.Pick(surnames);
        if (f && rng.Chance(0.06)) p.Spousal = rng.Pick(surnames);
    }

    private static string Given(Rng rng, string[] list, double second)
    {
        string a = rng.Pick(list);
        if (!rng.Chance(second)) return a;
        string b = rng.Pick(list);
        return b == a ? a : a + " " + b;
    }

    private static string ForeignMobile(string nat, Rng rng) => nat switch
    {
        "VE" => $"+58 {rng.Pick(["412", "414", "424", "416"])} {rng.Digits(7)}",
        "CO" => $"+57 3{rng.Digits(2)} {rng.Digits(7)}",
        "BO" => $"+591 {rng.Pick(["6", "7"])}{rng.Digits(7)}",
        "EC" => $"+593 9{rng.Digits(8)}",
        "HT" => $"+509 {rng.Digits(4)} {rng.Digits(4)}",
        "PE" => $"+51 9{rng.Digits(2)} {rng.Digits(3)} {rng.Digits(3)}",
        "CL" => $"+56 9 {rng.Digits(4)} {rng.Digits(4)}",
        "BR" => $"+55 ({rng.Pick(["11", "45", "67", "21"])}) 9{rng.Digits(4)}-{rng.Digits(4)}",
        "PY" => $"+595 9{rng.Pick(["81", "82", "83", "71", "72", "91"])} {rng.Digits(6)}",
        "AR" => $"+54 9 11 {rng.Digits(4)}-{rng.Digits(4)}",
        _ => $"+86 1{rng.Digits(10)}",
    };

    private static string Imei(Rng rng)
    {
        string body = rng.Digits(14);
        int sum = 0;
        for (int i = 0; i < 14; i++)
        {
            int d = body[13 - i] - '0';
            if (i % 2 == 0) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return body + (char)('0' + (10 - sum % 10) % 10);
    }
}
