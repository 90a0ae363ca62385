namespace Redtram.DemoData;

/// <summary>Brazil: MPF, Único-like schema (adapters/countries/br/schema.sql); served from PostgreSQL in tests.</summary>
public sealed class Brazil : Country
{
    public override string Code => "br";
    public override (string Nat, int Weight)[] Nationalities => [("BR", 76), ("PY", 8), ("BO", 7), ("VE", 5), ("HT", 3), ("CN", 1)];
    public override (string Nat, int Weight)[] MigrantNationalities => [("VE", 30), ("HT", 25), ("BO", 15), ("PY", 10), ("CN", 10), ("CO", 10)];

    public override string[] Places =>
    [
        "Foz do Iguaçu (Ponte da Amizade)", "Ponta Porã - Pedro Juan Caballero", "Pacaraima (RR)", "Corumbá (MS)", "São Paulo - Brás",
        "Guarulhos (GRU)", "Assis Brasil (AC)", "Epitaciolândia (AC)", "Manaus (AM)", "Rio de Janeiro", "Campo Grande (MS)", "Curitiba",
    ];

    private static readonly (string Sigla, string Name, string City, string Uf, string Pf, int Tr, int Origin, string Phone)[] Offices =
    [
        ("PR-SP", "Procuradoria da República no Estado de São Paulo", "São Paulo", "SP", "SR/PF/SP", 3, 6181, "+55 (11) 3269-5000"),
        ("PRM-FOZ", "Procuradoria da República no Município de Foz do Iguaçu", "Foz do Iguaçu", "PR", "DPF/FIG/PR", 4, 7002, "+55 (45) 3520-8300"),
        ("PRM-PPORA", "Procuradoria da República no Município de Ponta Porã", "Ponta Porã", "MS", "DPF/PPA/MS", 3, 6005, "+55 (67) 3431-1000"),
        ("PR-RR", "Procuradoria da República em Roraima", "Boa Vista", "RR", "SR/PF/RR", 1, 4200, "+55 (95) 3198-2000"),
        ("PRM-CRA", "Procuradoria da República no Município de Corumbá", "Corumbá", "MS", "DPF/CRA/MS", 3, 6004, "+55 (67) 3231-4000"),
        ("PR-AC", "Procuradoria da República no Acre", "Rio Branco", "AC", "SR/PF/AC", 1, 3000, "+55 (68) 3214-1400"),
        ("PR-RJ", "Procuradoria da República no Estado do Rio de Janeiro", "Rio de Janeiro", "RJ", "SR/PF/RJ", 2, 5101, "+55 (21) 3971-9300"),
        ("PR-AM", "Procuradoria da República no Amazonas", "Manaus", "AM", "SR/PF/AM", 1, 3200, "+55 (92) 2129-4700"),
    ];
    public override int OfficeCount => Offices.Length;

    private static readonly (int Id, string Diploma, string Art, string Desc)[] Provisions =
    [
        (1, "CP", "149-A", "Tráfico de pessoas"),
        (2, "CP", "231", "Tráfico internacional de pessoa para fim de exploração sexual (revogado pela Lei 13.344/2016)"),
        (3, "CP", "232-A", "Promoção de migração ilegal"),
        (4, "CP", "149", "Redução a condição análoga à de escravo"),
        (5, "CP", "228", "Favorecimento da prostituição ou outra forma de exploração sexual"),
    ];

    public override GenOffence[] Offences(string category, DateOnly opened, Rng rng, bool minor)
    {
        bool org = rng.Chance(0.3), func = rng.Chance(0.05), life = rng.Chance(0.08), attempt = rng.Chance(0.06);
        return category switch
        {
            "TIP" => [new(opened < new DateOnly(2016, 11, 22) && rng.Chance(0.7) ? "231" : "149-A", attempt, minor, org, func, life)],
            "SOM" => [new("232-A", attempt, false, org, func, life)],
            _ => [new(rng.Chance(0.5) ? "149" : "228", attempt, minor, org, false, false)],
        };
    }

    public static string Cpf(long base9Value) { string b = base9Value.ToString("D9"); return b + CheckDigits.CpfDigits(b); }

