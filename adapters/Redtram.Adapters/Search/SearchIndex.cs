using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Redtram.Adapters.Access;
using Redtram.Adapters.Data;
using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Search;

public sealed record MatchReason(string Kind, string Field, double Weight);

public sealed record SearchHit(string LocalId, double Score, IReadOnlyList<MatchReason> Reasons);

/// <summary>The hits of a search, best first, with each record's key (person pid, case cid) in the index file they came from
/// (an index is replaced as a whole when the data changes; the old file stays a while), for follow-up queries on every match.</summary>
public sealed class SearchResults : IReadOnlyList<SearchHit>
{
    private readonly List<(long Key, SearchHit Hit)> _hits;

    /// <summary>Sorts <paramref name="hits"/> in place: score descending, then key.</summary>
    public SearchResults(List<(long Key, SearchHit Hit)> hits, string? indexFile)
    {
        hits.Sort(static (a, b) => b.Hit.Score.CompareTo(a.Hit.Score) is var c && c != 0 ? c : a.Key.CompareTo(b.Key));
        _hits = hits;
        IndexFile = indexFile;
    }

    public static SearchResults Empty { get; } = new([], null);

    public string? IndexFile { get; }
    public int Count => _hits.Count;
    public SearchHit this[int index] => _hits[index].Hit;
    public long KeyAt(int index) => _hits[index].Key;

    public IEnumerator<SearchHit> GetEnumerator()
    {
        foreach (var (_, hit) in _hits)
            yield return hit;
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A participation as the index holds it: role, the case's local id, and whether it protects the person
/// (<see cref="RequestAccess.IsProtective"/>).</summary>
public readonly record struct IndexedParticipation(string Role, string CaseLocalId, bool Protective);

public sealed class PersonCriteria
{
    public IReadOnlyList<string> NameTokens { get; init; } = [];
    public string? DocumentNormalized { get; init; }
    public string? DocumentIssuer { get; init; }
    public string? DocumentType { get; init; }
    public string? Phone { get; init; }
    public string? BornFrom { get; init; }
    public string? BornTo { get; init; }
    public string? Nationality { get; init; }
    public string? Role { get; init; }
    public string? OffenceCategory { get; init; }
    public string? Iccs { get; init; }
}

public sealed class CaseCriteria
{
    public string? LocalNumber { get; init; }
    public string? OffenceCategory { get; init; }
    public string? Iccs { get; init; }
    public string? Status { get; init; }
    public string? OpenedFrom { get; init; }
    public string? OpenedTo { get; init; }
    public IReadOnlyList<string> ParticipantTokens { get; init; } = [];
}

/// <summary>
/// The name-key index: a sidecar SQLite file next to the national database (never inside it) holding folded name
/// tokens, phonetic keys, nickname expansions, normalised documents and phones, birth-date ranges, nationalities,
/// roles and offences. Built from the mapping's SQL at start-up or when the data epoch changes; one file per
/// epoch, so a search always reads a complete index. Lookups are index range scans, never LIKE over persons.
/// </summary>
public sealed class SearchIndex
{
    private const string FormatVersion = "redtram-index-6";
    private readonly NationalStore _store;
    private readonly string _basePath;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private readonly TimeSpan _epochCheck;
    private volatile string? _current;
    private DateTime _lastCheck = DateTime.MinValue;

    public SearchIndex(NationalStore store, string basePath, ILogger log, TimeSpan epochCheck)
    {
        _store = store;
        _basePath = basePath;
        _log = log;
        _epochCheck = epochCheck;
    }

    /// <summary>Duration of the last build (zero when an existing index for the epoch was reused).</summary>
    public TimeSpan LastBuild { get; private set; }
    /// <summary>Number of index files this instance has built (a reused index does not count).</summary>
    public int Builds { get; private set; }
    public int PersonCount { get; private set; }
    public string? CurrentPath => _current;

    /// <summary>Ensures the index matches the data epoch; rebuilds only when the epoch (or mapping) changed.</summary>
    public async Task EnsureAsync(CancellationToken ct, bool force = false)
    {
        if (!force && _current is not null && DateTime.UtcNow - _lastCheck < _epochCheck)
            return;
        await _buildLock.WaitAsync(ct);
        try
        {
            if (!force && _current is not null && DateTime.UtcNow - _lastCheck < _epochCheck)
                return;
            var epoch = await _store.EpochAsync(ct);
            var stamp = Hash(FormatVersion + "\n" + _store.Mapping.SourceText + "\n" + epoch);
            var path = $"{_basePath}.{stamp}";
            _lastCheck = DateTime.UtcNow;
            if (!force && _current == path)
                return;
            if (!force && File.Exists(path) && ReadMeta(path, "stamp") == stamp)
            {
                _current = path;
                PersonCount = int.Parse(ReadMeta(path, "persons") ?? "0", CultureInfo.InvariantCulture);
                LastBuild = TimeSpan.Zero;
                return;
            }
            var sw = Stopwatch.StartNew();
            var tmp = path + ".building";
            if (File.Exists(tmp))
                File.Delete(tmp);
            await BuildAsync(tmp, stamp, epoch, ct);
            SqliteConnection.ClearAllPools();
            File.Move(tmp, path, overwrite: true);
            var old = _current;
            _current = path;
            LastBuild = sw.Elapsed;
            Builds++;
            _log.LogInformation("Name index for {Country} built: {Persons} persons in {Ms} ms", _store.Country, PersonCount, (int)sw.ElapsedMilliseconds);
            if (old is not null && old != path)
                _ = Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => TryDelete(old), TaskScheduler.Default);
            foreach (var stale in Directory.GetFiles(Path.GetDirectoryName(Path.GetFullPath(_basePath))!, Path.GetFileName(_basePath) + ".*"))
                if (stale != path && stale != old && !stale.EndsWith(".building", StringComparison.Ordinal))
                    TryDelete(stale);
        }
        finally
        {
            _buildLock.Release();
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s)))[..16].ToLowerInvariant();

