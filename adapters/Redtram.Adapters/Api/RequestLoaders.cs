using GraphQL;
using Redtram.Adapters.Access;
using Redtram.Adapters.Data;

namespace Redtram.Adapters.Api;

/// <summary>
/// Per-request batching of nested entities (participation → person/case, case → organisations). When records are
/// loaded, the ids they refer to are registered as wanted; the first lookup fetches every wanted id not yet loaded in
/// one query per table, later lookups read the result. No N+1 queries for a page of hits.
/// </summary>
public sealed class Loader<T>(Func<List<string>, CancellationToken, Task<Dictionary<string, T>>> fetch) where T : class
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _wanted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<Dictionary<string, T>>> _loading = new(StringComparer.Ordinal);

    public void Want(IEnumerable<string> keys)
    {
        lock (_lock)
            foreach (var k in keys)
                if (!_loading.ContainsKey(k))
                    _wanted.Add(k);
    }

    public async Task<T?> GetAsync(string key, CancellationToken ct)
    {
        Task<Dictionary<string, T>> task;
        lock (_lock)
        {
            if (!_loading.TryGetValue(key, out task!))
            {
                _wanted.Add(key);
                var keys = _wanted.ToList();
                _wanted.Clear();
                task = fetch(keys, ct);
                foreach (var k in keys)
                    _loading[k] = task;
            }
        }
        return (await task).GetValueOrDefault(key);
    }
}

public sealed class RequestLoaders
{
    private readonly RequestAccess _access;

    public RequestLoaders(NationalStore store, RequestAccess access)
    {
        _access = access;
        Persons = new Loader<PersonInfo>(async (ids, ct) => Track(await store.PersonsAsync(ids, ct)));
        Cases = new Loader<CaseInfo>(async (ids, ct) => Track(await store.CasesAsync(ids, ct)));
        Organisations = new Loader<OrganisationInfo>(store.OrganisationsAsync);
    }

    public Loader<PersonInfo> Persons { get; }
    public Loader<CaseInfo> Cases { get; }
    public Loader<OrganisationInfo> Organisations { get; }

    public static RequestLoaders For(IResolveFieldContext ctx) =>
        (ctx.UserContext as AdapterRequestContext ?? throw new InvalidOperationException("the adapter executes requests with an AdapterRequestContext")).Loaders;

    /// <summary>Stamps the loaded persons with their level for this request and registers the ids they refer to.</summary>
    public Dictionary<string, PersonInfo> Track(Dictionary<string, PersonInfo> persons)
    {
        foreach (var p in persons.Values)
            _access.Stamp(p);
        Cases.Want(persons.Values.SelectMany(p => p.Participations).Select(x => x.CaseLocalId));
        return persons;
    }

    /// <summary>Stamps the loaded cases with their level for this request and registers the ids they refer to.</summary>
    public Dictionary<string, CaseInfo> Track(Dictionary<string, CaseInfo> cases)
    {
        foreach (var c in cases.Values)
            _access.Stamp(c);
        Persons.Want(cases.Values.SelectMany(c => c.Participants).Select(x => x.PersonLocalId));
        Organisations.Want(cases.Values.SelectMany(c => c.OrganisationIds));
        return cases;
    }
}
