namespace Redtram.DemoData;

/// <summary>Chile: Fiscalía, SAF-like schema (adapters/countries/cl/schema.sql).</summary>
public sealed class Chile : Country
{
    public override string Code => "cl";
    public override (string Nat, int Weight)[] Nationalities => [("CL", 62), ("PE", 12), ("VE", 13), ("BO", 5), ("CO", 4), ("HT", 4)];
    public override (string Nat, int Weight)[] MigrantNationalities => [("VE", 50), ("PE", 10), ("BO", 12), ("CO", 10), ("HT", 12), ("DO", 6)];

    public override string[] Places =>
    [
        "Chacalluta (Arica)", "Colchane - Pisiga", "Alto Hospicio", "Iquique", "Arica", "Calama", "Ollagüe", "Antofagasta",
        "Pozo Almonte", "Santiago Centro", "Estación Central", "Valparaíso",
    ];

    private static readonly (string Code, string Name, string Comuna, int Region, string Phone)[] Offices =
    [
        ("FL-ARICA", "Fiscalía Local de Arica", "Arica", 15, "+56 58 223 0000"),
        ("FL-IQUIQUE", "Fiscalía Local de Iquique", "Iquique", 1, "+56 57 240 0000"),
        ("FL-AHOSPICIO", "Fiscalía Local de Alto Hospicio", "Alto Hospicio", 1, "+56 57 240 1000"),
        ("FL-POZO", "Fiscalía Local de Pozo Almonte", "Pozo Almonte", 1, "+56 57 240 2000"),
        ("FL-CALAMA", "Fiscalía Local de Calama", "Calama", 2, "+56 55 265 0000"),
        ("FL-ANTOF", "Fiscalía Local de Antofagasta", "Antofagasta", 2, "+56 55 265 1000"),
        ("FL-SCN", "Fiscalía Regional Metropolitana Centro Norte - ECOH", "Santiago", 13, "+56 2 2965 0000"),
        ("FL-VALPO", "Fiscalía Local de Valparaíso", "Valparaíso", 5, "+56 32 232 0000"),
    ];
    public override int OfficeCount => Offices.Length;

    private static readonly (int Code, string Glosa, string Art, string Body)[] Crimes =
    [
        (7010, "TRATA DE PERSONAS", "411 quáter", "Código Penal"),
        (7011, "TRÁFICO DE MIGRANTES", "411 bis", "Código Penal"),
        (7012, "PROMOVER O FACILITAR ENTRADA O SALIDA DE PERSONAS PARA PROSTITUCIÓN", "411 ter", "Código Penal"),
        (7013, "PROMOCIÓN O FACILITACIÓN DE LA PROSTITUCIÓN DE MENORES", "367", "Código Penal"),
    ];

    public override GenOffence[] Offences(string category, DateOnly opened, Rng rng, bool minor)
    {
        bool org = rng.Chance(0.25), func = rng.Chance(0.04), life = rng.Chance(0.1), attempt = rng.Chance(0.08);
        return category switch
        {
            "TIP" => [new("411 quáter", attempt, minor, org, func, life)],
            "SOM" => [new("411 bis", attempt, false, org, func, life)],
            _ => [new(minor ? "367" : "411 ter", attempt, minor, org, false, false)],
        };
    }

    /// <summary>A RUN as typed: "12.345.678-5", "12345678-5", "123456785", lower-case k.</summary>
    public static string FormatRun(long body, Rng rng)
    {
        char dv = CheckDigits.RutDv(body);
        string b = body.ToString();
        string dotted = b.Length > 6 ? $"{b[..^6]}.{b[^6..^3]}.{b[^3..]}" : $"{b[..^3]}.{b[^3..]}";
        return rng.Next(6) switch
        {
            0 or 1 => $"{dotted}-{dv}",
            2 or 3 => $"{b}-{dv}",
            4 => $"{b}{dv}",
            _ => $"{dotted}-{char.ToLowerInvariant(dv)}",
        };
    }

