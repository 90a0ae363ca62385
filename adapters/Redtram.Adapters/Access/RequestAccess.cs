using GraphQL;
using Redtram.Adapters.Data;
using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>
/// The grant of one request applied to records (architecture.md §4, adapter side). Every record loaded for the request is
/// stamped with its level: <see cref="AccessGrant.Level"/> in JIT scope (a case in <see cref="AccessGrant.JitCases"/>, a
/// person taking part in one), <see cref="AccessGrant.LevelOutsideJit"/> otherwise; the parts of a record (offences,
/// documents, phones, participations…) take its level. Fields above their record's level resolve to null and are reported
/// once per field name as ACCESS_DENIED.
/// </summary>
public sealed class RequestAccess
{
    private readonly HashSet<string>? _jitLocal;
    private readonly Lock _lock = new();
    private List<Denial>? _denials;

    public RequestAccess(AccessGrant grant, string country)
    {
        Grant = grant;
        Country = country;
        var prefix = country + ":";
        foreach (var c in grant.JitCases)
            if (c.StartsWith(prefix, StringComparison.Ordinal))
                (_jitLocal ??= new HashSet<string>(StringComparer.Ordinal)).Add(c[prefix.Length..]);
    }

    public AccessGrant Grant { get; }
    public string Country { get; }

    /// <summary>The highest level of the request (JITs included): root and search page fields.</summary>
    public AccessLevel Level => Grant.Level;

    /// <summary>The level of records outside the JIT scope.</summary>
    public AccessLevel Outside => Grant.LevelOutsideJit;

    /// <summary>Local ids of this country's cases in JIT scope (empty when none).</summary>
    public IReadOnlyCollection<string> JitCaseLocalIds => (IReadOnlyCollection<string>?)_jitLocal ?? [];

    /// <summary>True when some records (those outside the JIT scope) are below SUMMARY while the grant itself reaches it:
    /// searches then list only records in scope.</summary>
    public bool ScopeLimitsRecords => Outside < AccessLevel.Summary && Level >= AccessLevel.Summary;

    public bool CaseInScope(string caseLocalId) => _jitLocal is not null && _jitLocal.Contains(caseLocalId);

    /// <summary>The level of the case with this local id.</summary>
    public AccessLevel CaseLevel(string caseLocalId) => CaseInScope(caseLocalId) ? Level : Outside;

    /// <summary>The level of a person with these participations: in scope when one of their cases is.</summary>
    public AccessLevel PersonLevel(IReadOnlyList<ParticipationInfo> participations)
    {
        if (_jitLocal is null || Level == Outside)
            return Outside;
        foreach (var part in participations)
            if (_jitLocal.Contains(part.CaseLocalId))
                return Level;
        return Outside;
    }

    public void Stamp(CaseInfo c)
    {
        var level = CaseLevel(c.LocalId);
        c.Level = level;
        foreach (var o in c.Offences)
            o.Level = level;
        foreach (var p in c.Participants)
            p.Level = level;
    }

    public void Stamp(PersonInfo p)
    {
        var level = PersonLevel(p.Participations);
        p.Level = level;
        foreach (var s in p.Surnames)
            s.Level = level;
        foreach (var d in p.Documents)
            d.Level = level;
        foreach (var ph in p.Phones)
            ph.Level = level;
        foreach (var part in p.Participations)
            part.Level = level;
    }

    // ------------------------------------------------------------------ denials

    private sealed class Denial(string key, IReadOnlyList<object> path, Dictionary<string, object?> extensions, string message)
    {
        public readonly string Key = key;
        public readonly IReadOnlyList<object> Path = path;
        public readonly Dictionary<string, object?> Extensions = extensions;
        public readonly string Message = message;
        public int Count;
    }

    /// <summary>Records that <paramref name="field"/> ("Type.field") was withheld <paramref name="occurrences"/> times: one error
    /// per field name per request, with the path of the first occurrence and the level of the first record it was withheld from.
    /// A repeated occurrence costs a lock and a counter, no allocation.</summary>
    public void Deny(IResolveFieldContext ctx, string field, AccessLevel required, AccessLevel granted, int occurrences = 1) =>
        Deny(field, ctx, null, required, granted, occurrences);

    /// <summary>As <see cref="Deny(IResolveFieldContext, string, AccessLevel, AccessLevel, int)"/>, with an explicit path.</summary>
    public void Deny(string field, IReadOnlyList<object> path, AccessLevel required, AccessLevel granted, int occurrences = 1) =>
        Deny(field, null, path, required, granted, occurrences);

    private void Deny(string field, IResolveFieldContext? ctx, IReadOnlyList<object>? path, AccessLevel required, AccessLevel granted, int occurrences)
    {
        lock (_lock)
        {
            _denials ??= [];
            foreach (var d in _denials)
                if (d.Key == field)
                {
                    d.Count += occurrences;
                    return;
                }
            var ext = new Dictionary<string, object?>
            {
                ["code"] = "ACCESS_DENIED",
                ["country"] = Country,
                ["field"] = field,
                ["level"] = required.Name(),
                ["granted"] = granted.Name(),
            };
            var message = $"{field} needs {required.Name()} on {Country}'s data; the grant gives {granted.Name()} for this record";
            _denials.Add(new Denial(field, path ?? ctx!.ResponsePath.ToList(), ext, message) { Count = occurrences });
        }
    }

    /// <summary>The ACCESS_DENIED errors of the request, in the order of their first occurrence.</summary>
    public List<AccessDeniedError> Errors()
    {
        var errors = new List<AccessDeniedError>();
        lock (_lock)
        {
            if (_denials is null)
                return errors;
            foreach (var d in _denials)
            {
                d.Extensions["count"] = d.Count;
                errors.Add(new AccessDeniedError(d.Message, d.Path, d.Extensions));
            }
        }
        return errors;
    }
}
