using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>A start-up configuration that cannot be served (no grant keys without --allow-ungranted, unreadable key set…).</summary>
public sealed class AdapterConfigurationException(string message) : Exception(message);

/// <summary>
/// The adapter's door: every GraphQL request needs a grant signed by the gateway (header <see cref="AccessGrant.HeaderName"/>)
/// whose audience is this adapter's country. Without keys the adapter serves only when started with --allow-ungranted
/// (development and tests): every request is then the home country at RESTRICTED.
/// </summary>
public sealed class GrantGate
{
    private readonly GrantVerifier? _verifier;
    private readonly GrantVerification _ungranted;

    public GrantGate(string country, GrantVerifier? verifier)
    {
        Country = country;
        _verifier = verifier;
        _ungranted = GrantVerification.Success(new AccessGrant(country, country, ["prosecutor"], "", "", AccessLevel.Restricted, AccessLevel.Restricted,
            [], [], "ungranted", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue));
    }

    public string Country { get; }

    /// <summary>False when serving without grants (--allow-ungranted).</summary>
    public bool Enforced => _verifier is not null;

    public GrantVerifier? Verifier => _verifier;

    public GrantVerification Check(string? headerValue, DateTimeOffset now) => _verifier?.Verify(headerValue, now) ?? _ungranted;

    /// <summary>The verifier from the configured keys; null when there are none (the caller decides whether that is allowed).</summary>
    public static GrantVerifier? CreateVerifier(string country, IReadOnlyList<GrantKey>? keys, string? keysPath, string issuer)
    {
        if (keys is null && keysPath is not null)
        {
            try
            {
                keys = GrantKeys.LoadJwks(keysPath);
            }
            catch (GrantKeyException e)
            {
                throw new AdapterConfigurationException(e.Message);
            }
        }
        return keys is null ? null : new GrantVerifier(keys, issuer, country);
    }
}