    private static string? ReadMeta(string path, string key)
    {
        try
        {
            using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key = @k";
            cmd.Parameters.AddWithValue("@k", key);
            return cmd.ExecuteScalar() as string;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    // ------------------------------------------------------------------ build

    private async Task BuildAsync(string path, string stamp, string epoch, CancellationToken ct)
    {
        var m = _store.Mapping;
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Exec(c, """
            PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA page_size = 8192;
            CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE person(pid INTEGER PRIMARY KEY, local_id TEXT NOT NULL, given TEXT NOT NULL, surnames TEXT NOT NULL,
                                birth_from TEXT, birth_to TEXT, birth_precision TEXT, aliases TEXT);
            CREATE TABLE name_key(key TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE TABLE person_nat(cc TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE TABLE doc(norm TEXT NOT NULL, issuer TEXT NOT NULL, type TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE TABLE phone(e164 TEXT NOT NULL, pid INTEGER NOT NULL);
            CREATE TABLE person_role(role TEXT NOT NULL, pid INTEGER NOT NULL, case_local TEXT NOT NULL, protective INTEGER NOT NULL);
            CREATE TABLE person_case(pid INTEGER NOT NULL, cid INTEGER NOT NULL, protective INTEGER NOT NULL);
            CREATE TABLE kase(cid INTEGER PRIMARY KEY, local_id TEXT NOT NULL, number_norm TEXT NOT NULL, status TEXT NOT NULL, opened_on TEXT NOT NULL);
            CREATE TABLE case_offence(cid INTEGER NOT NULL, category TEXT NOT NULL, iccs TEXT NOT NULL);
            """);
        using var tx = c.BeginTransaction();
        var pids = new Dictionary<string, long>(StringComparer.Ordinal);
        var cids = new Dictionary<string, long>(StringComparer.Ordinal);
        var insPerson = Prep(c, tx, "INSERT INTO person VALUES (@a, @b, @c, @d, @e, @f, @g, NULL)", 7);
        var addAlias = Prep(c, tx, "UPDATE person SET aliases = CASE WHEN aliases IS NULL THEN @b ELSE aliases || '|' || @b END WHERE pid = @a", 2);
        var insKey = Prep(c, tx, "INSERT INTO name_key VALUES (@a, @b)", 2);
        var insNat = Prep(c, tx, "INSERT INTO person_nat VALUES (@a, @b)", 2);
        var insDoc = Prep(c, tx, "INSERT INTO doc VALUES (@a, @b, @c, @d)", 4);
        var insPhone = Prep(c, tx, "INSERT INTO phone VALUES (@a, @b)", 2);
        var insRole = Prep(c, tx, "INSERT INTO person_role VALUES (@a, @b, @c, @d)", 4);
        var insPc = Prep(c, tx, "INSERT INTO person_case VALUES (@a, @b, @c)", 3);
        var insCase = Prep(c, tx, "INSERT INTO kase VALUES (@a, @b, @c, @d, @e)", 5);
        var insOff = Prep(c, tx, "INSERT INTO case_offence VALUES (@a, @b, @c)", 3);

        void AddKeys(long pid, IEnumerable<string> tokens)
        {
            foreach (var key in tokens.SelectMany(NameKeys.KeysOf).Distinct())
                Run(insKey, key, pid);
        }

        void AddAlias(long pid, string alias)
        {
            var tokens = Names.Tokens(alias);
            if (tokens.Count == 0)
                return;
            Run(addAlias, pid, string.Join(' ', tokens));
            AddKeys(pid, tokens);
        }

        var asOf = DateTimeOffset.UtcNow;
        await foreach (var row in _store.Db.StreamAsync(m.Sql.Persons, [], ct))
        {
            var p = _store.PersonFromRow(row, asOf);
            if (pids.ContainsKey(p.LocalId))
                continue;
            var pid = pids.Count + 1L;
            pids[p.LocalId] = pid;
            var given = p.GivenNames.SelectMany(g => Names.Tokens(g)).ToList();
            var surnames = p.Surnames.SelectMany(s => Names.Tokens(s.Value)).ToList();
            Run(insPerson, pid, p.LocalId, string.Join(' ', given), string.Join(' ', surnames), p.BirthFrom, p.BirthTo, p.BirthDatePrecision);
            AddKeys(pid, given.Concat(surnames));
            foreach (var a in p.Aliases)
                AddAlias(pid, a);
            foreach (var n in p.Nationalities)
                Run(insNat, n, pid);
            foreach (var d in p.Documents)
                Run(insDoc, d.Normalized, d.Issuer, d.Type, pid);
            foreach (var ph in p.Phones)
                Run(insPhone, ph.E164, pid);
        }
        if (m.Sql.Aliases is { } aliasSql)
            await foreach (var row in _store.Db.StreamAsync(aliasSql, [], ct))
                if (pids.TryGetValue(row.Text("person_id") ?? "", out var pid) && row.Text("alias") is { } a)
                    AddAlias(pid, a);
        if (m.Sql.Documents is { } docSql)
            await foreach (var row in _store.Db.StreamAsync(docSql, [], ct))
                if (pids.TryGetValue(row.Text("person_id") ?? "", out var pid) && _store.DocumentFromRow(row) is { } d)
                    Run(insDoc, d.Normalized, d.Issuer, d.Type, pid);
        if (m.Sql.Phones is { } phoneSql)
            await foreach (var row in _store.Db.StreamAsync(phoneSql, [], ct))
                if (pids.TryGetValue(row.Text("person_id") ?? "", out var pid) && _store.PhoneFromRow(row) is { } ph)
                    Run(insPhone, ph.E164, pid);
        await foreach (var row in _store.Db.StreamAsync(m.Sql.Cases, [], ct))
        {
            var k = _store.CaseFromRow(row, asOf);
            if (cids.ContainsKey(k.LocalId))
                continue;
            var cid = cids.Count + 1L;
            cids[k.LocalId] = cid;
            Run(insCase, cid, k.LocalId, Documents.Normalize(k.LocalNumber), k.Status, k.OpenedOn);
        }
        if (m.Sql.Offences is { } offSql)
            await foreach (var row in _store.Db.StreamAsync(offSql, [], ct))
                if (cids.TryGetValue(row.Text("case_id") ?? "", out var cid))
                {
                    var o = _store.OffenceFromRow(row);
                    Run(insOff, cid, o.Category, o.IccsCode);
                }
        if (m.Sql.Participations is { } partSql)
            await foreach (var row in _store.Db.StreamAsync(partSql, [], ct))
                if (_store.ParticipationFromRow(row) is { } part && pids.TryGetValue(part.PersonLocalId, out var pid))
                {
                    var protective = RequestAccess.IsProtective(part) ? 1 : 0;
                    Run(insRole, part.Role, pid, part.CaseLocalId, protective);
                    if (cids.TryGetValue(part.CaseLocalId, out var cid))
                        Run(insPc, pid, cid, protective);
                }
        var meta = Prep(c, tx, "INSERT INTO meta VALUES (@a, @b)", 2);
        Run(meta, "stamp", stamp);
        Run(meta, "epoch", epoch);
        Run(meta, "country", _store.Country);
        Run(meta, "persons", pids.Count.ToString(CultureInfo.InvariantCulture));
        Run(meta, "built", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
        tx.Commit();
        Exec(c, """
            CREATE INDEX ix_key ON name_key(key, pid);
            CREATE INDEX ix_nat ON person_nat(cc, pid);
            CREATE INDEX ix_doc ON doc(norm, issuer);
            CREATE INDEX ix_phone ON phone(e164);
            CREATE INDEX ix_role ON person_role(role, pid);
            CREATE INDEX ix_role_pid ON person_role(pid);
            CREATE INDEX ix_pc_p ON person_case(pid, cid, protective);
            CREATE INDEX ix_pc_c ON person_case(cid, pid);
            CREATE INDEX ix_birth ON person(birth_from);
            CREATE INDEX ix_case_no ON kase(number_norm);
            CREATE INDEX ix_off_cat ON case_offence(category, cid);
            CREATE INDEX ix_off_iccs ON case_offence(iccs, cid);
            CREATE INDEX ix_off_cid ON case_offence(cid);
            ANALYZE;
            """);
        PersonCount = pids.Count;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Prep(SqliteConnection c, SqliteTransaction tx, string sql, int n)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var i = 0; i < n; i++)
            cmd.Parameters.Add(new SqliteParameter("@" + (char)('a' + i), null));
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
        cmd.ExecuteNonQuery();
    }

    // ------------------------------------------------------------------ search

    private SqliteConnection Open() => Open(_current ?? throw new InvalidOperationException("index not built"));

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Cache=Private");
        c.Open();
        return c;
    }

    /// <summary>Parameters and SQL pieces of a query; every value a request supplies goes into a parameter.</summary>
    private sealed class Sql
    {
        public readonly StringBuilder Where = new();
        public readonly List<(string, object)> Params = [];
        private int _n;

        public string P(object value)
        {
            var name = "@v" + (_n++).ToString(CultureInfo.InvariantCulture);
            Params.Add((name, value));
            return name;
        }

        public void And(string condition) => Where.Append(" AND ").Append(condition);
    }

    /// <summary>Sub-select of pids whose name keys match the tokens (each token by prefix, phonetic key or nickname), at least <c>required</c> tokens.</summary>
    private static string NameSubquery(Sql q, IReadOnlyList<string> tokens)
    {
        var parts = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var conds = new List<string>();
            if (t.Length >= 3)
                conds.Add($"(key >= {q.P(NameKeys.TokenPrefix + t)} AND key < {q.P(NameKeys.TokenPrefix + t + "\uffff")})");
            else
                conds.Add($"key = {q.P(NameKeys.TokenPrefix + t)}");
            var ph = NameKeys.PhoneticOf(t);
            if (ph.Length > 0)
                conds.Add($"key = {q.P(NameKeys.PhoneticPrefix + ph)}");
            foreach (var full in Nicknames.Expand(t))
                conds.Add($"key = {q.P(NameKeys.TokenPrefix + full)}");
            parts.Add(string.Join(" OR ", conds));
        }
        // Short queries need every word (INTERSECT); longer ones half of them (records often lack a surname or a second
        // given name): count the words each person matches.
        if (tokens.Count <= 2)
            return string.Join(" INTERSECT ", parts.Select(c => $"SELECT pid FROM name_key WHERE {c}"));
        var required = (tokens.Count + 1) / 2;
        var union = string.Join(" UNION ALL ", parts.Select((c, i) => $"SELECT DISTINCT pid, {i} AS t FROM name_key WHERE {c}"));
        return $"SELECT pid FROM ({union}) GROUP BY pid HAVING COUNT(*) >= {q.P(required)}";
    }

