using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Redtram.Adapters.Access;

/// <summary>
/// The adapter's own state, in a sidecar SQLite file next to its data (never in the national database, never in the index
/// files, which are rebuilt): the secret that keys pseudonyms (unless configured), the pseudonyms handed out, follow-up
/// tokens. The file is created readable by its owner only. Holds no names, documents or phones: local ids only.
/// </summary>
public sealed class AdapterState
{
    private readonly string _connection;

    public AdapterState(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        if (!File.Exists(Path) && !OperatingSystem.IsWindows())
            using (new FileStream(Path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }
        _connection = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var c = Open();
        Exec(c, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
            CREATE TABLE IF NOT EXISTS follow_up(token TEXT PRIMARY KEY, created TEXT NOT NULL, requester_country TEXT NOT NULL,
                                                 requesting_case TEXT NOT NULL, purpose TEXT NOT NULL, user_ref TEXT NOT NULL,
                                                 kind TEXT NOT NULL CHECK (kind IN ('person', 'case')), matched_local_ids TEXT NOT NULL);
            """);
        MigratePseudonyms(c);
        Exec(c, """
            CREATE TABLE IF NOT EXISTS pseudonym(pseudonym TEXT NOT NULL, local_id TEXT NOT NULL, requester_country TEXT NOT NULL,
                                                 created TEXT NOT NULL, context TEXT NOT NULL,
                                                 PRIMARY KEY (pseudonym, requester_country)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_pseudonym_created ON pseudonym(created);
            """);
    }

    /// <summary>The context of the pseudonyms of state files written before pseudonyms were per request (format v1: one
    /// pseudonym per person and requesting country).</summary>
    public const string LegacyContext = "v1 (per requesting country)";

    /// <summary>State files of format v1 had <c>pseudonym(requester, pseudonym, local_id, created)</c>: their rows move to the
    /// current table (those pseudonyms were handed out and stay resolvable until they expire), with <see cref="LegacyContext"/>.</summary>
    private static void MigratePseudonyms(SqliteConnection c)
    {
        using (var info = c.CreateCommand())
        {
            info.CommandText = "SELECT COUNT(*) FROM pragma_table_info('pseudonym') WHERE name = 'requester'";
            if (Convert.ToInt64(info.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
                return;
        }
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            ALTER TABLE pseudonym RENAME TO pseudonym_v1;
            CREATE TABLE pseudonym(pseudonym TEXT NOT NULL, local_id TEXT NOT NULL, requester_country TEXT NOT NULL,
                                   created TEXT NOT NULL, context TEXT NOT NULL,
                                   PRIMARY KEY (pseudonym, requester_country)) WITHOUT ROWID;
            INSERT OR IGNORE INTO pseudonym(pseudonym, local_id, requester_country, created, context)
                SELECT pseudonym, local_id, requester, COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', created), created), '{LegacyContext}' FROM pseudonym_v1;
            DROP TABLE pseudonym_v1;
            """;
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA synchronous = NORMAL";
        cmd.ExecuteNonQuery();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>The pseudonym secret kept in the state file: generated (32 random bytes) on first use, then always the same.</summary>
    public byte[] StoredSecret()
    {
        using var c = Open();
        using var tx = c.BeginTransaction();
        using (var read = c.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = "SELECT value FROM meta WHERE key = 'pseudonym_secret'";
            if (read.ExecuteScalar() is byte[] existing && existing.Length >= 32)
                return existing;
        }
        var secret = RandomNumberGenerator.GetBytes(32);
        using (var write = c.CreateCommand())
        {
            write.Transaction = tx;
            write.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES ('pseudonym_secret', @v)";
            write.Parameters.AddWithValue("@v", secret);
            write.ExecuteNonQuery();
        }
        tx.Commit();
        return secret;
    }

    /// <summary>Records the pseudonyms one request handed out, in one transaction (a pseudonym already recorded for its
    /// requesting country is left as it was).</summary>
    public void SavePseudonyms(IReadOnlyCollection<PseudonymRecord> records)
    {
        if (records.Count == 0)
            return;
        using var c = Open();
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT OR IGNORE INTO pseudonym(pseudonym, local_id, requester_country, created, context) VALUES (@p, @l, @r, @t, @c)";
        var p = cmd.Parameters.Add("@p", SqliteType.Text);
        var l = cmd.Parameters.Add("@l", SqliteType.Text);
        var r = cmd.Parameters.Add("@r", SqliteType.Text);
        var t = cmd.Parameters.Add("@t", SqliteType.Text);
        var x = cmd.Parameters.Add("@c", SqliteType.Text);
        cmd.Prepare();
        foreach (var record in records)
        {
            p.Value = record.Pseudonym;
            l.Value = record.LocalId;
            r.Value = record.RequesterCountry;
            t.Value = record.Created;
            x.Value = record.Context;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The local id behind a pseudonym handed to <paramref name="requester"/> at <paramref name="notBefore"/> or later
    /// (ISO 8601 UTC, as <see cref="PseudonymRecord.Created"/>), or null.</summary>
    public string? FindPseudonym(string requester, string pseudonym, string notBefore)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT local_id FROM pseudonym WHERE pseudonym = @p AND requester_country = @r AND created >= @t";
        cmd.Parameters.AddWithValue("@p", pseudonym);
        cmd.Parameters.AddWithValue("@r", requester);
        cmd.Parameters.AddWithValue("@t", notBefore);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Deletes the pseudonyms handed out before <paramref name="before"/> (ISO 8601 UTC); returns how many.</summary>
    public int PrunePseudonyms(string before)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM pseudonym WHERE created < @t";
        cmd.Parameters.AddWithValue("@t", before);
        return cmd.ExecuteNonQuery();
    }
}

/// <summary>A pseudonym as the owner recorded it: the pseudonym (16 base32 characters, without "CC:~"), the person's local id,
/// the requesting country it was handed to, when (ISO 8601 UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>) and in which context
/// (<c>hit</c>: search hits and look-ups; <c>case:CC:id</c>: the participants of that case).</summary>
public sealed record PseudonymRecord(string Pseudonym, string LocalId, string RequesterCountry, string Created, string Context);