    public override List<GenDoc> Documents(GenPerson p, Rng rng, long index)
    {
        var docs = new List<GenDoc>();
        if (p.Nationality == "CL")
        {
            if (!rng.Chance(0.04)) docs.Add(new("NATIONAL_ID", "RUN", FormatRun(5_000_000 + Perm(index, 19_000_000, 7_777_777), rng), "CL"));
            return docs;
        }
        if (rng.Chance(0.35)) docs.Add(new("RESIDENCE_PERMIT", "RUN", FormatRun(24_000_000 + Perm(index, 3_900_000, 1_234_567), rng), "CL"));
        if (rng.Chance(0.7)) docs.Add(ForeignPassport(p.Nationality, rng));
        else if (p.Nationality == "PE") docs.Add(new("NATIONAL_ID", "DNI", rng.Digits(8), "PE"));
        else if (p.Nationality == "BO") docs.Add(new("NATIONAL_ID", "CEDULA", rng.Digits(7) + " LP", "BO"));
        return docs;
    }

    public override string MobileDigits(long index) => "9" + (Hash("cl-fono", index, 4) % 100_000_000).ToString("D8");

    public override string FormatMobile(string d, Rng rng) => rng.Next(6) switch
    {
        0 or 1 => $"+56 9 {d[1..5]} {d[5..]}",
        2 => $"+56{d}",
        3 => $"9 {d[1..5]} {d[5..]}",
        4 => $"0{d}",
        _ => $"56-9-{d[1..]}",
    };

    public override string OrgName(Rng rng, string kind) => kind switch
    {
        "RECRUITER" => $"Servicios de Personal {rng.Pick(["Norte Grande", "Atacama", "Pampa", "Andes"])} Ltda.",
        "TRANSPORT" => $"Transportes {rng.Pick(["Altiplano", "Tarapacá", "Frontera Norte", "Chinchorro", "Pisiga"])} SpA",
        "VENUE" => $"Pub {rng.Pick(["La Tirana", "Tropicana", "El Faro", "Luna Roja"])}",
        "EMPLOYER" => $"Agrícola {rng.Pick(["Azapa", "Lluta", "El Olivar", "Los Molles"])} Ltda.",
        "CRIMINAL_GROUP" => $"{rng.Pick(["Los Gallegos", "Tren del Norte", "Los Piratas", "Banda de Colchane"])} (asociación)",
        _ => $"Comercial {rng.Pick(["Zofri", "Inti", "Salitre", "Cordillera"])} {rng.Pick(["Ltda.", "SpA", "EIRL"])}",
    };

    public override string? OrgTaxId(Rng rng, long index) => FormatRun(76_000_000 + Perm(index, 1_900_000, 99_991), rng);

    private static readonly Dictionary<string, int[]> Status = new()
    {
        ["REPORTED"] = [12], ["INVESTIGATION"] = [1, 2], ["CHARGED"] = [3], ["TRIAL"] = [4], ["CONVICTED"] = [5], ["ACQUITTED"] = [6],
        ["DISMISSED"] = [7, 10], ["ARCHIVED"] = [8, 11], ["SUSPENDED"] = [9], ["OTHER"] = [13],
    };
    private static readonly Dictionary<string, int> Roles = new()
    {
        ["SUSPECT"] = 1, ["ACCUSED"] = 2, ["CONVICTED"] = 3, ["VICTIM"] = 4, ["PRESUMED_VICTIM"] = 5, ["SMUGGLED_MIGRANT"] = 6, ["WITNESS"] = 7, ["COMPLAINANT"] = 8,
    };
    private static readonly Dictionary<string, string> Forms = new()
    {
        ["SEXUAL"] = "SX", ["FORCED_LABOUR"] = "TF", ["DOMESTIC_SERVITUDE"] = "SV", ["SLAVERY"] = "ES", ["ORGAN_REMOVAL"] = "EO",
        ["FORCED_BEGGING"] = "MD", ["FORCED_CRIMINALITY"] = "DL", ["FORCED_MARRIAGE"] = "MF", ["ILLEGAL_ADOPTION"] = "AD", ["OTHER"] = "OT",
    };
    private static readonly Dictionary<string, string> OrgKinds = new()
    {
        ["COMPANY"] = "COMERCIO", ["RECRUITER"] = "AGENCIA EMPLEO", ["TRANSPORT"] = "TRANSPORTE", ["EMPLOYER"] = "AGRICOLA", ["VENUE"] = "LOCAL NOCTURNO", ["CRIMINAL_GROUP"] = "BANDA",
    };

