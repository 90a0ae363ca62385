using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Redtram.DemoData;

/// <summary>Where generated rows go: a prepared INSERT per table (SQLite) or buffered COPY (PostgreSQL).</summary>
public abstract class Sink
{
    public abstract TableWriter Table(string name, params string[] columns);
    public abstract void Finish(IReadOnlyList<string> tableOrder);
    public long Rows { get; protected set; }

    internal static string? Text(object? v) => v switch
    {
        null => null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        char c => c.ToString(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString(),
    };
}

public abstract class TableWriter
{
    public abstract void Row(params object?[] values);
}

internal sealed class SqliteSink(SqliteConnection conn, SqliteTransaction tx) : Sink
{
    private readonly Dictionary<string, Writer> _tables = [];

    public override TableWriter Table(string name, params string[] columns)
    {
        if (_tables.TryGetValue(name, out var w)) return w;
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {name} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
        for (int i = 0; i < columns.Length; i++) cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
        cmd.Prepare();
        return _tables[name] = new Writer(this, cmd);
    }

    public override void Finish(IReadOnlyList<string> tableOrder)
    {
        foreach (var w in _tables.Values) w.Command.Dispose();
    }

    private sealed class Writer(SqliteSink sink, SqliteCommand cmd) : TableWriter
    {
        public SqliteCommand Command => cmd;

        public override void Row(params object?[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                object? v = values[i];
                cmd.Parameters[i].Value = v switch
                {
                    null => DBNull.Value,
                    DateOnly or char => Text(v)!,
                    bool b => b ? 1 : 0,
                    _ => v,
                };
            }
            cmd.ExecuteNonQuery();
            sink.Rows++;
        }
    }
}

/// <summary>Buffers each table as COPY text and loads the tables in schema order (parents first) at the end.</summary>
internal sealed class PostgresSink(NpgsqlConnection conn) : Sink
{
    private readonly Dictionary<string, (string[] Columns, StringBuilder Text)> _tables = [];

    public override TableWriter Table(string name, params string[] columns)
    {
        if (!_tables.TryGetValue(name, out var t)) _tables[name] = t = (columns, new StringBuilder());
        return new Writer(this, t.Text);
    }

    public override void Finish(IReadOnlyList<string> tableOrder)
    {
        foreach (var name in tableOrder)
        {
            if (!_tables.TryGetValue(name, out var t) || t.Text.Length == 0) continue;
            using var w = conn.BeginTextImport($"COPY {name} ({string.Join(", ", t.Columns)}) FROM STDIN");
            const int chunk = 1 << 20;
            for (int i = 0; i < t.Text.Length; i += chunk)
                w.Write(t.Text.ToString(i, Math.Min(chunk, t.Text.Length - i)));
        }
    }

    private sealed class Writer(PostgresSink sink, StringBuilder sb) : TableWriter
    {
        public override void Row(params object?[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append('\t');
                var s = Text(values[i]);
                if (s is null) { sb.Append("\\N"); continue; }
                foreach (char c in s)
                {
                    switch (c)
                    {
                        case '\\': sb.Append("\\\\"); break;
                        case '\t': sb.Append("\\t"); break;
                        case '\n': sb.Append("\\n"); break;
                        case '\r': sb.Append("\\r"); break;
                        default: sb.Append(c); break;
                    }
                }
            }
            sb.Append('\n');
            sink.Rows++;
        }
    }
}

internal static class DbExtensions
{
    public static void Exec(this DbConnection conn, string sql, DbTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.CommandTimeout = 0;
        cmd.ExecuteNonQuery();
    }
}