    /// <summary>The persons matching <paramref name="f"/>. A <see cref="PersonCriteria.Role"/> matches a person only through a
    /// participation whose role the request may see on it: <paramref name="roleShown"/> is asked with the person's participations
    /// in that role and their protective ones (see <see cref="RequestAccess.RoleShown"/>); a person it turns down is no match at
    /// all (not listed, not counted, not in offence categories or follow-up tokens).</summary>
    /// <param name="roleShown">Null when the request sees every role (the home country at RESTRICTED).</param>
    public async Task<SearchResults> SearchPersonsAsync(PersonCriteria f, Func<string, IReadOnlyList<IndexedParticipation>, bool>? roleShown, CancellationToken ct)
    {
        await EnsureAsync(ct);
        var file = _current ?? throw new InvalidOperationException("index not built");
        var hits = await SearchPersonsAsync(file, f, ct);
        return f.Role is null || roleShown is null || hits.Count == 0 ? hits : await WhereRoleShownAsync(file, hits, f.Role, roleShown, ct);
    }

    /// <summary>Binds the person keys of <paramref name="hits"/>[start, start + n) as @p0…; returns the IN list and those hits by key.</summary>
    private static (string InList, Dictionary<long, SearchHit> ByPid) BindKeys(SqliteCommand cmd, SearchResults hits, int start, int n)
    {
        var byPid = new Dictionary<long, SearchHit>(n);
        var names = new string[n];
        for (var i = 0; i < n; i++)
        {
            names[i] = "@p" + i.ToString(CultureInfo.InvariantCulture);
            cmd.Parameters.AddWithValue(names[i], hits.KeyAt(start + i));
            byPid[hits.KeyAt(start + i)] = hits[start + i];
        }

        return (string.Join(",", names), byPid);
    }