    public override List<GenDoc> Documents(GenPerson p, Rng rng, long index)
    {
        var docs = new List<GenDoc>();
        if (p.Nationality == "BR")
        {
            string cpf = Cpf(100_000_000 + Perm(index, 899_999_999, 31_415_926));
            if (!rng.Chance(0.05)) docs.Add(new("TAX_ID", "CPF", rng.Chance(0.6) ? CheckDigits.FormatCpf(cpf) : cpf, "BR"));
            if (rng.Chance(0.5))
            {
                string rg = rng.Digits(8);
                docs.Add(new("NATIONAL_ID", "RG", rng.Chance(0.5) ? $"{rg[..2]}.{rg[2..5]}.{rg[5..]}-{rng.Next(10)}" : rg + rng.Next(10), "BR"));
            }
            return docs;
        }
        if (rng.Chance(0.4)) docs.Add(new("RESIDENCE_PERMIT", "RNM", $"{(char)('A' + rng.Next(26))}{rng.Digits(6)}-{rng.Next(10)}", "BR"));
        if (p.Nationality == "VE" && rng.Chance(0.3)) docs.Add(new("REFUGEE_ID", "PROTRF", $"08000.{rng.Digits(6)}/{2018 + rng.Next(8)}-{rng.Digits(2)}", "BR"));
        if (p.Nationality == "PY" && rng.Chance(0.6)) docs.Add(new("NATIONAL_ID", "CIEXT", rng.Digits(7), "PY"));
        else if (rng.Chance(0.6)) docs.Add(ForeignPassport(p.Nationality, rng) with { LocalType = "PASSAP" });
        return docs;
    }

    private static readonly string[] Ddd = ["11", "11", "11", "21", "45", "45", "67", "67", "95", "68", "92", "41"];

    public override string MobileDigits(long index)
    {
        long h = Hash("br-tel", index, 5);
        return Ddd[h % Ddd.Length] + "9" + (h / Ddd.Length % 100_000_000).ToString("D8");
    }

    public override string FormatMobile(string d, Rng rng) => rng.Next(6) switch
    {
        0 or 1 => $"+55 ({d[..2]}) {d[2..7]}-{d[7..]}",
        2 => $"({d[..2]}) {d[2..7]}-{d[7..]}",
        3 => d,
        4 => $"+55{d}",
        _ => $"0{d[..2]} {d[2..7]} {d[7..]}",
    };

    public override string OrgName(Rng rng, string kind) => kind switch
    {
        "RECRUITER" => $"{rng.Pick(["Agência", "Agenciadora"])} {rng.Pick(["Sonho Europeu", "Novo Rumo", "Talentos do Sul", "Oportunidade"])} Ltda.",
        "TRANSPORT" => $"{rng.Pick(["Expresso", "Viação", "Transportadora"])} {rng.Pick(["Fronteira", "Tríplice", "Pantanal", "Amizade"])} Ltda.",
        "VENUE" => $"Boate {rng.Pick(["Estrela do Sul", "Paraíso", "Lua Azul", "Cabaré da Ponte"])}",
        "EMPLOYER" => $"Confecções {rng.Pick(["Brás Moda", "Fio de Ouro", "Bom Retiro", "Linha Fina"])} ME",
        "CRIMINAL_GROUP" => $"Grupo {rng.Pick(["da Ponte", "do Lago", "Tríplice Fronteira", "dos Coiotes"])}",
        _ => $"{rng.Pick(["Eventos", "Turismo", "Comércio", "Importadora"])} {rng.Pick(["Iguaçu", "Paulista", "Guaraní", "Horizonte"])} Eireli",
    };

    public override string? OrgTaxId(Rng rng, long index)
    {
        string b = (10_000_000 + Perm(index, 89_999_999, 2_718_281)).ToString("D8") + "0001";
        int d1 = CnpjDigit(b), d2 = CnpjDigit(b + d1);
        string c = b + d1 + d2;
        return $"{c[..2]}.{c[2..5]}.{c[5..8]}/{c[8..12]}-{c[12..]}";
    }

    private static int CnpjDigit(string s)
    {
        int[] w = s.Length == 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
        int sum = 0;
        for (int i = 0; i < s.Length; i++) sum += (s[i] - '0') * w[i];
        int r = sum % 11;
        return r < 2 ? 0 : 11 - r;
    }

