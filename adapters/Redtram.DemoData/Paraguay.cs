namespace Redtram.DemoData;

/// <summary>Paraguay: Ministerio Público schema (adapters/countries/py/schema.sql); one personas_causa row per person and expediente.</summary>
public sealed class Paraguay : Country
{
    public override string Code => "py";
    public override (string Nat, int Weight)[] Nationalities => [("PY", 86), ("BR", 7), ("AR", 5), ("BO", 2)];
    public override (string Nat, int Weight)[] MigrantNationalities => [("BO", 25), ("BR", 15), ("CN", 20), ("VE", 15), ("DO", 10), ("CO", 15)];

    public override string[] Places =>
    [
        "Ciudad del Este (Puente de la Amistad)", "Pedro Juan Caballero - Ponta Porã", "Encarnación", "Salto del Guairá", "Asunción",
        "Villarrica", "Caaguazú", "Ñemby", "Filadelfia (Chaco)", "Concepción", "Coronel Oviedo", "Luque",
    ];

    private static readonly (string Name, string City, string Dept, string Phone)[] Offices =
    [
        ("Unidad Especializada de Lucha contra la Trata de Personas y Explotación Sexual de Niñas, Niños y Adolescentes", "Asunción", "Capital", "+595 21 415 5000"),
        ("Unidad Penal Especializada en Trata de Personas - Ciudad del Este", "Ciudad del Este", "Alto Paraná", "+595 61 500 100"),
        ("Unidad Penal Nº 2 de Pedro Juan Caballero", "Pedro Juan Caballero", "Amambay", "+595 336 272 000"),
        ("Unidad Penal Nº 1 de Encarnación", "Encarnación", "Itapúa", "+595 71 204 000"),
        ("Unidad Penal de Salto del Guairá", "Salto del Guairá", "Canindeyú", "+595 46 242 000"),
        ("Unidad Penal Nº 3 de Coronel Oviedo", "Coronel Oviedo", "Caaguazú", "+595 521 203 000"),
    ];
    public override int OfficeCount => Offices.Length;

    private static readonly (int Id, string Norm, string Art, string Desc)[] Facts =
    [
        (1, "Ley 4788/2012", "5", "Trata de personas con fines de explotación sexual"),
        (2, "Ley 4788/2012", "6", "Trata de personas con fines de explotación personal y laboral"),
        (3, "Ley 4788/2012", "7", "Trata de personas - circunstancias agravantes"),
        (4, "Código Penal", "129b", "Trata de personas (texto del Código Penal)"),
        (5, "Ley 6984/2022", "tráfico", "Tráfico ilícito de migrantes"),
        (6, "Código Penal", "139", "Proxenetismo"),
    ];

    public override GenOffence[] Offences(string category, DateOnly opened, Rng rng, bool minor)
    {
        bool org = rng.Chance(0.3), func = rng.Chance(0.05), life = rng.Chance(0.08), attempt = rng.Chance(0.06);
        return category switch
        {
            "TIP" => minor || org || func || life
                ? [new(rng.Chance(0.6) ? "5" : "6", attempt, false, false, false, false), new("7", attempt, minor, org, func, life)]
                : [new(rng.Chance(0.15) ? "129b" : rng.Chance(0.6) ? "5" : "6", attempt, false, false, false, false)],
            "SOM" => [new("tráfico", attempt, false, org, func, life)],
            _ => [new("139", attempt, minor, org, false, false)],
        };
    }

    public static string FormatCi(long ci, Rng rng)
    {
        string s = ci.ToString();
        return rng.Chance(0.5) ? s : s.Length > 6 ? $"{s[..^6]}.{s[^6..^3]}.{s[^3..]}" : $"{s[..^3]}.{s[^3..]}";
    }

    public override List<GenDoc> Documents(GenPerson p, Rng rng, long index)
    {
        var docs = new List<GenDoc>();
        if (p.Nationality == "PY")
        {
            if (!rng.Chance(0.06)) docs.Add(new("NATIONAL_ID", "CI", FormatCi(500_000 + Perm(index, 6_500_000, 1_111_111), rng), "PY"));
            return docs;
        }
        if (p.Nationality == "BR" && rng.Chance(0.5)) docs.Add(new("TAX_ID", "CPF", CheckDigits.FormatCpf(Brazil.Cpf(rng.NextLong(100_000_000, 999_999_999))), "BR"));
        else if (p.Nationality == "AR" && rng.Chance(0.6)) docs.Add(new("NATIONAL_ID", "DNI", rng.Next(20_000_000, 45_000_000).ToString(), "AR"));
        else if (rng.Chance(0.6)) docs.Add(ForeignPassport(p.Nationality, rng));
        return docs;
    }

    private static readonly string[] Prefixes = ["981", "982", "983", "984", "985", "971", "972", "973", "975", "991", "992", "994"];

    public override string MobileDigits(long index)
    {
        long h = Hash("py-tel", index, 6);
        return Prefixes[h % Prefixes.Length] + (h / Prefixes.Length % 1_000_000).ToString("D6");
    }