    public override void WriteCodeTables(Sink s)
    {
        var r = s.Table("fiscalias_regionales", "cod_region", "nombre");
        foreach (var (c, n) in new[] { (1, "Fiscalía Regional de Tarapacá"), (2, "Fiscalía Regional de Antofagasta"), (5, "Fiscalía Regional de Valparaíso"),
            (13, "Fiscalía Regional Metropolitana Centro Norte"), (15, "Fiscalía Regional de Arica y Parinacota") })
            r.Row(c, n);
        var f = s.Table("fiscalias_locales", "cod_fiscalia", "nombre", "comuna", "cod_region", "fono", "email");
        foreach (var o in Offices) f.Row(o.Code, o.Name, o.Comuna, o.Region, o.Phone, $"{o.Code.ToLowerInvariant()}@demo.fiscalia.example");
        var e = s.Table("estados_causa", "cod_estado", "glosa", "vigente");
        foreach (var (c, n, v) in new[] { (1, "VIGENTE - EN INVESTIGACIÓN", 1), (2, "VIGENTE - FORMALIZADA", 1), (3, "ACUSACIÓN", 1), (4, "AUTO DE APERTURA DE JUICIO ORAL", 1),
            (5, "SENTENCIA DEFINITIVA CONDENATORIA", 0), (6, "SENTENCIA DEFINITIVA ABSOLUTORIA", 0), (7, "SOBRESEIMIENTO DEFINITIVO", 0), (8, "ARCHIVO PROVISIONAL", 0),
            (9, "SUSPENSIÓN CONDICIONAL DEL PROCEDIMIENTO", 1), (10, "DECISIÓN DE NO PERSEVERAR", 0), (11, "FACULTAD DE NO INVESTIGAR", 0), (12, "DENUNCIA RECIBIDA", 1),
            (13, "AGRUPADA A OTRO CASO", 0) })
            e.Row(c, n, v);
        var t = s.Table("tipos_interviniente", "cod_tipo", "glosa");
        foreach (var (c, n) in new[] { (1, "IMPUTADO"), (2, "ACUSADO"), (3, "CONDENADO"), (4, "VÍCTIMA"), (5, "POSIBLE VÍCTIMA"), (6, "MIGRANTE OBJETO DE TRÁFICO"), (7, "TESTIGO"), (8, "DENUNCIANTE") })
            t.Row(c, n);
        var d = s.Table("delitos", "cod_delito", "glosa", "articulo", "cuerpo_legal");
        foreach (var x in Crimes) d.Row(x.Code, x.Glosa, x.Art, x.Body);
        var fi = s.Table("finalidades_explotacion", "cod_finalidad", "glosa");
        foreach (var (c, n) in new[] { ("SX", "EXPLOTACIÓN SEXUAL"), ("TF", "TRABAJOS O SERVICIOS FORZADOS"), ("SV", "SERVIDUMBRE"), ("ES", "ESCLAVITUD O PRÁCTICAS ANÁLOGAS"),
            ("EO", "EXTRACCIÓN DE ÓRGANOS"), ("MD", "MENDICIDAD"), ("DL", "ACTIVIDADES DELICTIVAS"), ("MF", "MATRIMONIO FORZADO"), ("AD", "ADOPCIÓN IRREGULAR"), ("OT", "OTRA") })
            fi.Row(c, n);
    }

    private int _doc, _int, _pjc;
    private readonly Dictionary<int, string> _ruc = [];

    public string Ruc(GenCase c)
    {
        if (c.FixedNumber is not null) return c.FixedNumber;
        long body = (c.Opened.Year % 100) * 100_000_000L + 10_000_000 + c.Sequence;
        return $"{body}-{CheckDigits.RutDv(body)}";
    }

