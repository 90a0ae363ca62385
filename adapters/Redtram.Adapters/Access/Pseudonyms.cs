using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Redtram.Adapters.Access;

/// <summary>
/// Pseudonyms of protected persons, unlinkable across requests and contexts: base32 (RFC 4648, no padding) of
/// HMAC-SHA256(secret, "v2" | local id | requesting country | request nonce | context), 16 characters (80 bits). The nonce is
/// random per GraphQL request; the context is <see cref="HitContext"/> for search hits and look-ups by pseudonym,
/// <see cref="LookupContext"/> for a look-up by national id and <see cref="CaseContext"/> for the participants of a case. So a name search and a case's participant list — in two
/// requests or in two root fields of one — give the same person two pseudonyms that cannot be joined, and two requesting
/// countries never share one.
/// <para>Every pseudonym handed out is recorded in the adapter's state file (<see cref="AdapterState"/>, table
/// <c>pseudonym</c>: pseudonym, local id, requesting country, time, context), one transaction per request, so that the
/// requesting country can look it up again (<c>person(id: "CC:~…")</c>, <c>_entities</c>) and the owner can resolve it
/// (<c>redtram adapter pseudonym</c>). Records older than <see cref="Retention"/> are no longer honoured and are deleted at
/// start-up and then at most once a day.</para>
/// </summary>
public sealed class Pseudonyms
{
    public const int Length = 16;
    public const int NonceBytes = 16;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>How long a pseudonym stays resolvable unless configured (grants.pseudonymRetentionDays).</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(400);

    /// <summary>The context of search hits and look-ups (person, _entities).</summary>
    public const string HitContext = "hit";

    /// <summary>The context of the participants of a case: "case:CC:localId".</summary>
    public static string CaseContext(string caseId) => "case:" + caseId;

    /// <summary>The context of a person looked up by its national id ("lookup:CC:id").</summary>
    public static string LookupContext(string personId) => "lookup:" + personId;

    private readonly byte[] _secret;
    private readonly AdapterState _state;
    private readonly Func<DateTimeOffset> _now;
    private long _lastPruneTicks;

    public Pseudonyms(byte[] secret, AdapterState state, TimeSpan? retention = null, Func<DateTimeOffset>? now = null)
    {
        if (secret.Length < 32)
            throw new AdapterConfigurationException("the pseudonym secret must be at least 32 bytes");
        if (retention is { } r && r <= TimeSpan.Zero)
            throw new AdapterConfigurationException("the pseudonym retention must be positive");
        _secret = secret;
        _state = state;
        _now = now ?? (() => DateTimeOffset.UtcNow);
        Retention = retention ?? DefaultRetention;
    }

    /// <summary>How long a recorded pseudonym stays resolvable.</summary>
    public TimeSpan Retention { get; }

    /// <summary>A fresh random request nonce.</summary>
    public static byte[] NewNonce() => RandomNumberGenerator.GetBytes(NonceBytes);