    public override string FormatMobile(string d, Rng rng) => rng.Next(5) switch
    {
        0 or 1 => $"0{d[..3]} {d[3..6]} {d[6..]}",
        2 => $"+595 {d[..3]} {d[3..]}",
        3 => $"0{d}",
        _ => $"+595{d}",
    };

    public override string OrgName(Rng rng, string kind) => kind switch
    {
        "RECRUITER" => $"Agencia {rng.Pick(["Trabajo en España", "Nuevo Horizonte", "Ñande Róga", "Mba'e Porã"])} S.R.L.",
        "TRANSPORT" => $"Empresa de Transporte {rng.Pick(["Guaraní", "Nuestra Señora de la Asunción", "Pycasu", "Sol del Paraguay"])} S.A.",
        "VENUE" => $"Whiskería {rng.Pick(["La Frontera", "Las Vegas", "El Oasis", "Paraíso"])}",
        "EMPLOYER" => $"Estancia {rng.Pick(["San Isidro", "La Esperanza", "Ykua Pytã", "Santa Clara"])}",
        "CRIMINAL_GROUP" => $"Clan {rng.Pick(["Rotela", "de la Frontera", "Sanabria", "del Lago"])}",
        _ => $"Importadora {rng.Pick(["del Este", "Triple Frontera", "Mercosur", "Jebai"])} S.A.",
    };

    public override string? OrgTaxId(Rng rng, long index) => $"800{(10_000 + Perm(index, 89_999, 12_345)):D5}-{rng.Next(10)}";

    private static readonly Dictionary<string, int[]> Status = new()
    {
        ["REPORTED"] = [1], ["INVESTIGATION"] = [2, 3], ["CHARGED"] = [4], ["TRIAL"] = [5], ["CONVICTED"] = [6], ["ACQUITTED"] = [7],
        ["DISMISSED"] = [8], ["ARCHIVED"] = [9], ["SUSPENDED"] = [10], ["OTHER"] = [11],
    };
    private static readonly Dictionary<string, string> Roles = new()
    {
        ["SUSPECT"] = "IMP", ["ACCUSED"] = "ACU", ["CONVICTED"] = "CON", ["VICTIM"] = "VIC", ["PRESUMED_VICTIM"] = "PVI",
        ["SMUGGLED_MIGRANT"] = "MIG", ["WITNESS"] = "TES", ["COMPLAINANT"] = "DEN",
    };
    private static readonly Dictionary<string, string> Forms = new()
    {
        ["SEXUAL"] = "EXPLOTACIÓN SEXUAL", ["FORCED_LABOUR"] = "TRABAJO FORZOSO", ["DOMESTIC_SERVITUDE"] = "CRIADAZGO", ["SLAVERY"] = "ESCLAVITUD",
        ["ORGAN_REMOVAL"] = "EXTRACCIÓN DE ÓRGANOS", ["FORCED_BEGGING"] = "MENDICIDAD", ["FORCED_CRIMINALITY"] = "ACTIVIDADES DELICTIVAS",
        ["FORCED_MARRIAGE"] = "MATRIMONIO SERVIL", ["ILLEGAL_ADOPTION"] = "ADOPCIÓN IRREGULAR", ["OTHER"] = "OTRA",
    };
    private static readonly Dictionary<string, string> OrgKinds = new()
    {
        ["COMPANY"] = "FACHADA", ["RECRUITER"] = "AGENCIA DE EMPLEO", ["TRANSPORT"] = "TRANSPORTE", ["EMPLOYER"] = "ESTANCIA", ["VENUE"] = "LOCAL NOCTURNO", ["CRIMINAL_GROUP"] = "GRUPO CRIMINAL",
    };

    public override void WriteCodeTables(Sink s)
    {
        var u = s.Table("unidades_fiscales", "id_unidad", "denominacion", "ciudad", "departamento", "telefono", "correo");
        for (int i = 0; i < Offices.Length; i++) u.Row(i + 1, Offices[i].Name, Offices[i].City, Offices[i].Dept, Offices[i].Phone, $"trata.unidad{i + 1}@demo.ministeriopublico.example");
        var e = s.Table("estados_expediente", "codigo", "descripcion");
        foreach (var (c, n) in new[] { (1, "DENUNCIA"), (2, "INVESTIGACIÓN FISCAL"), (3, "IMPUTACIÓN"), (4, "ACUSACIÓN"), (5, "JUICIO ORAL"), (6, "CONDENA"),
            (7, "ABSOLUCIÓN"), (8, "SOBRESEIMIENTO DEFINITIVO"), (9, "DESESTIMACIÓN / ARCHIVO"), (10, "SUSPENSIÓN CONDICIONAL"), (11, "REBELDÍA") })
            e.Row(c, n);
        var q = s.Table("calidades_procesales", "codigo", "descripcion");
        foreach (var (c, n) in new[] { ("IMP", "IMPUTADO"), ("ACU", "ACUSADO"), ("CON", "CONDENADO"), ("VIC", "VÍCTIMA"), ("PVI", "PRESUNTA VÍCTIMA"),
            ("MIG", "MIGRANTE OBJETO DE TRÁFICO"), ("TES", "TESTIGO"), ("DEN", "DENUNCIANTE") })
            q.Row(c, n);
        var h = s.Table("hechos_punibles", "id_hecho", "norma", "articulo", "descripcion");
        foreach (var x in Facts) h.Row(x.Id, x.Norm, x.Art, x.Desc);
    }

