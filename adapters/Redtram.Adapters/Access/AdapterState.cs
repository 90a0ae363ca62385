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
            CREATE TABLE IF NOT EXISTS pseudonym(requester TEXT NOT NULL, pseudonym TEXT NOT NULL, local_id TEXT NOT NULL, created TEXT NOT NULL,
                                                 PRIMARY KEY (requester, pseudonym));
            CREATE TABLE IF NOT EXISTS follow_up(token TEXT PRIMARY KEY, created TEXT NOT NULL, requester_country TEXT NOT NULL,
                                                 requesting_case TEXT NOT NULL, purpose TEXT NOT NULL, user_ref TEXT NOT NULL,
                                                 kind TEXT NOT NULL CHECK (kind IN ('person', 'case')), matched_local_ids TEXT NOT NULL);
            """);
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

    public void SavePseudonym(string requester, string pseudonym, string localId)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "INSERT OR IGNORE INTO pseudonym(requester, pseudonym, local_id, created) VALUES (@r, @p, @l, @t)";
        cmd.Parameters.AddWithValue("@r", requester);
        cmd.Parameters.AddWithValue("@p", pseudonym);
        cmd.Parameters.AddWithValue("@l", localId);
        cmd.Parameters.AddWithValue("@t", DateTimeOffset.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
        cmd.ExecuteNonQuery();
    }

    public string? FindPseudonym(string requester, string pseudonym)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT local_id FROM pseudonym WHERE requester = @r AND pseudonym = @p";
        cmd.Parameters.AddWithValue("@r", requester);
        cmd.Parameters.AddWithValue("@p", pseudonym);
        return cmd.ExecuteScalar() as string;
    }
}
