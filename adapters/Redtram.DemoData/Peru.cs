namespace Redtram.DemoData;

/// <summary>Peru: Ministerio Público, SGF-like schema (adapters/countries/pe/schema.sql).</summary>
public sealed class Peru : Country
{
    public override string Code => "pe";
    public override (string Nat, int Weight)[] Nationalities => [("PE", 82), ("VE", 10), ("CO", 3), ("BO", 2), ("EC", 3)];
    public override (string Nat, int Weight)[] MigrantNationalities => [("VE", 55), ("CO", 12), ("HT", 10), ("EC", 10), ("BO", 8), ("CN", 5)];

    public override string[] Places =>
    [
        "Tacna", "Santa Rosa - Chacalluta (Tacna)", "Aguas Verdes - Huaquillas (Tumbes)", "Desaguadero (Puno)", "La Pampa (Madre de Dios)",
        "Puerto Maldonado", "Lima - Cercado", "San Juan de Lurigancho (Lima)", "Iquitos (Loreto)", "Juliaca (Puno)", "Cusco", "Arequipa",
    ];

    // (cod_despacho, name, distrito)
    private static readonly (string Code, string Name, string District, string Phone)[] Offices =
    [
        ("1801014501", "Fiscalía Provincial Especializada en Delitos de Trata de Personas de Lima", "LIMA", "(01) 625-5555"),
        ("2301014502", "Fiscalía Provincial Especializada en Delitos de Trata de Personas de Tacna", "TACN", "(052) 24-3010"),
        ("1701014501", "Fiscalía Provincial Especializada en Delitos de Trata de Personas de Madre de Dios", "MDDI", "(082) 57-1234"),
        ("2101014503", "Fiscalía Provincial Penal Corporativa de Puno", "PUNO", "(051) 36-7890"),
        ("2401014501", "Fiscalía Provincial Penal Corporativa de Tumbes", "TUMB", "(072) 52-1122"),
        ("1601014502", "Fiscalía Provincial Especializada en Delitos de Trata de Personas de Loreto", "LORE", "(065) 23-4455"),
        ("0801014501", "Fiscalía Provincial Penal Corporativa de Cusco", "CUSC", "(084) 22-6677"),
    ];
    public override int OfficeCount => Offices.Length;

    private static readonly (int Id, string Code, string Name, string Norm)[] Articles =
    [
        (1, "CP 153", "Trata de personas (texto anterior a la Ley 31146)", "Código Penal"),
        (2, "CP 153-A", "Formas agravadas de la trata de personas (texto anterior)", "Código Penal"),
        (3, "CP 129-A", "Trata de personas", "Código Penal"),
        (4, "CP 129-B", "Formas agravadas de la trata de personas", "Código Penal"),
        (5, "CP 129-C", "Explotación sexual", "Código Penal"),
        (6, "CP 129-O", "Trabajo forzoso", "Código Penal"),
        (7, "CP 303-A", "Tráfico ilícito de migrantes", "Código Penal"),
        (8, "CP 303-B", "Formas agravadas del tráfico ilícito de migrantes", "Código Penal"),
    ];

    public override GenOffence[] Offences(string category, DateOnly opened, Rng rng, bool minor)
    {
        bool org = rng.Chance(0.3), func = rng.Chance(0.05), life = rng.Chance(0.08), attempt = rng.Chance(0.07);
        bool old = opened < new DateOnly(2021, 4, 1);
        return category switch
        {
            "TIP" => minor || org || func || life
                ? [new(old ? "CP 153-A" : "CP 129-B", attempt, minor, org, func, life)]
                : [new(old ? "CP 153" : "CP 129-A", attempt, false, false, false, false)],
            "SOM" => org || life
                ? [new("CP 303-B", attempt, false, org, func, life)]
                : [new("CP 303-A", attempt, false, false, func, false)],
            _ => [new(rng.Chance(0.6) ? "CP 129-C" : "CP 129-O", attempt, minor, org, false, false)],
        };
    }

    public override List<GenDoc> Documents(GenPerson p, Rng rng, long index)
    {
        var docs = new List<GenDoc>();
        if (p.Nationality == "PE")
        {
            if (!rng.Chance(0.05)) docs.Add(new("NATIONAL_ID", "DNI", (10_000_000 + Perm(index, 79_999_999, 4_321_987)).ToString("D8"), "PE"));
            if (rng.Chance(0.1)) docs.Add(new("PASSPORT", "PAS", rng.Digits(9), "PE"));
            return docs;
        }
        double r = rng.Next(100);
        if (p.Nationality == "VE" && r < 40) docs.Add(new("TEMPORARY_PROTECTION", "PTP", rng.Digits(9), "PE"));
        else if (r < 60) docs.Add(new("RESIDENCE_PERMIT", "CE", "00" + rng.Digits(7), "PE"));
        if (rng.Chance(0.6)) docs.Add(ForeignPassport(p.Nationality, rng) with { LocalType = "PAS" });
        return docs;
    }