    private int _pc, _emp;

    public override void WriteCase(Sink s, GenCase c, GenPerson? lead)
    {
        string crime = c.Category switch { "TIP" => "TRATA DE PERSONAS", "SOM" => "TRÁFICO ILÍCITO DE MIGRANTES", _ => "PROXENETISMO" };
        string who = lead is null ? "PERSONAS INNOMINADAS" : Names.Fold(SpanishFullName(lead));
        int nro = c.FixedNumber is not null ? int.Parse(c.FixedNumber.Split('/')[0]) : c.Sequence;
        int anio = c.FixedNumber is not null ? int.Parse(c.FixedNumber.Split('/')[1]) : c.Opened.Year;
        s.Table("expedientes", "id_expediente", "nro_causa", "anio_causa", "caratula", "id_unidad", "estado", "fecha_inicio", "fecha_conclusion", "reservado", "eci_referencia")
            .Row(c.Id, nro, anio, $"MINISTERIO PÚBLICO C/ {who} S/ {crime}", c.Office % Offices.Length + 1, Status[c.Status][c.Id % Status[c.Status].Length],
                 c.Opened, c.Closed, c.Confidential ? 1 : 0, c.Jit);
        foreach (var o in c.Offences)
        {
            var ag = new List<string>();
            if (o.MinorVictim) ag.Add("VÍCTIMA MENOR DE EDAD"); if (o.OrganisedGroup) ag.Add("ESTRUCTURA CRIMINAL"); if (o.PublicOfficial) ag.Add("FUNCIONARIO PÚBLICO"); if (o.LifeEndangered) ag.Add("PELIGRO PARA LA VIDA");
            s.Table("expediente_hechos", "id_expediente", "id_hecho", "tentativa", "modalidad", "agravantes")
                .Row(c.Id, Facts.First(f => f.Art == o.Article).Id, o.Attempt, c.Forms.Count == 0 ? null : string.Join(", ", c.Forms.Select(f => Forms[f])), ag.Count == 0 ? null : string.Join(", ", ag));
        }
    }

    public override void WriteOrg(Sink s, GenOrg o) { }

    public override void WriteCaseOrg(Sink s, GenCase c, GenOrg o) =>
        s.Table("empresas_vinculadas", "id_empresa", "id_expediente", "razon_social", "ruc", "rubro").Row(++_emp, c.Id, o.Name, o.TaxId, OrgKinds[o.Kind]);

    /// <summary>personas_causa row ids: the first participation of person id N is N (story persons keep their fixed ids); later ones are numbered after.</summary>
    public override void WritePerson(Sink s, GenPerson p)
    {
        string? apellidos = string.Join(' ', new[] { p.Paternal, p.Maternal }.Where(x => x is not null)) is { Length: > 0 } a ? a : null;
        if (p.Spousal is not null) apellidos = (apellidos is null ? "" : apellidos + " ") + "de " + p.Spousal;
        var ci = p.Documents.FirstOrDefault(d => d.LocalType == "CI");
        var other = p.Documents.FirstOrDefault(d => d.LocalType != "CI");
        string? phone = p.Phones.FirstOrDefault()?.Typed;
        bool first = true;
        foreach (var x in p.Participations)
        {
            int id = first ? p.Id : 10_000_000 + ++_pc;
            first = false;
            s.Table("personas_causa", "id_persona_causa", "id_expediente", "calidad", "nombres", "apellidos", "ci", "tipo_otro_doc", "nro_otro_doc", "pais_otro_doc",
                    "sexo", "fecha_nacimiento", "anio_nacimiento", "nacionalidad", "telefono", "apodo", "menor", "identidad_reservada", "testigo_protegido", "codigo_reserva")
                .Row(id, x.CaseId, Roles[x.Role], p.GivenNames, apellidos, ci?.Number, other is null ? null : other.LocalType == "PASAPORTE" ? "PASAPORTE" : other.LocalType,
                     other?.Number, other?.Issuer, p.Sex == 'U' ? 'N' : p.Sex, p.BirthDate, p.BirthYearOnly, Demonym(p.Nationality), phone,
                     p.Aliases.FirstOrDefault(), x.Minor, x.ReservedIdentity, x.ProtectedWitness, x.Code);
            var idx = s.Table("indice_personas", "termino", "id_persona_causa");
            var seen = new HashSet<string>();
            foreach (var v in new[] { p.GivenNames, apellidos }.Concat(p.Aliases))
                foreach (var k in Names.Keys(v)) if (seen.Add(k)) idx.Row(k, id);
        }
    }
}
