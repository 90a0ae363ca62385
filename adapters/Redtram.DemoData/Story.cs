namespace Redtram.DemoData;

/// <summary>
/// The seed story (adapters/countries/story.md): fixed people, cases and organisations written first, with fixed ids,
/// whatever the seed and size. The same individual appears in several countries under variant spellings.
/// </summary>
public static class Story
{
    public const string JitBrPy = "JIT-BR-PY-2024-01";
    public const string JitClPe = "JIT-CL-PE-2025-01";

    public sealed record Data(IReadOnlyList<GenPerson> Persons, IReadOnlyList<GenCase> Cases, IReadOnlyList<GenOrg> Organisations);

    /// <summary>Chilean RUC of the story causa.</summary>
    public static string ClRuc { get; } = Rut(2500123456L);
    /// <summary>RUN of Rosa Mamani as a resident in Chile (check digit K).</summary>
    public static string RosaRun { get; } = FirstRunWithDv(24_512_300, 'K');
    public static string HuamanRun { get; } = Dotted(25_187_442);
    public static string SotoRun { get; } = Dotted(13_774_519);
    public static string SouzaCpf { get; } = CheckDigits.FormatCpf(Redtram.DemoData.Brazil.Cpf(274_819_365));
    public static string AltiplanoRut { get; } = Dotted(77_412_908);

    private static string Rut(long body) => $"{body}-{CheckDigits.RutDv(body)}";
    private static string Dotted(long body) { string b = body.ToString(); return $"{b[..^6]}.{b[^6..^3]}.{b[^3..]}-{CheckDigits.RutDv(body)}"; }
    private static string FirstRunWithDv(long from, char dv) { long b = from; while (CheckDigits.RutDv(b) != dv) b++; return $"{b}-{dv}"; }

    public static Data For(string country) => country switch
    {
        "pe" => Peru(),
        "cl" => Chile(),
        "br" => Brazil(),
        "py" => Paraguay(),
        _ => throw new ArgumentException($"unknown demo country '{country}'", nameof(country)),
    };

    private static GenPerson P(int id, string nat, char sex, string given, string? paternal, string? maternal, DateOnly? birth = null, int? year = null,
                               string? spousal = null, string? suffix = null, bool portuguese = false)
        => new()
        {
            Id = id, Nationality = nat, Sex = sex, GivenNames = given, Paternal = paternal, Maternal = maternal, BirthDate = birth, BirthYearOnly = year,
            Spousal = spousal, Suffix = suffix, PortugueseOrder = portuguese,
        };

    private static GenPerson With(this GenPerson p, GenDoc? doc = null, string? phone = null, string? alias = null, GenPart? part = null, string? phone2 = null)
    {
        if (doc is not null) p.Documents.Add(doc);
        if (phone is not null) p.Phones.Add(new GenPhone(phone, null));
        if (phone2 is not null) p.Phones.Add(new GenPhone(phone2, null));
        if (alias is not null) p.Aliases.Add(alias);
        if (part is not null) p.Participations.Add(part);
        return p;
    }

    private static GenPart Part(string role, bool minor = false, bool reserved = false, bool protectedWitness = false, string? code = null)
        => new(1, role, minor, reserved, protectedWitness, code);

    // ---- Brazil–Paraguay trafficking network (JIT-BR-PY-2024-01) ----