    /// <summary>The hits of which <paramref name="roleShown"/> accepts the participations in <paramref name="role"/> (with every
    /// protective participation of the person, which decide whether the person may be named).</summary>
    private static async Task<SearchResults> WhereRoleShownAsync(string file, SearchResults hits, string role,
        Func<string, IReadOnlyList<IndexedParticipation>, bool> roleShown, CancellationToken ct)
    {
        var kept = new List<(long, SearchHit)>(hits.Count);
        using var c = Open(file);
        var parts = new List<IndexedParticipation>();
        for (var start = 0; start < hits.Count; start += 500)
        {
            var n = Math.Min(500, hits.Count - start);
            using var cmd = c.CreateCommand();
            var (inList, byPid) = BindKeys(cmd, hits, start, n);
            cmd.Parameters.AddWithValue("@role", role);
            cmd.CommandText = "SELECT pid, role, case_local, protective FROM person_role "
                              + $"WHERE pid IN ({inList}) AND (role = @role OR protective = 1) ORDER BY pid";
            using var r = await cmd.ExecuteReaderAsync(ct);
            long current = -1;
            void Flush()
            {
                if (current >= 0 && roleShown(role, parts))
                    kept.Add((current, byPid[current]));
                parts.Clear();
            }
            while (await r.ReadAsync(ct))
            {
                var pid = r.GetInt64(0);
                if (pid != current)
                {
                    Flush();
                    current = pid;
                }
                parts.Add(new IndexedParticipation(r.GetString(1), r.GetString(2), r.GetInt64(3) == 1));
            }
            Flush();
        }
        return new SearchResults(kept, hits.IndexFile);
    }