    public override string MobileDigits(long index) => "9" + (Hash("pe-tel", index, 2) % 100_000_000).ToString("D8");

    public override string FormatMobile(string d, Rng rng) => rng.Next(7) switch
    {
        0 => d,
        1 => $"{d[..3]} {d[3..6]} {d[6..]}",
        2 => $"{d[..3]}-{d[3..6]}-{d[6..]}",
        3 => $"+51 {d}",
        4 => $"+51 {d[..3]} {d[3..6]} {d[6..]}",
        5 => $"51{d}",
        _ => $"(+51) {d[..3]}-{d[3..]}",
    };

    public override string OrgName(Rng rng, string kind) => kind switch
    {
        "RECRUITER" => $"Agencia de Empleos {rng.Pick(["El Progreso", "Futuro Andino", "Sol del Sur", "Nueva Esperanza", "Inka Trabajo"])} E.I.R.L.",
        "TRANSPORT" => $"Transportes {rng.Pick(["Virgen de Chapi", "Señor de Luren", "Altiplano", "Expreso Tacna", "Los Andes"])} S.A.C.",
        "VENUE" => $"Night Club {rng.Pick(["La Pampa", "El Dorado", "Las Palmeras", "Kimbara", "Brisas"])}",
        "EMPLOYER" => $"Minera Artesanal {rng.Pick(["Huaypetue", "Delta 1", "Mazuko", "Laberinto"])} S.R.L.",
        "CRIMINAL_GROUP" => $"Los {rng.Pick(["Injertos del Sur", "Chamos de la Frontera", "Malditos de Tacna", "Topos de Aguas Verdes"])}",
        _ => $"Inversiones {rng.Pick(["Quispe", "Mendoza", "Andina", "del Sur", "Huamán"])} {rng.Pick(["& Asociados", "Generales", "Perú"])} S.A.C.",
    };

    public override string? OrgTaxId(Rng rng, long index) => "20" + (Hash("pe-ruc", index, 3) % 1_000_000_000).ToString("D9");

    private static readonly Dictionary<string, string[]> Status = new()
    {
        ["REPORTED"] = ["DEN"], ["INVESTIGATION"] = ["PREL", "FORM"], ["CHARGED"] = ["ACUS"], ["TRIAL"] = ["JUIC"],
        ["CONVICTED"] = ["SCON"], ["ACQUITTED"] = ["SABS"], ["DISMISSED"] = ["SOBR"], ["ARCHIVED"] = ["ARCH"],
        ["SUSPENDED"] = ["RESP"], ["OTHER"] = ["ACUM"],
    };
    private static readonly Dictionary<string, string> Roles = new()
    {
        ["SUSPECT"] = "IMP", ["ACCUSED"] = "ACU", ["CONVICTED"] = "SEN", ["VICTIM"] = "AGR", ["PRESUMED_VICTIM"] = "PAGR",
        ["SMUGGLED_MIGRANT"] = "MOT", ["WITNESS"] = "TES", ["COMPLAINANT"] = "DEN",
    };
    private static readonly Dictionary<string, string> Forms = new()
    {
        ["SEXUAL"] = "SEX", ["FORCED_LABOUR"] = "LAB", ["DOMESTIC_SERVITUDE"] = "SDOM", ["SLAVERY"] = "ESC", ["ORGAN_REMOVAL"] = "ORG",
        ["FORCED_BEGGING"] = "MEND", ["FORCED_CRIMINALITY"] = "DELI", ["FORCED_MARRIAGE"] = "MATR", ["ILLEGAL_ADOPTION"] = "VENT", ["OTHER"] = "OTR",
    };
    private static readonly Dictionary<string, string> OrgKinds = new()
    {
        ["COMPANY"] = "FACH", ["RECRUITER"] = "AGEM", ["TRANSPORT"] = "ETRA", ["EMPLOYER"] = "EMPL", ["VENUE"] = "LOCN", ["CRIMINAL_GROUP"] = "OCRI",
    };