    private static Data Paraguay()
    {
        var c = new GenCase
        {
            Id = 1, Sequence = 812, FixedNumber = "812/2024", Category = "TIP", Status = "INVESTIGATION", Opened = new DateOnly(2024, 3, 18), Office = 1,
            Place = "Ciudad del Este (Puente de la Amistad)", Jit = JitBrPy, Confidential = true,
        };
        c.Forms.Add("SEXUAL");
        c.Offences.Add(new GenOffence("5", false, false, false, false, false));
        c.Offences.Add(new GenOffence("7", false, true, true, false, false));
        c.Organisations.AddRange([1, 2]);
        var persons = new List<GenPerson>
        {
            P(1, "PY", 'M', "Luis Alberto", "González", "Benítez", new DateOnly(1979, 3, 14))
                .With(new("NATIONAL_ID", "CI", "3.456.789", "PY"), "0981 234 567", "Tío Luis", Part("SUSPECT")),
            P(2, "PY", 'F', "María José", "Villalba", null, new DateOnly(1984, 11, 2), spousal: "Ortiz")
                .With(new("NATIONAL_ID", "CI", "4102337", "PY"), "0982 765 432", null, Part("SUSPECT")),
            P(3, "BR", 'M', "Joao Carlos", "Sousa", null, new DateOnly(1971, 8, 30))
                .With(new("TAX_ID", "CPF", SouzaCpf.Replace(".", "").Replace("-", ""), "BR"), "+55 45 99912-3456", null, Part("SUSPECT")),
            P(4, "PY", 'F', "Lucía", "Ramírez", "Acosta", new DateOnly(2007, 6, 9))
                .With(new("NATIONAL_ID", "CI", "5.873.120", "PY"), "0983 410 226", null, Part("VICTIM", minor: true, reserved: true, code: "R-2024-0004")),
            P(5, "PY", 'M', "Ramón", "Duarte", "Ledesma", new DateOnly(1990, 1, 25))
                .With(new("NATIONAL_ID", "CI", "4.998.101", "PY"), null, null, Part("WITNESS", protectedWitness: true, reserved: true, code: "TP-2024-0812")),
        };
        return new Data(persons, [c], [new GenOrg(1, "Estrela do Sul Eventos Ltda.", "COMPANY", "80099123-4"), new GenOrg(2, "Agencia Nuevo Horizonte S.R.L.", "RECRUITER", "80088456-1")]);
    }

    private static Data Brazil()
    {
        var c = new GenCase
        {
            Id = 1, Sequence = 451, FixedNumber = "IPL 2024.0000451-DPF/FIG/PR", Category = "TIP", Status = "TRIAL", Opened = new DateOnly(2024, 2, 5), Office = 1,
            Place = "Foz do Iguaçu (Ponte da Amizade)", Jit = JitBrPy, Confidential = true,
        };
        c.Forms.Add("SEXUAL");
        c.Offences.Add(new GenOffence("149-A", false, true, true, false, false));
        c.Organisations.AddRange([1, 2]);
        var persons = new List<GenPerson>
        {
            P(1, "PY", 'M', "Luiz Alberto", "Gonzalez", "Benitez", year: 1979, portuguese: true)
                .With(new("NATIONAL_ID", "CIEXT", "3456789", "PY"), "+595 981 234567", null, Part("ACCUSED")),
            P(2, "PY", 'F', "Maria Jose", "Villalba", null, new DateOnly(1984, 11, 2), portuguese: true)
                .With(new("RESIDENCE_PERMIT", "RNM", "V482913-5", "BR"), "+55 (45) 99812-3344", null, Part("ACCUSED")),
            P(3, "BR", 'M', "João Carlos", "de Souza", null, new DateOnly(1971, 8, 30), suffix: "Filho", portuguese: true)
                .With(new("TAX_ID", "CPF", SouzaCpf, "BR"), "+55 (45) 99912-3456", "Zé da Boate", Part("ACCUSED"), phone2: "+595 981 234567"),
            P(4, "PY", 'F', "Lucia", "Ramires", "Acosta", new DateOnly(2007, 6, 9), portuguese: true)
                .With(new("NATIONAL_ID", "CIEXT", "5873120", "PY"), null, null, Part("VICTIM", minor: true, reserved: true, code: "V-FIG-2024-01")),
        };
        return new Data(persons, [c], [new GenOrg(1, "Estrela do Sul Eventos Ltda.", "COMPANY", "12.345.678/0001-95"), new GenOrg(2, "Boate Estrela do Sul", "VENUE", null)]);
    }

    // ---- Chile–Peru migrant smuggling network (JIT-CL-PE-2025-01) ----