    /// <summary>The pseudonym of a person for a requesting country in one request (<paramref name="nonce"/>) and context.</summary>
    public string Compute(string localId, string requester, ReadOnlySpan<byte> nonce, string context)
    {
        // Length-prefixed fields: no two different inputs give the same message.
        var fields = new[] { "v2", localId, requester, Convert.ToHexString(nonce), context };
        var size = 0;
        foreach (var f in fields)
            size += 4 + Encoding.UTF8.GetByteCount(f);
        var message = new byte[size];
        var at = 0;
        foreach (var f in fields)
        {
            var n = Encoding.UTF8.GetBytes(f, 0, f.Length, message, at + 4);
            BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(at), n);
            at += 4 + n;
        }
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, message, mac);
        Span<char> chars = stackalloc char[Length];
        // 16 characters × 5 bits = the first 10 bytes.
        for (var i = 0; i < Length; i++)
        {
            var bit = i * 5;
            var value = ((mac[bit / 8] << 8) | mac[bit / 8 + 1]) >> (11 - bit % 8) & 31;
            chars[i] = Alphabet[value];
        }
        return new string(chars);
    }

    /// <summary>The time stamp format of the state file (sorts as text).</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Now, as recorded in the state file.</summary>
    public string Now() => Stamp(_now());

    /// <summary>The local id behind a pseudonym handed to this requesting country within <see cref="Retention"/>, or null.</summary>
    public string? Resolve(string requester, string pseudonym)
    {
        if (pseudonym.Length != Length)
            return null;
        foreach (var ch in pseudonym)
            if (Alphabet.IndexOf(ch, StringComparison.Ordinal) < 0)
                return null;
        return _state.FindPseudonym(requester, pseudonym, Stamp(_now() - Retention));
    }

    /// <summary>Records the pseudonyms a request handed out (one transaction); prunes expired ones at most once a day.</summary>
    public void Save(IReadOnlyCollection<PseudonymRecord> records)
    {
        _state.SavePseudonyms(records);
        var last = Interlocked.Read(ref _lastPruneTicks);
        if (_now().UtcTicks - last >= TimeSpan.TicksPerDay && Interlocked.CompareExchange(ref _lastPruneTicks, _now().UtcTicks, last) == last)
            _state.PrunePseudonyms(Stamp(_now() - Retention));
    }

    /// <summary>Deletes the pseudonyms older than <see cref="Retention"/> (at start-up); returns how many.</summary>
    public int Prune()
    {
        Interlocked.Exchange(ref _lastPruneTicks, _now().UtcTicks);
        return _state.PrunePseudonyms(Stamp(_now() - Retention));
    }
}

/// <summary>Reading pseudonyms back from an adapter's state file, for the owner (read-only; the file is never created or
/// changed): who was given a pseudonym, when, in which context, and which local record it stands for.</summary>
public static partial class PseudonymLookup
{
    [System.Text.RegularExpressions.GeneratedRegex("^(?:[A-Z]{2}:)?~?([A-Z2-7]{16})$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    /// <summary>The 16 base32 characters of a pseudonym quoted as "CC:~XXXX…", "~XXXX…" or "XXXX…" (trimmed, any case), or
    /// null when it is not one.</summary>
    public static string? Normalize(string? pseudonym)
    {
        var m = Pattern().Match(pseudonym?.Trim().ToUpperInvariant() ?? "");
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>The records of <paramref name="pseudonym"/> (normalised, <see cref="Normalize"/>) in the state file at
    /// <paramref name="statePath"/>: usually one, empty when the file holds none (never handed out, or expired and pruned).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file is not an adapter state file.</exception>
    public static IReadOnlyList<PseudonymRecord> Find(string statePath, string pseudonym)
    {
        if (!File.Exists(statePath))
            throw new FileNotFoundException("no such state file", statePath);
        var cs = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = statePath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false };
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(cs.ToString());
        c.Open();
        bool legacy;
        using (var info = c.CreateCommand())
        {
            // A state file of format v1 that no adapter has opened since: read as it is.
            info.CommandText = "SELECT COUNT(*) FROM pragma_table_info('pseudonym') WHERE name = 'requester'";
            legacy = Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
        }
        using var cmd = c.CreateCommand();
        cmd.CommandText = legacy
            ? $"SELECT pseudonym, local_id, requester, created, '{AdapterState.LegacyContext}' FROM pseudonym WHERE pseudonym = @p ORDER BY created, requester"
            : "SELECT pseudonym, local_id, requester_country, created, context FROM pseudonym WHERE pseudonym = @p ORDER BY created, requester_country";
        cmd.Parameters.AddWithValue("@p", pseudonym);
        using var r = cmd.ExecuteReader();
        var records = new List<PseudonymRecord>();
        while (r.Read())
            records.Add(new PseudonymRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        return records;
    }
}