    public override void WriteCodeTables(Sink s)
    {
        var d = s.Table("distritos_fiscales", "cod_distrito", "nombre", "departamento");
        d.Row("LIMA", "Distrito Fiscal de Lima", "Lima"); d.Row("TACN", "Distrito Fiscal de Tacna", "Tacna");
        d.Row("MDDI", "Distrito Fiscal de Madre de Dios", "Madre de Dios"); d.Row("PUNO", "Distrito Fiscal de Puno", "Puno");
        d.Row("TUMB", "Distrito Fiscal de Tumbes", "Tumbes"); d.Row("LORE", "Distrito Fiscal de Loreto", "Loreto");
        d.Row("CUSC", "Distrito Fiscal de Cusco", "Cusco");
        var f = s.Table("fiscalias", "id_fiscalia", "cod_despacho", "nombre", "cod_distrito", "telefono", "correo");
        for (int i = 0; i < Offices.Length; i++)
            f.Row(i + 1, Offices[i].Code, Offices[i].Name, Offices[i].District, Offices[i].Phone, $"fistrap.{Offices[i].District.ToLowerInvariant()}@demo.mpfn.example");
        var e = s.Table("estados_carpeta", "cod_estado", "descripcion", "es_final");
        foreach (var (c, n, fin) in new[] {
            ("DEN", "Denuncia registrada", "N"), ("PREL", "Investigación preliminar", "N"), ("FORM", "Investigación preparatoria formalizada", "N"),
            ("ACUS", "Acusación fiscal", "N"), ("JUIC", "Juicio oral", "N"), ("SCON", "Sentencia condenatoria", "S"), ("SABS", "Sentencia absolutoria", "S"),
            ("SOBR", "Sobreseimiento", "S"), ("ARCH", "Archivo", "S"), ("RESP", "Reserva provisional", "N"), ("ACUM", "Acumulada a otra carpeta", "S") })
            e.Row(c, n, fin);
        var t = s.Table("tipos_documento", "cod_tipo_doc", "descripcion");
        foreach (var (c, n) in new[] { ("DNI", "Documento Nacional de Identidad"), ("CE", "Carné de Extranjería"), ("PAS", "Pasaporte"),
            ("PTP", "Permiso Temporal de Permanencia"), ("CPP", "Carné de Permiso Temporal de Permanencia"), ("OTRO", "Otro documento") })
            t.Row(c, n);
        var r = s.Table("roles_sujeto", "cod_rol", "descripcion");
        foreach (var (c, n) in new[] { ("IMP", "IMPUTADO"), ("ACU", "ACUSADO"), ("SEN", "SENTENCIADO"), ("AGR", "AGRAVIADO"), ("PAGR", "PRESUNTO AGRAVIADO"),
            ("MOT", "MIGRANTE OBJETO DE TRÁFICO"), ("TES", "TESTIGO"), ("DEN", "DENUNCIANTE") })
            r.Row(c, n);
        var a = s.Table("articulos_penales", "id_articulo", "codigo", "denominacion", "norma");
        foreach (var x in Articles) a.Row(x.Id, x.Code, x.Name, x.Norm);
        var m = s.Table("modalidades_explotacion", "cod_modalidad", "descripcion");
        foreach (var (c, n) in new[] { ("SEX", "Explotación sexual"), ("LAB", "Explotación laboral"), ("SDOM", "Servidumbre doméstica"), ("ESC", "Esclavitud y prácticas análogas"),
            ("ORG", "Extracción o tráfico de órganos o tejidos"), ("MEND", "Mendicidad"), ("DELI", "Actividades delictivas"), ("MATR", "Matrimonio forzado"),
            ("VENT", "Venta de niños"), ("OTR", "Otras formas de explotación") })
            m.Row(c, n);
        var pj = s.Table("tipos_persona_juridica", "cod_tipo_pj", "descripcion");
        foreach (var (c, n) in new[] { ("FACH", "Empresa de fachada"), ("AGEM", "Agencia de empleo"), ("ETRA", "Empresa de transporte"), ("EMPL", "Empleador"),
            ("LOCN", "Local nocturno / bar"), ("OCRI", "Organización criminal") })
            pj.Row(c, n);
    }

    private int _delito, _coop, _doc, _tel, _sujeto;