    private static Data Peru()
    {
        var c = new GenCase
        {
            Id = 1, Sequence = 41, FixedNumber = "2301014502-2025-41-0", Category = "SOM", Status = "INVESTIGATION", Opened = new DateOnly(2025, 2, 10), Office = 1,
            Place = "Santa Rosa - Chacalluta (Tacna)", Jit = JitClPe, Confidential = true,
        };
        c.Offences.Add(new GenOffence("CP 303-B", false, false, true, false, true));
        c.Organisations.Add(1);
        var persons = new List<GenPerson>
        {
            P(6, "PE", 'M', "José Antonio", "Pérez", "Quispe", new DateOnly(1976, 1, 20))
                .With(new("NATIONAL_ID", "DNI", "41234567", "PE"), "952 123 456", "El Chato", Part("SUSPECT")),
            P(7, "PE", 'F', "Rosa Elvira", "Mamani", "Condori", year: 1985)
                .With(new("NATIONAL_ID", "DNI", "42918375", "PE"), "+51 963 555 210", null, Part("SUSPECT")),
            P(8, "PE", 'M', "Juan Carlos", "Huaman", "Torres", new DateOnly(1982, 9, 3))
                .With(new("NATIONAL_ID", "DNI", "45873921", "PE"), "+51 987-654-321", null, Part("SUSPECT")),
            P(9, "CL", 'M', "Francisco", "Soto", "Munoz", new DateOnly(1968, 5, 5))
                .With(new("NATIONAL_ID", "OTRO", SotoRun, "CL"), "+56 9 7123 4567", "Pancho", Part("SUSPECT")),
            P(10, "VE", 'F', "Yelitza Carolina", "Rondón", "Pérez", new DateOnly(1996, 4, 17))
                .With(new("PASSPORT", "PAS", "128456790", "VE"), "+58 414 5550123", null, Part("SMUGGLED_MIGRANT", reserved: true, code: "R-2025-0010")),
            P(11, "PE", 'F', "Ana Lucía", "López", "Vargas", new DateOnly(1978, 12, 1), spousal: "Pérez")
                .With(new("NATIONAL_ID", "DNI", "40765218", "PE"), "952 123 456", null, Part("SUSPECT")),
        };
        return new Data(persons, [c], [new GenOrg(1, "Transportes Altiplano S.A.C.", "TRANSPORT", "20601234567")]);
    }

    private static Data Chile()
    {
        var c = new GenCase
        {
            Id = 1, Sequence = 123456, FixedNumber = ClRuc, Category = "SOM", Status = "INVESTIGATION", Opened = new DateOnly(2025, 1, 27), Office = 0,
            Place = "Chacalluta (Arica)", Jit = JitClPe, Confidential = true,
        };
        c.Offences.Add(new GenOffence("411 bis", false, false, true, false, true));
        c.Organisations.Add(1);
        var persons = new List<GenPerson>
        {
            P(6, "PE", 'M', "Jose Antonio", "Quispe", "Perez", new DateOnly(1976, 1, 20))
                .With(new("NATIONAL_ID", "DNI", "41234567", "PE"), "+51 952 123 456", "Chato", Part("SUSPECT")),
            P(7, "PE", 'F', "Rosa", "Mamani", null, new DateOnly(1985, 7, 22))
                .With(new("RESIDENCE_PERMIT", "RUN", RosaRun, "CL"), "+56 9 4455 6677", null, Part("SUSPECT")),
            P(8, "PE", 'M', "Juan Carlos", "Huamán", "Torres", new DateOnly(1982, 9, 3))
                .With(new("RESIDENCE_PERMIT", "RUN", HuamanRun, "CL"), "+56 9 8765 4321", null, Part("SUSPECT"), phone2: "+51 952 123 456"),
            P(9, "CL", 'M', "Francisco Javier", "Soto", "Muñoz", new DateOnly(1968, 5, 5))
                .With(new("NATIONAL_ID", "RUN", SotoRun, "CL"), "+56 9 7123 4567", "Pancho", Part("SUSPECT")),
            P(10, "VE", 'F', "Yelitza Carolina", "Rondon", "Perez", new DateOnly(1996, 4, 17))
                .With(new("PASSPORT", "PASAPORTE", "128456790", "VE"), "+58 414 5550123", null, Part("SMUGGLED_MIGRANT", reserved: true, code: "R-ARICA-0010")),
            P(11, "PE", 'F', "Ana Lucia", "Lopez", "Vargas", new DateOnly(1978, 12, 1))
                .With(new("NATIONAL_ID", "DNI", "40765218", "PE"), null, null, Part("WITNESS")),
        };
        return new Data(persons, [c], [new GenOrg(1, "Transportes Altiplano SpA", "TRANSPORT", AltiplanoRut)]);
    }
}
