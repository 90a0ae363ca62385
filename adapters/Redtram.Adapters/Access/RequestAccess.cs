using GraphQL;
using Redtram.Adapters.Data;
using Redtram.Adapters.Search;
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
    private readonly Pseudonyms _pseudonyms;
    private readonly byte[] _nonce = Pseudonyms.NewNonce();
    private readonly Lock _lock = new();
    private List<Denial>? _denials;
    private Dictionary<(string LocalId, string Context), string>? _handedOut;
    private Dictionary<string, string?>? _resolved;

    public RequestAccess(AccessGrant grant, string country, Pseudonyms pseudonyms)
    {
        Grant = grant;
        Country = country;
        _pseudonyms = pseudonyms;
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

    /// <summary>A participation that protects the person: victim, presumed victim, smuggled migrant, minor at the facts,
    /// protected or reserved identity.</summary>
    public static bool IsProtective(ParticipationInfo part) =>
        part.Role is "VICTIM" or "PRESUMED_VICTIM" or "SMUGGLED_MIGRANT" || part.MinorAtFacts || part.Protection != "NONE";

    /// <summary>The roles shown from SUMMARY on (domain.md §8, SUMMARY: "roles limited to suspect, accused and convicted").</summary>
    public static bool IsSummaryRole(string role) => role is "SUSPECT" or "ACCUSED" or "CONVICTED";

    /// <summary>
    /// Whether a role filter (<c>searchPersons(filter: {role})</c>, alone or with a name, document or phone) may match a person
    /// through their participations in <paramref name="role"/>: only through one on which the request could see that role
    /// (domain.md §8, "for sensitive persons, L1 without the role"). A protective participation only when the person would be
    /// shown by name (every protective participation in a case at RESTRICTED); otherwise SUSPECT, ACCUSED and CONVICTED always
    /// (they are shown from SUMMARY and are what a hit is for), any other role (a witness without protection, a complainant)
    /// only in a case at FULL or above.
    /// </summary>
    /// <param name="parts">The person's participations in <paramref name="role"/> and every protective participation of theirs.</param>
    public bool RoleShown(string role, IReadOnlyList<IndexedParticipation> parts)
    {
        bool? named = null;
        foreach (var part in parts)
        {
            if (part.Role != role)
                continue;
            if (part.Protective)
            {
                named ??= Named(parts);
                if (named.Value)
                    return true;
            }
            else if (IsSummaryRole(role) || CaseLevel(part.CaseLocalId) >= AccessLevel.Full)
                return true;
        }
        return false;
    }

    /// <summary>Whether a person with these (protective) participations is shown by name: every protective one is in a case
    /// at RESTRICTED.</summary>
    private bool Named(IReadOnlyList<IndexedParticipation> parts)
    {
        foreach (var part in parts)
            if (part.Protective && CaseLevel(part.CaseLocalId) < AccessLevel.Restricted)
                return false;
        return true;
    }

    /// <summary>Stamps the person and their parts with their level and decides whether only a pseudonymous reference is
    /// returned: yes when any protective participation is in a case whose level is below RESTRICTED.</summary>
    public void Stamp(PersonInfo p)
    {
        var level = PersonLevel(p.Participations);
        p.Level = level;
        var pseudonymous = false;
        foreach (var part in p.Participations)
            if (IsProtective(part) && CaseLevel(part.CaseLocalId) < AccessLevel.Restricted)
            {
                pseudonymous = true;
                break;
            }
        p.Pseudonymous = pseudonymous;
        foreach (var s in p.Surnames)
            s.Level = level;
        foreach (var d in p.Documents)
            d.Level = level;
        foreach (var ph in p.Phones)
            ph.Level = level;
        foreach (var part in p.Participations)
            part.Level = level;
    }

    // ------------------------------------------------------------------ pseudonyms

    /// <summary>The id of a pseudonymous person as this request shows it: the reference it was looked up by, else
    /// "CC:~pseudonym" for this request (nonce), its requesting country and the person's context (search hits and look-ups,
    /// or the participants of one case). The same person in the same context of one request gets the same pseudonym;
    /// anything else another one.</summary>
    public string PseudonymousId(PersonInfo p) =>
        p.PseudonymousId ?? Country + ":~" + PseudonymFor(p.LocalId, p.PseudonymContext ?? Pseudonyms.HitContext);

    private string PseudonymFor(string localId, string context)
    {
        lock (_lock)
        {
            _handedOut ??= [];
            if (!_handedOut.TryGetValue((localId, context), out var pseudonym))
                _handedOut[(localId, context)] = pseudonym = _pseudonyms.Compute(localId, Grant.RequesterCountry, _nonce, context);
            return pseudonym;
        }
    }

    /// <summary>Records every pseudonym this request handed out in the state file (one transaction). Called once the request
    /// has been executed, before the response is written.</summary>
    public void SavePseudonyms()
    {
        List<PseudonymRecord> records;
        lock (_lock)
        {
            if (_handedOut is null || _handedOut.Count == 0)
                return;
            var now = _pseudonyms.Now();
            records = new List<PseudonymRecord>(_handedOut.Count);
            foreach (var ((localId, context), pseudonym) in _handedOut)
                records.Add(new PseudonymRecord(pseudonym, localId, Grant.RequesterCountry, now, context));
        }
        _pseudonyms.Save(records);
    }

    /// <summary>The local id behind "~pseudonym" for this request's requesting country, or null.</summary>
    public string? ResolvePseudonym(string localPart)
    {
        if (localPart.Length <= 1 || localPart[0] != '~')
            return null;
        lock (_lock)
            if (_resolved is not null && _resolved.TryGetValue(localPart, out var known))
                return known;
        var local = _pseudonyms.Resolve(Grant.RequesterCountry, localPart[1..]);
        lock (_lock)
            (_resolved ??= [])[localPart] = local;
        return local;
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
            var message = $"{field} of {Country} needs access level {required.Name()}; the grant gives {granted.Name()} for this record.";
            _denials.Add(new Denial(field, path ?? ctx!.ResponsePath.ToList(), ext, message) { Count = occurrences });
        }
    }

    private const string ProtectedKey = "PROTECTED_PERSON";

    /// <summary>Records one occurrence of a pseudonymised person: one error per request (path of the first occurrence).</summary>
    public void Pseudonymised(IResolveFieldContext? ctx, IReadOnlyList<object>? path = null)
    {
        lock (_lock)
        {
            _denials ??= [];
            foreach (var d in _denials)
                if (d.Key == ProtectedKey)
                {
                    d.Count++;
                    return;
                }
            var ext = new Dictionary<string, object?>
            {
                ["code"] = "ACCESS_DENIED",
                ["country"] = Country,
                ["level"] = AccessLevel.Restricted.Name(),
                ["reason"] = ProtectedKey,
            };
            var message = $"protected persons of {Country} are returned as pseudonymous references: their identity needs RESTRICTED on their cases";
            _denials.Add(new Denial(ProtectedKey, path ?? ctx!.ResponsePath.ToList(), ext, message) { Count = 1 });
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