    private static async Task<SearchResults> SearchPersonsAsync(string file, PersonCriteria f, CancellationToken ct)
    {
        var q = new Sql();
        if (f.NameTokens.Count > 0)
            q.And($"p.pid IN ({NameSubquery(q, f.NameTokens)})");
        if (f.DocumentNormalized is not null)
            q.And($"p.pid IN (SELECT pid FROM doc WHERE norm = {q.P(f.DocumentNormalized)} AND issuer = {q.P(f.DocumentIssuer!)}"
                  + (f.DocumentType is null ? ")" : $" AND type = {q.P(f.DocumentType)})"));
        if (f.Phone is not null)
            q.And($"p.pid IN (SELECT pid FROM phone WHERE e164 = {q.P(f.Phone)})");
        if (f.BornFrom is not null)
            q.And($"p.birth_to >= {q.P(f.BornFrom)}");
        if (f.BornTo is not null)
            q.And($"p.birth_from <= {q.P(f.BornTo)}");
        if (f.Nationality is not null)
            q.And($"p.pid IN (SELECT pid FROM person_nat WHERE cc = {q.P(f.Nationality)})");
        if (f.Role is not null)
            q.And($"p.pid IN (SELECT pid FROM person_role WHERE role = {q.P(f.Role)})");
        if (f.OffenceCategory is not null)
            q.And($"p.pid IN (SELECT pc.pid FROM person_case pc JOIN case_offence co ON co.cid = pc.cid WHERE co.category = {q.P(f.OffenceCategory)})");
        if (f.Iccs is not null)
            q.And($"p.pid IN (SELECT pc.pid FROM person_case pc JOIN case_offence co ON co.cid = pc.cid WHERE co.iccs >= {q.P(f.Iccs)} AND co.iccs < {q.P(f.Iccs + "\uffff")})");

        var sql = "SELECT p.pid, p.local_id, p.given, p.surnames, p.birth_precision, p.aliases "
                  + "FROM person p WHERE 1 = 1" + q.Where + " ORDER BY p.pid";
        var hits = new List<(long Pid, SearchHit Hit)>();
        using var c = Open(file);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in q.Params)
            cmd.Parameters.AddWithValue(n, v);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var reasons = new List<MatchReason>();
            var boosts = new List<double>();
            double score = 1;
            if (f.NameTokens.Count > 0)
            {
                var given = Split(r.GetString(2), ' ');
                var surnames = Split(r.GetString(3), ' ');
                var aliases = r.IsDBNull(5) ? [] : Split(r.GetString(5), '|').Select(a => (IReadOnlyList<string>)Split(a, ' '));
                var ns = NameKeys.Score(f.NameTokens, given, surnames, aliases);
                if (ns is null || !ns.Accept)
                    continue;
                score = ns.Score;
                reasons.Add(new MatchReason(ns.Kind, ns.Field, Math.Round(ns.Score, 4)));
            }
            if (f.DocumentNormalized is not null) { reasons.Add(new("DOCUMENT", "documents.normalized", 0.9)); boosts.Add(0.9); }
            if (f.Phone is not null) { reasons.Add(new("PHONE", "phones.e164", 0.7)); boosts.Add(0.7); }
            if (f.BornFrom is not null || f.BornTo is not null)
            {
                var w = (r.IsDBNull(4) ? "" : r.GetString(4)) switch { "DAY" => 0.5, "MONTH" => 0.3, _ => 0.2 };
                reasons.Add(new("BIRTH_DATE", "birthDate", w));
                boosts.Add(w);
            }
            if (f.Nationality is not null) reasons.Add(new("NATIONALITY", "nationalities", 0.1));
            if (f.Role is not null) reasons.Add(new("ROLE", "participations.role", 0.1));
            if (f.OffenceCategory is not null || f.Iccs is not null) reasons.Add(new("OFFENCE", "participations.case.offences", 0.1));
            if (f.NameTokens.Count > 0)
            {
                var miss = 1 - score;
                foreach (var b in boosts)
                    miss *= 1 - b;
                score = 1 - miss;
            }
            hits.Add((r.GetInt64(0), new SearchHit(r.GetString(1), Math.Round(score, 4), reasons)));
        }
        return new SearchResults(hits, file);
    }

    /// <summary>The cases matching <paramref name="f"/>. A participant's name makes a case match only when that person would be
    /// shown by name: a person with a protective participation (victim, presumed victim, smuggled migrant, minor at the facts,
    /// protected or reserved identity; <see cref="RequestAccess.IsProtective"/>) in a case that is not at RESTRICTED for the
    /// request is returned only as a pseudonymous reference, so their name makes none of their cases match (nor counts in
    /// totals, categories or follow-up tokens).</summary>
    /// <param name="caseRestricted">Whether the case with this local id is at RESTRICTED for the request; null when every case is
    /// (the home country at RESTRICTED).</param>
    public async Task<SearchResults> SearchCasesAsync(CaseCriteria f, Func<string, bool>? caseRestricted, CancellationToken ct)
    {
        await EnsureAsync(ct);
        // One index file for the whole search: person and case keys are only meaningful within it.
        var file = _current ?? throw new InvalidOperationException("index not built");
        var q = new Sql();
        if (f.LocalNumber is not null)
            q.And(f.LocalNumber.Length >= 4
                ? $"k.number_norm >= {q.P(f.LocalNumber)} AND k.number_norm < {q.P(f.LocalNumber + "\uffff")}"
                : $"k.number_norm = {q.P(f.LocalNumber)}");
        if (f.Status is not null)
            q.And($"k.status = {q.P(f.Status)}");
        if (f.OpenedFrom is not null)
            q.And($"k.opened_on >= {q.P(f.OpenedFrom)}");
        if (f.OpenedTo is not null)
            q.And($"k.opened_on <= {q.P(f.OpenedTo)}");
        if (f.OffenceCategory is not null)
            q.And($"k.cid IN (SELECT cid FROM case_offence WHERE category = {q.P(f.OffenceCategory)})");
        if (f.Iccs is not null)
            q.And($"k.cid IN (SELECT cid FROM case_offence WHERE iccs >= {q.P(f.Iccs)} AND iccs < {q.P(f.Iccs + "\uffff")})");
        Dictionary<long, SearchHit>? people = null;
        if (f.ParticipantTokens.Count > 0)
        {
            // Persons first (scored), then the cases of those who may be named.
            var persons = await SearchPersonsAsync(file, new PersonCriteria { NameTokens = f.ParticipantTokens }, ct);
            var found = new Dictionary<long, SearchHit>();
            people = found;
            using var pc = Open(file);
            var cases = new List<long>();
            for (var start = 0; start < persons.Count; start += 500)
            {
                var n = Math.Min(500, persons.Count - start);
                using var cmd0 = pc.CreateCommand();
                var (inList, byPid) = BindKeys(cmd0, persons, start, n);
                // The case's local id only for protective participations (the only ones whose level matters here).
                cmd0.CommandText = "SELECT pc.pid, pc.cid, CASE WHEN pc.protective = 1 THEN (SELECT k.local_id FROM kase k WHERE k.cid = pc.cid) END "
                                   + $"FROM person_case pc WHERE pc.pid IN ({inList}) ORDER BY pc.pid";
                using var rr = await cmd0.ExecuteReaderAsync(ct);
                long current = -1;
                var named = true;
                void Flush()
                {
                    if (current >= 0 && named)
                    {
                        var hit = byPid[current];
                        foreach (var cid in cases)
                            if (!found.TryGetValue(cid, out var prev) || prev.Score < hit.Score)
                                found[cid] = hit;
                    }
                    cases.Clear();
                    named = true;
                }
                while (await rr.ReadAsync(ct))
                {
                    var pid = rr.GetInt64(0);
                    if (pid != current)
                    {
                        Flush();
                        current = pid;
                    }
                    cases.Add(rr.GetInt64(1));
                    if (named && !rr.IsDBNull(2) && caseRestricted is not null && !caseRestricted(rr.GetString(2)))
                        named = false;
                }
                Flush();
            }
        }
        var sql = "SELECT k.cid, k.local_id FROM kase k WHERE 1 = 1" + q.Where + " ORDER BY k.cid";
        var hits = new List<(long, SearchHit)>();
        using var c = Open(file);
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in q.Params)
            cmd.Parameters.AddWithValue(n, v);
        using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var cid = r.GetInt64(0);
            var reasons = new List<MatchReason>();
            double score = 1;
            if (people is not null)
            {
                if (!people.TryGetValue(cid, out var person))
                    continue;
                score = person.Score;
                foreach (var reason in person.Reasons)
                    reasons.Add(reason with { Field = "participants.person." + reason.Field });
            }
            if (f.LocalNumber is not null) reasons.Add(new("CASE_NUMBER", "localNumber", 1));
            if (f.Status is not null) reasons.Add(new("STATUS", "status", 0.1));
            if (f.OpenedFrom is not null || f.OpenedTo is not null) reasons.Add(new("DATE_RANGE", "openedOn", 0.1));
            if (f.OffenceCategory is not null || f.Iccs is not null) reasons.Add(new("OFFENCE", "offences", 0.1));
            hits.Add((cid, new SearchHit(r.GetString(1), score, reasons)));
        }
        return new SearchResults(hits, file);
    }

    private static readonly string[] CategoryOrder = ["TIP", "SOM", "RELATED"];

    /// <summary>Distinct offence categories (TIP, SOM, RELATED order) of the matching records: the offences of the cases, or
    /// of the cases the persons take part in.</summary>
    public async Task<IReadOnlyList<string>> OffenceCategoriesAsync(bool persons, SearchResults hits, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hits.Count == 0 || hits.IndexFile is null)
            return [];
        using var c = Open(hits.IndexFile);
        foreach (var chunk in Enumerable.Range(0, hits.Count).Select(hits.KeyAt).Distinct().Chunk(500))
        {
            if (found.Count == CategoryOrder.Length)
                break;
            using var cmd = c.CreateCommand();
            var names = chunk.Select((_, i) => "@k" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            cmd.CommandText = persons
                ? $"SELECT DISTINCT co.category FROM person_case pc JOIN case_offence co ON co.cid = pc.cid WHERE pc.pid IN ({string.Join(",", names)})"
                : $"SELECT DISTINCT category FROM case_offence WHERE cid IN ({string.Join(",", names)})";
            for (var i = 0; i < chunk.Length; i++)
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                found.Add(r.GetString(0));
        }
        return CategoryOrder.Where(found.Contains).Concat(found.Except(CategoryOrder).Order(StringComparer.Ordinal)).ToList();
    }

    /// <summary>Local ids of the persons taking part in any of these cases (local ids): the persons in a JIT's scope.</summary>
    public async Task<HashSet<string>> PersonsInCasesAsync(IReadOnlyCollection<string> caseLocalIds, CancellationToken ct)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        if (caseLocalIds.Count == 0)
            return result;
        await EnsureAsync(ct);
        using var c = Open();
        foreach (var chunk in caseLocalIds.Chunk(500))
        {
            using var cmd = c.CreateCommand();
            var names = chunk.Select((_, i) => "@c" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
            cmd.CommandText = "SELECT DISTINCT p.local_id FROM kase k JOIN person_case pc ON pc.cid = k.cid JOIN person p ON p.pid = pc.pid "
                              + $"WHERE k.local_id IN ({string.Join(",", names)})";
            for (var i = 0; i < chunk.Length; i++)
                cmd.Parameters.AddWithValue(names[i], chunk[i]);
            using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                result.Add(r.GetString(0));
        }
        return result;
    }

    private static string[] Split(string s, char sep) => s.Split(sep, StringSplitOptions.RemoveEmptyEntries);
}