    public override void WriteCase(Sink s, GenCase c, GenPerson? lead)
    {
        string ruc = Ruc(c);
        _ruc[c.Id] = ruc;
        var codes = Status[c.Status];
        string? rit = c.Status is "CHARGED" or "TRIAL" or "CONVICTED" or "ACQUITTED" ? $"O-{c.Sequence % 900 + 1}-{c.Opened.Year + 1}" : null;
        s.Table("causas", "ruc", "rit", "cod_fiscalia", "cod_estado", "fecha_recepcion", "fecha_termino", "relato", "reservada", "codigo_eci")
            .Row(ruc, rit, Offices[c.Office % Offices.Length].Code, codes[c.Id % codes.Length], c.Opened, c.Closed,
                 c.Category == "SOM" ? $"Ingreso clandestino de extranjeros por {c.Place}" : $"Captación de personas para su explotación ({c.Place})",
                 c.Confidential ? 1 : 0, c.Jit);
        foreach (var o in c.Offences)
        {
            var circ = new List<string>();
            if (o.MinorVictim) circ.Add("MENOR"); if (o.OrganisedGroup) circ.Add("ASOC"); if (o.PublicOfficial) circ.Add("FUNC"); if (o.LifeEndangered) circ.Add("RIESGO");
            s.Table("delitos_causa", "ruc", "cod_delito", "grado_desarrollo", "cod_finalidad", "circunstancias", "fecha_comision")
                .Row(ruc, Crimes.First(x => x.Art == o.Article).Code, o.Attempt ? "TENTADO" : "CONSUMADO", c.Forms.Count > 0 ? Forms[c.Forms[0]] : null,
                     circ.Count == 0 ? null : string.Join(';', circ), c.Opened.AddDays(-(c.Id % 60)));
        }
    }

    // Chile records companies per causa: the organisation is written with its causa.
    private readonly Dictionary<int, GenOrg> _orgs = [];
    public override void WriteOrg(Sink s, GenOrg o) => _orgs[o.Id] = o;

    public override void WriteCaseOrg(Sink s, GenCase c, GenOrg o) =>
        s.Table("personas_juridicas_causa", "id_pjc", "ruc", "rut_empresa", "razon_social", "giro").Row(++_pjc, _ruc[c.Id], o.TaxId, o.Name, OrgKinds[o.Kind]);

    public override void WritePerson(Sink s, GenPerson p)
    {
        string? run = p.Documents.FirstOrDefault(d => d.LocalType == "RUN")?.Number;
        string norm = Names.Fold(string.Join(' ', new[] { p.Paternal, p.Maternal, p.GivenNames }.Where(x => x is not null)));
        s.Table("sujetos", "id_sujeto", "run", "nombres", "primer_apellido", "segundo_apellido", "sexo", "fecha_nacimiento", "nacionalidad", "nombre_normalizado")
            .Row(p.Id, run, p.GivenNames, p.Paternal, p.Maternal, p.Sex switch { 'F' => "FEMENINO", 'M' => "MASCULINO", _ => "NO INFORMADO" },
                 p.BirthDate, Demonym(p.Nationality), norm);
        var idx = s.Table("sujetos_busqueda", "palabra", "id_sujeto");
        var seen = new HashSet<string>();
        foreach (var v in new[] { p.GivenNames, p.Paternal, p.Maternal }.Concat(p.Aliases))
            foreach (var k in Names.Keys(v)) if (seen.Add(k)) idx.Row(k, p.Id);
        foreach (var a in p.Aliases.Distinct()) s.Table("sujetos_alias", "id_sujeto", "alias").Row(p.Id, a);
        foreach (var d in p.Documents.Where(d => d.LocalType != "RUN"))
            s.Table("documentos_extranjeros", "id_doc", "id_sujeto", "tipo", "numero", "pais").Row(++_doc, p.Id, d.LocalType, d.Number, Demonym(d.Issuer));
        foreach (var t in p.Phones.Select(t => t.Typed).Distinct()) s.Table("fonos_sujeto", "id_sujeto", "fono").Row(p.Id, t);
        foreach (var x in p.Participations)
            s.Table("intervinientes", "id_interviniente", "ruc", "id_sujeto", "cod_tipo", "menor_edad", "identidad_reservada", "testigo_protegido", "codigo_reserva")
                .Row(++_int, _ruc[x.CaseId], p.Id, Roles[x.Role], x.Minor, x.ReservedIdentity, x.ProtectedWitness, x.Code);
    }
}