    private static readonly Dictionary<string, string[]> Status = new()
    {
        ["REPORTED"] = ["NF"], ["INVESTIGATION"] = ["INST"], ["CHARGED"] = ["DEN"], ["TRIAL"] = ["ACAO"], ["CONVICTED"] = ["COND"], ["ACQUITTED"] = ["ABSO"],
        ["DISMISSED"] = ["REJ"], ["ARCHIVED"] = ["ARQ"], ["SUSPENDED"] = ["SUSP"], ["OTHER"] = ["DECL"],
    };
    private static readonly Dictionary<string, string> Roles = new()
    {
        ["SUSPECT"] = "INVE", ["ACCUSED"] = "REU", ["CONVICTED"] = "COND", ["VICTIM"] = "VIT", ["PRESUMED_VICTIM"] = "PVIT",
        ["SMUGGLED_MIGRANT"] = "MIG", ["WITNESS"] = "TEST", ["COMPLAINANT"] = "NOTI",
    };
    private static readonly Dictionary<string, string> Forms = new()
    {
        ["SEXUAL"] = "EXSX", ["FORCED_LABOUR"] = "TESC", ["DOMESTIC_SERVITUDE"] = "SERV", ["SLAVERY"] = "TESC", ["ORGAN_REMOVAL"] = "REMO",
        ["FORCED_BEGGING"] = "OUTR", ["FORCED_CRIMINALITY"] = "OUTR", ["FORCED_MARRIAGE"] = "OUTR", ["ILLEGAL_ADOPTION"] = "ADOC", ["OTHER"] = "OUTR",
    };
    private static readonly Dictionary<string, string> OrgKinds = new()
    {
        ["COMPANY"] = "FACHADA", ["RECRUITER"] = "AGENCIADORA", ["TRANSPORT"] = "TRANSPORTADORA", ["EMPLOYER"] = "EMPREGADORA", ["VENUE"] = "CASA NOTURNA", ["CRIMINAL_GROUP"] = "ORCRIM",
    };

    public override void WriteCodeTables(Sink s)
    {
        var u = s.Table("unidade_mpf", "id_unidade", "sigla", "nome", "municipio", "uf", "telefone", "email");
        for (int i = 0; i < Offices.Length; i++)
            u.Row(i + 1, Offices[i].Sigla, Offices[i].Name, Offices[i].City, Offices[i].Uf, Offices[i].Phone, $"{Offices[i].Sigla.ToLowerInvariant()}-trafico@demo.mpf.example");
        var st = s.Table("situacao_procedimento", "codigo", "descricao");
        foreach (var (c, n) in new[] { ("NF", "Notícia de fato"), ("INST", "Inquérito instaurado / em andamento"), ("DEN", "Denúncia oferecida"), ("ACAO", "Ação penal em curso"),
            ("COND", "Sentença condenatória"), ("ABSO", "Sentença absolutória"), ("REJ", "Denúncia rejeitada / extinção"), ("ARQ", "Arquivado"),
            ("SUSP", "Suspenso (art. 366 CPP)"), ("DECL", "Declínio de atribuição") })
            st.Row(c, n);
        var p = s.Table("papel_envolvido", "codigo", "descricao");
        foreach (var (c, n) in new[] { ("INVE", "INVESTIGADO"), ("REU", "RÉU / DENUNCIADO"), ("COND", "CONDENADO"), ("VIT", "VÍTIMA"), ("PVIT", "POSSÍVEL VÍTIMA"),
            ("MIG", "MIGRANTE OBJETO DA PROMOÇÃO"), ("TEST", "TESTEMUNHA"), ("NOTI", "NOTICIANTE") })
            p.Row(c, n);
        var t = s.Table("tipo_documento", "codigo", "descricao");
        foreach (var (c, n) in new[] { ("CPF", "Cadastro de Pessoas Físicas"), ("RG", "Registro Geral (carteira de identidade estadual)"), ("CNH", "Carteira Nacional de Habilitação"),
            ("PASSAP", "Passaporte"), ("RNM", "Registro Nacional Migratório"), ("PROTRF", "Protocolo de solicitação de refúgio"), ("CIEXT", "Cédula de identidade estrangeira") })
            t.Row(c, n);
        var d = s.Table("dispositivo_legal", "id_dispositivo", "diploma", "artigo", "descricao");
        foreach (var x in Provisions) d.Row(x.Id, x.Diploma, x.Art, x.Desc);
        var f = s.Table("finalidade_exploracao", "codigo", "descricao");
        foreach (var (c, n) in new[] { ("REMO", "Remoção de órgãos, tecidos ou partes do corpo"), ("TESC", "Trabalho em condições análogas à de escravo"), ("SERV", "Servidão"),
            ("ADOC", "Adoção ilegal"), ("EXSX", "Exploração sexual"), ("OUTR", "Outra finalidade") })
            f.Row(c, n);
        s.Table("equipe_conjunta_investigacao", "codigo", "paises", "data_assinatura", "objeto")
            .Row("JIT-BR-PY-2024-01", "BR,PY", new DateOnly(2024, 5, 14), "Tráfico de pessoas para exploração sexual e laboral na tríplice fronteira (fictício)");
    }

    private int _tip, _proc, _doc, _tel, _env;

