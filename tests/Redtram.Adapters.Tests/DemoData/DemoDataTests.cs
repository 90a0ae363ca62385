using Microsoft.Data.Sqlite;
using Redtram.DemoData;

namespace Redtram.Adapters.Tests.DemoData;

public sealed class DemoDataTests : IClassFixture<PostgresFixture>, IDisposable
{
    private readonly PostgresFixture _pg;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-demodata-" + Guid.NewGuid().ToString("N")[..8]);

    public DemoDataTests(PostgresFixture pg)
    {
        _pg = pg;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private string Db(string name) => Path.Combine(_dir, name + ".db");

    private static List<object?[]> Query(string db, string sql)
    {
        using var c = new SqliteConnection($"Data Source={db};Pooling=false");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (int i = 0; i < r.FieldCount; i++) row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    [Theory]
    [InlineData("pe")]
    [InlineData("cl")]
    [InlineData("br")]
    [InlineData("py")]
    public void Same_seed_gives_same_content_and_another_seed_differs(string cc)
    {
        var o = new DemoOptions { Persons = 400, Seed = 7 };
        DemoDatabase.Create(cc, Db("a"), o);
        DemoDatabase.Create(cc, Db("b"), o);
        DemoDatabase.Create(cc, Db("c"), o with { Seed = 8 });
        string a = DemoDatabase.ContentHash(cc, Db("a"));
        Assert.Equal(a, DemoDatabase.ContentHash(cc, Db("b")));
        Assert.NotEqual(a, DemoDatabase.ContentHash(cc, Db("c")));
    }

    [Theory]
    [InlineData("pe", "personas", "carpetas_fiscales")]
    [InlineData("cl", "sujetos", "causas")]
    [InlineData("br", "pessoa", "inquerito")]
    public void Default_sizes_are_2000_persons_and_300_cases(string cc, string persons, string cases)
    {
        var r = DemoDatabase.Create(cc, Db(cc), new DemoOptions());
        Assert.Equal(2000, r.Persons);
        Assert.Equal(300, r.Cases);
        Assert.Equal(2000, DemoDatabase.Count(Db(cc), persons));
        Assert.Equal(300, DemoDatabase.Count(Db(cc), cases));
    }

    [Theory]
    [InlineData("pe")]
    [InlineData("cl")]
    [InlineData("br")]
    [InlineData("py")]
    public void Larger_sizes_respect_every_key_and_unique_constraint(string cc)
    {
        // 3,000 generic cases: national numbers must not collide with the story's fixed ones.
        var r = DemoDatabase.Create(cc, Db(cc + "-20k"), new DemoOptions { Persons = 20_000 });
        Assert.Equal(3000, r.Cases);
        Assert.Empty(Query(Db(cc + "-20k"), "PRAGMA foreign_key_check"));
    }

    [Fact]
    public void Paraguay_has_one_row_per_person_and_expediente()
    {
        DemoDatabase.Create("py", Db("py"), new DemoOptions());
        Assert.Equal(300, DemoDatabase.Count(Db("py"), "expedientes"));
        // every person has a first row with its own id; extra participations are numbered from 10,000,001
        Assert.Equal(2000, DemoDatabase.Count(Db("py"), "personas_causa", "id_persona_causa < 10000000"));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(99L)]
    public void Story_people_are_present_in_every_seed_and_size(long seed)
    {
        var o = new DemoOptions { Persons = 50, Cases = 5, Seed = seed };
        foreach (var cc in DemoDatabase.Countries) DemoDatabase.Create(cc, Db(cc), o);

        // Brazil–Paraguay network
        Assert.Single(Query(Db("py"), "SELECT 1 FROM personas_causa WHERE id_persona_causa = 1 AND nombres = 'Luis Alberto' AND apellidos = 'González Benítez' AND ci = '3.456.789'"));
        Assert.Single(Query(Db("br"), "SELECT 1 FROM pessoa WHERE id_pessoa = 1 AND nome = 'Luiz Alberto Benitez Gonzalez' AND precisao_nascimento = 'A'"));
        Assert.Single(Query(Db("py"), "SELECT 1 FROM personas_causa WHERE apellidos = 'Villalba de Ortiz'"));
        Assert.Single(Query(Db("br"), "SELECT 1 FROM pessoa WHERE nome = 'João Carlos de Souza Filho'"));
        Assert.Single(Query(Db("py"), "SELECT 1 FROM expedientes WHERE nro_causa = 812 AND anio_causa = 2024 AND eci_referencia = 'JIT-BR-PY-2024-01'"));
        Assert.Single(Query(Db("br"), "SELECT 1 FROM inquerito WHERE codigo_eci = 'JIT-BR-PY-2024-01'"));
        // Chile–Peru network
        Assert.Single(Query(Db("pe"), "SELECT 1 FROM personas WHERE id_persona = 6 AND nombres = 'José Antonio' AND apellido_paterno = 'Pérez' AND apellido_materno = 'Quispe'"));
        Assert.Single(Query(Db("cl"), "SELECT 1 FROM sujetos WHERE id_sujeto = 6 AND primer_apellido = 'Quispe' AND segundo_apellido = 'Perez'"));
        Assert.Single(Query(Db("pe"), "SELECT 1 FROM personas WHERE id_persona = 7 AND fecha_nacimiento IS NULL AND anio_nacimiento = 1985"));
        Assert.Single(Query(Db("cl"), "SELECT 1 FROM sujetos WHERE id_sujeto = 7 AND segundo_apellido IS NULL"));
        Assert.Single(Query(Db("pe"), "SELECT 1 FROM personas WHERE apellido_casada = 'Pérez' AND apellido_paterno = 'López'"));
        Assert.Single(Query(Db("pe"), "SELECT 1 FROM carpeta_cooperacion WHERE referencia = 'JIT-CL-PE-2025-01'"));
        Assert.Single(Query(Db("cl"), $"SELECT 1 FROM causas WHERE ruc = '{Story.ClRuc}' AND codigo_eci = 'JIT-CL-PE-2025-01'"));
        // shared phones across countries
        Assert.Single(Query(Db("cl"), "SELECT 1 FROM fonos_sujeto WHERE id_sujeto = 8 AND fono = '+51 952 123 456'"));
        Assert.Single(Query(Db("br"), "SELECT 1 FROM pessoa_telefone WHERE id_pessoa = 3 AND telefone = '+595 981 234567'"));
    }

    [Fact]
    public void Story_identifiers_pass_their_check_digits()
    {
        Assert.True(CheckDigits.IsValidRut(Story.ClRuc));
        Assert.True(CheckDigits.IsValidRut(Story.RosaRun));
        Assert.EndsWith("K", Story.RosaRun);
        Assert.True(CheckDigits.IsValidRut(Story.HuamanRun));
        Assert.True(CheckDigits.IsValidRut(Story.SotoRun));
        Assert.True(CheckDigits.IsValidCpf(Story.SouzaCpf));
        DemoDatabase.Create("br", Db("br"), new DemoOptions { Persons = 300 });
        foreach (var row in Query(Db("br"), "SELECT numero_cnj FROM processo")) Assert.True(CheckDigits.IsValidCnj((string)row[0]!), (string)row[0]!);
        foreach (var row in Query(Db("br"), "SELECT numero FROM pessoa_documento WHERE tipo = 'CPF'")) Assert.True(CheckDigits.IsValidCpf((string)row[0]!), (string)row[0]!);
        DemoDatabase.Create("cl", Db("cl"), new DemoOptions { Persons = 300 });
        foreach (var row in Query(Db("cl"), "SELECT run FROM sujetos WHERE run IS NOT NULL")) Assert.True(CheckDigits.IsValidRut((string)row[0]!), (string)row[0]!);
        foreach (var row in Query(Db("cl"), "SELECT ruc FROM causas")) Assert.True(CheckDigits.IsValidRut((string)row[0]!), (string)row[0]!);
    }

    [Fact]
    public void Check_digit_helpers_match_known_values()
    {
        Assert.Equal('5', CheckDigits.RutDv(12_345_678));
        Assert.True(CheckDigits.IsValidRut("12.345.678-5"));
        Assert.False(CheckDigits.IsValidRut("12.345.678-4"));
        Assert.Equal("09", CheckDigits.CpfDigits("123456789"));
        Assert.False(CheckDigits.IsValidCpf("111.111.111-11"));
        Assert.True(CheckDigits.IsValidCnj(CheckDigits.Cnj(1234567, 2024, 4, 3, 6181)));
        Assert.False(CheckDigits.IsValidCnj("1234567-00.2024.4.03.6181"));
    }

    [Theory]
    [InlineData("pe", "SELECT COUNT(*) FROM sujetos_procesales a JOIN sujetos_procesales b ON a.id_persona = b.id_persona WHERE a.cod_rol = 'MOT' AND b.cod_rol IN ('IMP','ACU','SEN')",
                "SELECT 1 FROM sujetos_procesales WHERE cod_rol = 'MOT'")]
    [InlineData("cl", "SELECT COUNT(*) FROM intervinientes a JOIN intervinientes b ON a.id_sujeto = b.id_sujeto WHERE a.cod_tipo = 6 AND b.cod_tipo IN (1,2,3)",
                "SELECT 1 FROM intervinientes WHERE cod_tipo = 6")]
    [InlineData("br", "SELECT COUNT(*) FROM envolvido a JOIN envolvido b ON a.id_pessoa = b.id_pessoa WHERE a.papel = 'MIG' AND b.papel IN ('INVE','REU','COND')",
                "SELECT 1 FROM envolvido WHERE papel = 'MIG'")]
    public void No_smuggled_migrant_is_ever_a_suspect(string cc, string suspects, string migrants)
    {
        DemoDatabase.Create(cc, Db(cc), new DemoOptions { Persons = 3000 });
        Assert.Equal(0L, (long)Query(Db(cc), suspects)[0][0]!);
        Assert.NotEmpty(Query(Db(cc), migrants));
    }

    [Fact]
    public void Paraguay_migrants_are_never_suspects_either()
    {
        DemoDatabase.Create("py", Db("py"), new DemoOptions { Persons = 3000 });
        // same individual = same first-row id; later rows carry the same CI or name, so check on names + birth data
        var n = Query(Db("py"), """
            SELECT COUNT(*) FROM personas_causa a JOIN personas_causa b
              ON a.nombres = b.nombres AND a.apellidos = b.apellidos AND a.fecha_nacimiento = b.fecha_nacimiento AND a.id_persona_causa <> b.id_persona_causa
            WHERE a.calidad = 'MIG' AND b.calidad IN ('IMP','ACU','CON')
            """);
        Assert.Equal(0L, (long)n[0][0]!);
        Assert.NotEmpty(Query(Db("py"), "SELECT 1 FROM personas_causa WHERE calidad = 'MIG'"));
    }

    [Fact]
    public void Brazil_round_trips_through_PostgreSQL_with_the_same_content_as_SQLite()
    {
        Assert.True(_pg.Error is null, _pg.Error);
        var o = new DemoOptions { Persons = 800, Seed = 2026 };
        var r = DemoDatabase.Create("br", _pg.ConnectionString, o);
        DemoDatabase.Create("br", Db("br"), o);
        Assert.Equal(800, DemoDatabase.Count(_pg.ConnectionString, "pessoa"));
        Assert.Equal(r.Cases, DemoDatabase.Count(_pg.ConnectionString, "inquerito"));
        Assert.Equal(DemoDatabase.ContentHash("br", Db("br")), DemoDatabase.ContentHash("br", _pg.ConnectionString));
        // creating again replaces the tables
        DemoDatabase.Create("br", _pg.ConnectionString, o);
        Assert.Equal(800, DemoDatabase.Count(_pg.ConnectionString, "pessoa"));
    }
}
