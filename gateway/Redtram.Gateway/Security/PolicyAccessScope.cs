using System.Collections.Concurrent;
using Redtram.Federation.Execution;
using Redtram.Federation.Planning;

namespace Redtram.Gateway.Security;

/// <summary>
/// The engine's per-country access for one request, from the owner's policy (architecture §4): the grant of the
/// principal on each owner country (domain §8) becomes a <see cref="FieldRule"/> that removes every field above it
/// from that country's fetch. Rules are one per level and policy (so specialised fetches are shared by every
/// principal with the same level); grants are cached per principal shape (country, roles, purpose, case, day).
/// </summary>
public sealed class PolicyAccessScope : IAccessScope
{
    private readonly AccessPolicy _policy;
    private readonly Principal _principal;
    private readonly RequestContext? _context;
    private readonly DateTimeOffset _now;
    private readonly IReadOnlySet<string> _nationalSubgraphs;
    private readonly Func<Principal, RequestContext, Grant, string, IReadOnlyList<KeyValuePair<string, string>>?>? _headers;
    private readonly Dictionary<string, CountryAccess> _byCountry = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <param name="policy">The policy snapshot of the request.</param>
    /// <param name="principal">The authenticated requester.</param>
    /// <param name="context">The declared purpose, legal basis and case; null when none was declared (then every country is NONE).</param>
    /// <param name="now">The request time (grants are evaluated on its UTC day).</param>
    /// <param name="nationalSubgraphs">The partitioned subgraphs the policy governs.</param>
    /// <param name="headers">Headers for a country's fetches given the grant (e.g. the signed grant), or null.</param>
    public PolicyAccessScope(AccessPolicy policy, Principal principal, RequestContext? context, DateTimeOffset now, IReadOnlySet<string> nationalSubgraphs,
        Func<Principal, RequestContext, Grant, string, IReadOnlyList<KeyValuePair<string, string>>?>? headers = null)
    {
        _policy = policy;
        _principal = principal;
        _context = context;
        _now = now;
        _nationalSubgraphs = nationalSubgraphs;
        _headers = headers;
    }

    public CountryAccess? For(string subgraph, string country)
    {
        if (!_nationalSubgraphs.Contains(subgraph))
        {
            return null;
        }

        lock (_gate)
        {
            if (_byCountry.TryGetValue(country, out var known))
            {
                return known;
            }

            var grant = GrantOf(country);
            var rule = _policy.RuleFor(grant.Level);
            var headers = grant.Level == AccessLevel.None || _context is null || _headers is null ? null : _headers(_principal, _context, grant, country);
            var access = new CountryAccess(rule, headers);
            _byCountry[country] = access;
            return access;
        }
    }

    /// <summary>The grant applied to <paramref name="country"/> in this request (NONE when never asked).</summary>
    public Grant GrantOf(string country)
    {
        if (_context is null)
        {
            return Grant.Nothing;
        }

        return _policy.Grants.Get(_principal, country, _context, _now);
    }
}

/// <summary>Grants per principal shape, owner country and day, for one policy snapshot.</summary>
public sealed class GrantCache(AccessPolicy policy)
{
    private readonly ConcurrentDictionary<(string Requester, Roles Roles, string Purpose, string Case, string Owner, DateOnly Day), Grant> _grants = new();

    public Grant Get(Principal principal, string owner, RequestContext context, DateTimeOffset now)
    {
        var key = (principal.Country, principal.Roles, context.Purpose, context.CaseReference, owner, DateOnly.FromDateTime(now.UtcDateTime));
        if (_grants.TryGetValue(key, out var grant))
        {
            return grant;
        }

        if (_grants.Count > 100_000)
        {
            _grants.Clear();
        }

        return _grants[key] = policy.GrantFor(principal, owner, context.Purpose, context.CaseReference, now);
    }
}