    public override void WriteCase(Sink s, GenCase c, GenPerson? lead)
    {
        var o = Offices[c.Office % Offices.Length];
        string ipl = c.FixedNumber ?? $"IPL {c.Opened.Year}.{c.Sequence:D7}-{o.Pf}";
        s.Table("inquerito", "id_inquerito", "numero_ipl", "id_unidade", "situacao", "data_instauracao", "data_arquivamento", "ementa", "sigilo", "codigo_eci")
            .Row(c.Id, ipl, c.Office % Offices.Length + 1, Status[c.Status][0], c.Opened, c.Closed,
                 c.Category == "SOM" ? $"Promoção de migração ilegal - {c.Place}" : $"Tráfico de pessoas - {c.Place}", c.Confidential ? 1 : 0, c.Jit);
        if (c.Status is "CHARGED" or "TRIAL" or "CONVICTED" or "ACQUITTED" or "DISMISSED" && (c.Status != "DISMISSED" || c.Id % 2 == 0))
        {
            int year = Math.Min(2026, c.Opened.Year + 1);
            s.Table("processo", "id_processo", "numero_cnj", "id_inquerito", "orgao_julgador", "data_distribuicao", "situacao")
                .Row(++_proc, CheckDigits.Cnj(5_000_000 + c.Id, year, 4, o.Tr, o.Origin), c.Id, $"{1 + c.Id % 5}ª Vara Federal de {o.City}",
                     new DateOnly(year, 1 + c.Id % 12, 1 + c.Id % 28), Status[c.Status][0]);
        }
        foreach (var x in c.Offences)
            s.Table("tipificacao", "id_tipificacao", "id_inquerito", "id_dispositivo", "tentativa", "majorante_vitima_menor", "majorante_funcionario", "majorante_organizacao", "majorante_risco_vida")
                .Row(++_tip, c.Id, Provisions.First(p => p.Art == x.Article).Id, x.Attempt, x.MinorVictim, x.PublicOfficial, x.OrganisedGroup, x.LifeEndangered);
        foreach (var f in c.Forms.Select(f => Forms[f]).Distinct())
            s.Table("inquerito_finalidade", "id_inquerito", "codigo_finalidade").Row(c.Id, f);
    }

    public override void WriteOrg(Sink s, GenOrg o) =>
        s.Table("pessoa_juridica", "id_pj", "razao_social", "cnpj", "natureza").Row(o.Id, o.Name, o.TaxId, OrgKinds[o.Kind]);

    public override void WriteCaseOrg(Sink s, GenCase c, GenOrg o) =>
        s.Table("inquerito_pessoa_juridica", "id_inquerito", "id_pj").Row(c.Id, o.Id);

    public override void WritePerson(Sink s, GenPerson p)
    {
        string nome = PortugueseFullName(p);
        char prec = p.BirthDate is not null ? 'D' : p.BirthYearOnly is not null ? 'A' : 'N';
        DateOnly? birth = p.BirthDate ?? (p.BirthYearOnly is int y ? new DateOnly(y, 1, 1) : null);
        string? mae = p.Id % 3 == 0 && p.Maternal is not null ? $"{Names.PortugueseFemale[p.Id % Names.PortugueseFemale.Length]} {p.Maternal}" : null;
        s.Table("pessoa", "id_pessoa", "nome", "nome_social", "nome_mae", "sexo", "data_nascimento", "precisao_nascimento", "nacionalidade", "nome_pesquisa")
            .Row(p.Id, nome, null, mae, p.Sex == 'U' ? 'I' : p.Sex, birth, prec, p.Nationality, Names.Fold(nome));
        var idx = s.Table("pessoa_nome_chave", "chave", "id_pessoa");
        var seen = new HashSet<string>();
        foreach (var v in new[] { nome }.Concat(p.Aliases))
            foreach (var k in Names.Keys(v)) if (seen.Add(k)) idx.Row(k, p.Id);
        foreach (var a in p.Aliases.Distinct()) s.Table("pessoa_apelido", "id_pessoa", "apelido").Row(p.Id, a);
        foreach (var d in p.Documents)
            s.Table("pessoa_documento", "id_documento", "id_pessoa", "tipo", "numero", "orgao_emissor", "pais_emissor")
                .Row(++_doc, p.Id, d.LocalType, d.Number, d.LocalType switch { "CPF" => "RFB", "RG" => "SSP/" + Offices[p.Id % 3].Uf, "RNM" or "PROTRF" => "PF", "CIEXT" => "DNIC", _ => null }, d.Issuer);
        foreach (var t in p.Phones)
            s.Table("pessoa_telefone", "id_telefone", "id_pessoa", "telefone", "imei").Row(++_tel, p.Id, t.Typed, t.Imei);
        foreach (var x in p.Participations)
            s.Table("envolvido", "id_envolvido", "id_inquerito", "id_pessoa", "papel", "menor", "identidade_preservada", "protegido_provita", "codinome")
                .Row(++_env, x.CaseId, p.Id, Roles[x.Role], x.Minor, x.ReservedIdentity, x.ProtectedWitness, x.Code);
    }
}
