using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Redtram.Adapters.Data;

/// <summary>One result row, by lower-case column alias.</summary>
public sealed class Row : Dictionary<string, object?>
{
    public Row() : base(StringComparer.OrdinalIgnoreCase) { }

    public string? Text(string column)
    {
        if (!TryGetValue(column, out var v) || v is null || v is DBNull)
            return null;
        var s = v switch
        {
            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("o", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString(),
        };
        s = s?.Trim();
        return string.IsNullOrEmpty(s) ? null : s;
    }

    public bool Flag(string column) => Text(column)?.ToUpperInvariant() is "1" or "S" or "SI" or "SÍ" or "Y" or "YES" or "T" or "TRUE" or "SIM";

    public bool Has(string column) => ContainsKey(column);
}

/// <summary>
/// The national database through ADO.NET (SQLite or PostgreSQL). Only the mapping's SQL runs here; values from
/// requests are always bound as parameters, lists of keys as numbered parameters.
/// </summary>
public sealed class NationalDb(string provider, string connectionString)
{
    private long _queries;

    public string Provider { get; } = provider;

    /// <summary>Statements run against the national database since start (for tests and diagnostics).</summary>
    public long QueryCount => Interlocked.Read(ref _queries);

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        DbConnection c = Provider == "postgresql" ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
        await c.OpenAsync(ct);
        return c;
    }

    public async Task<List<Row>> QueryAsync(string sql, IReadOnlyList<(string Name, object Value)> parameters, CancellationToken ct)
    {
        var rows = new List<Row>();
        await foreach (var r in StreamAsync(sql, parameters, ct))
            rows.Add(r);
        return rows;
    }

    public async IAsyncEnumerable<Row> StreamAsync(string sql, IReadOnlyList<(string Name, object Value)> parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        Interlocked.Increment(ref _queries);
        await using var conn = await OpenAsync(ct);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        while (await reader.ReadAsync(ct))
        {
            var row = new Row();
            for (var i = 0; i < names.Length; i++)
                row[names[i]] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            yield return row;
        }
    }

    /// <summary>
    /// Rows of an entity query whose key column is one of <paramref name="keys"/>: the mapping's SELECT is wrapped as
    /// a sub-query filtered by numbered parameters (@k0, @k1...). <paramref name="keyColumn"/> is a constant of the host.
    /// </summary>
    public async Task<List<Row>> ByKeysAsync(string sql, string keyColumn, IEnumerable<string> keys, string keyType, CancellationToken ct)
    {
        var bound = new List<object>();
        foreach (var k in keys.Distinct())
        {
            if (keyType == "integer")
            {
                if (long.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                    bound.Add(n);
            }
            else if (k.Length <= 100)
            {
                bound.Add(k);
            }
        }
        var result = new List<Row>();
        foreach (var chunk in bound.Chunk(500))
        {
            var names = chunk.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            var wrapped = $"SELECT * FROM (\n{sql}\n) q WHERE q.{keyColumn} IN ({string.Join(", ", names)})";
            result.AddRange(await QueryAsync(wrapped, chunk.Select((v, i) => (names[i], v)).ToList(), ct));
        }
        return result;
    }
}