    public override void WriteCase(Sink s, GenCase c, GenPerson? lead)
    {
        var office = Offices[c.Office % Offices.Length];
        string nro = c.FixedNumber ?? $"{office.Code}-{c.Opened.Year}-{c.Sequence}-0";
        var codes = Status[c.Status];
        string summary = c.Category switch
        {
            "TIP" => "Presunta trata de personas con fines de " + string.Join(" y ", c.Forms.Select(FormLabel)),
            "SOM" => "Presunto tráfico ilícito de migrantes por " + c.Place,
            _ => "Presunta explotación de personas",
        };
        s.Table("carpetas_fiscales", "id_carpeta", "nro_carpeta", "id_fiscalia", "cod_estado", "fecha_denuncia", "fecha_conclusion", "lugar_hechos", "sumilla", "reservada", "fecha_registro")
            .Row(c.Id, nro, c.Office % Offices.Length + 1, codes[c.Id % codes.Length], c.Opened, c.Closed, c.Place, summary, c.Confidential ? "S" : "N", c.Opened.AddDays(c.Id % 5));
        foreach (var o in c.Offences)
            s.Table("delitos", "id_delito", "id_carpeta", "id_articulo", "grado", "agrav_menor_edad", "agrav_organizacion", "agrav_funcionario", "agrav_peligro_vida")
                .Row(++_delito, c.Id, Articles.First(a => a.Code == o.Article).Id, o.Attempt ? "TENTATIVA" : "CONSUMADO", YN(o.MinorVictim), YN(o.OrganisedGroup), YN(o.PublicOfficial), YN(o.LifeEndangered));
        foreach (var f in c.Forms)
            s.Table("carpeta_modalidad", "id_carpeta", "cod_modalidad").Row(c.Id, Forms[f]);
        if (c.Jit is not null)
            s.Table("carpeta_cooperacion", "id_cooperacion", "id_carpeta", "mecanismo", "referencia", "pais_contraparte").Row(++_coop, c.Id, "ECI", c.Jit, "CHL");
    }

    private static string FormLabel(string f) => f switch
    {
        "SEXUAL" => "explotación sexual", "FORCED_LABOUR" => "explotación laboral", "DOMESTIC_SERVITUDE" => "servidumbre doméstica",
        "FORCED_BEGGING" => "mendicidad", _ => "explotación",
    };

    private static string YN(bool b) => b ? "S" : "N";

    public override void WriteOrg(Sink s, GenOrg o) =>
        s.Table("personas_juridicas", "id_pj", "razon_social", "ruc", "cod_tipo_pj").Row(o.Id, o.Name, o.TaxId, OrgKinds[o.Kind]);

    public override void WriteCaseOrg(Sink s, GenCase c, GenOrg o) =>
        s.Table("carpeta_persona_juridica", "id_carpeta", "id_pj", "vinculo").Row(c.Id, o.Id, o.Kind == "CRIMINAL_GROUP" ? "ORGANIZACIÓN INVESTIGADA" : "INVESTIGADA");

    public override void WritePerson(Sink s, GenPerson p)
    {
        string? alias = p.Aliases.Count == 0 ? null : string.Join(" / ", p.Aliases);
        s.Table("personas", "id_persona", "nombres", "apellido_paterno", "apellido_materno", "apellido_casada", "sexo", "fecha_nacimiento", "anio_nacimiento", "nacionalidad", "alias", "fecha_registro")
            .Row(p.Id, p.GivenNames, p.Paternal, p.Maternal, p.Spousal, p.Sex == 'U' ? 'X' : p.Sex, p.BirthDate, p.BirthYearOnly, Canonical3(p.Nationality), alias, new DateOnly(2015, 1, 2).AddDays(p.Id % 4000));
        var idx = s.Table("indice_nombres", "clave", "id_persona", "campo");
        var seen = new HashSet<string>();
        void Index(string? v, char campo) { foreach (var k in Names.Keys(v)) if (seen.Add(k + campo)) idx.Row(k, p.Id, campo); }
        Index(p.GivenNames, 'N'); Index(p.Paternal, 'P'); Index(p.Maternal, 'M'); Index(p.Spousal, 'C');
        foreach (var a in p.Aliases) Index(a, 'A');
        foreach (var d in p.Documents)
            s.Table("documentos_identidad", "id_documento", "id_persona", "cod_tipo_doc", "numero", "pais_emisor").Row(++_doc, p.Id, d.LocalType, d.Number, Canonical3(d.Issuer));
        foreach (var t in p.Phones)
            s.Table("telefonos", "id_telefono", "id_persona", "numero", "tipo", "imei").Row(++_tel, p.Id, t.Typed, "CELULAR", t.Imei);
        foreach (var x in p.Participations)
            s.Table("sujetos_procesales", "id_sujeto", "id_carpeta", "id_persona", "cod_rol", "menor_edad", "reserva_identidad", "testigo_protegido", "clave_reserva")
                .Row(++_sujeto, x.CaseId, p.Id, Roles[x.Role], YN(x.Minor), YN(x.ReservedIdentity), YN(x.ProtectedWitness), x.Code);
    }
}
