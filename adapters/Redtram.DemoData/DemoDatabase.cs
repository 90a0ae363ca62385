using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Redtram.DemoData;

/// <summary>Generation options. Cases default to 15 % of persons (300 for the default 2,000).</summary>
public sealed record DemoOptions
{
    public int Persons { get; init; } = 2000;
    public int? Cases { get; init; }
    public long Seed { get; init; } = 2026;

    public static int DefaultCasesFor(int persons) => Math.Max(1, persons * 3 / 20);
}

public sealed record DemoResult(string Country, int Persons, int Cases, long Rows, TimeSpan Elapsed);

/// <summary>Creates a country's "existing" national database (schema + deterministic data) in SQLite or PostgreSQL.</summary>
public static partial class DemoDatabase
{
    public static IReadOnlyList<string> Countries => Country.All;

    /// <summary>True when the target is a PostgreSQL connection string (contains Host=); otherwise it is a SQLite file path.</summary>
    public static bool IsPostgres(string target) => target.Contains("host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>The country's schema.sql (adapters/countries/&lt;cc&gt;/schema.sql, embedded).</summary>
    public static string SchemaSql(string country)
    {
        var cc = Country.For(country).Code;
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"schema.{cc}.sql")
            ?? throw new InvalidOperationException($"schema for {cc} not embedded");
        using var r = new StreamReader(s, Encoding.UTF8);
        return r.ReadToEnd();
    }

    /// <summary>Table names in creation order (parents first).</summary>
    public static IReadOnlyList<string> Tables(string country) =>
        TableRegex().Matches(SchemaSql(country)).Select(m => m.Groups[1].Value).ToList();

    /// <summary>
    /// Creates the database: a SQLite file (replaced if it exists) or, for a PostgreSQL connection string, the country's tables
    /// in that database (dropped first if they exist). Deterministic: same country, options and seed give the same rows.
    /// </summary>
    public static DemoResult Create(string country, string connectionStringOrPath, DemoOptions? options = null)
    {
        options ??= new DemoOptions();
        if (options.Persons < 0 || options.Persons > 5_000_000) throw new ArgumentOutOfRangeException(nameof(options), "persons must be 0..5,000,000");
        var c = Country.For(country);
        var sw = Stopwatch.StartNew();
        var statements = Statements(SchemaSql(c.Code));
        var creates = statements.Where(s => !s.StartsWith("CREATE INDEX", StringComparison.OrdinalIgnoreCase)).ToList();
        var indexes = statements.Except(creates).ToList();
        var tables = Tables(c.Code);
        (int persons, int cases) counts;
        long rows;

        if (IsPostgres(connectionStringOrPath))
        {
            using var conn = new NpgsqlConnection(connectionStringOrPath);
            conn.Open();
            using (var tx = conn.BeginTransaction())
            {
                foreach (var t in tables.Reverse()) conn.Exec($"DROP TABLE IF EXISTS {t} CASCADE", tx);
                foreach (var s in creates) conn.Exec(s, tx);
                var sink = new PostgresSink(conn);
                counts = new Generator(c, options).Run(sink);
                sink.Finish(tables);
                rows = sink.Rows;
                foreach (var s in indexes) conn.Exec(s, tx);
                tx.Commit();
            }
            conn.Exec("ANALYZE");
        }
        else
        {
            var path = Path.GetFullPath(connectionStringOrPath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            SqliteConnection.ClearAllPools();
            foreach (var f in new[] { path, path + "-wal", path + "-shm", path + "-journal" }) if (File.Exists(f)) File.Delete(f);
            using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            conn.Open();
            conn.Exec("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA temp_store=MEMORY;");
            using (var tx = conn.BeginTransaction())
            {
                foreach (var s in creates) conn.Exec(s, tx);
                var sink = new SqliteSink(conn, tx);
                counts = new Generator(c, options).Run(sink);
                sink.Finish(tables);
                rows = sink.Rows;
                foreach (var s in indexes) conn.Exec(s, tx);
                tx.Commit();
            }
            conn.Exec("ANALYZE; PRAGMA journal_mode=DELETE;");
        }
        return new DemoResult(c.Code, counts.persons, counts.cases, rows, sw.Elapsed);
    }

    /// <summary>
    /// SHA-256 over every row of every table of the country's schema, ordered by all columns, values rendered the same way for
    /// SQLite and PostgreSQL (dates as yyyy-MM-dd, integers in decimal). Same seed ⇒ same hash, on either engine.
    /// </summary>
    public static string ContentHash(string country, string connectionStringOrPath)
    {
        using DbConnection conn = IsPostgres(connectionStringOrPath)
            ? new NpgsqlConnection(connectionStringOrPath)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        conn.Open();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var t in Tables(country))
        {
            using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT * FROM {t}";
            var lines = new List<string>();
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read())
                {
                    var sb = new StringBuilder();
                    for (int i = 0; i < r.FieldCount; i++)
                    {
                        if (i > 0) sb.Append('\u001f');
                        sb.Append(Render(r.IsDBNull(i) ? null : r.GetValue(i)));
                    }
                    lines.Add(sb.ToString());
                }
            }
            lines.Sort(StringComparer.Ordinal);
            hash.AppendData(Encoding.UTF8.GetBytes(t + "\n"));
            foreach (var l in lines) hash.AppendData(Encoding.UTF8.GetBytes(l + "\n"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static string Render(object? v) => v switch
    {
        null => "\u2400",
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        short or int or long or byte => Convert.ToInt64(v, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        string s => s,
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Row count of a table.</summary>
    public static long Count(string connectionStringOrPath, string table, string? where = null)
    {
        using DbConnection conn = IsPostgres(connectionStringOrPath)
            ? new NpgsqlConnection(connectionStringOrPath)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = connectionStringOrPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        conn.Open();
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT COUNT(*) FROM {table}" + (where is null ? "" : " WHERE " + where);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static List<string> Statements(string sql)
    {
        var noComments = string.Join('\n', sql.Split('\n').Select(l => { int i = l.IndexOf("--", StringComparison.Ordinal); return i >= 0 ? l[..i] : l; }));
        return noComments.Split(';').Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
    }

    [GeneratedRegex(@"CREATE\s+TABLE\s+(\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableRegex();
}
