using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Redtram.Gateway.Security;

/// <summary>
/// Signs the grant the gateway passes to each owner country's adapter (architecture §4): ES256, short-lived
/// (<see cref="AccessGrant.DefaultLifetime"/>). A signed grant is reused for the same user, owner, grant, purpose and
/// case until half its lifetime is left, so signing costs nothing on most requests. The user travels only as an
/// opaque reference (a hash of issuer and subject).
/// </summary>
public sealed class GrantHeaders : IDisposable
{
    private readonly GrantSigner _signer;
    private readonly ECDsa _key;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAfter)> _signed = new(StringComparer.Ordinal);

    public GrantHeaders(ECDsa privateKey, TimeProvider? time = null)
    {
        _key = privateKey;
        KeyId = GrantKeys.Thumbprint(privateKey);
        _signer = new GrantSigner(privateKey, KeyId);
        _time = time ?? TimeProvider.System;
        PublicJwks = GrantKeys.ToJwks([(KeyId, privateKey)]);
    }

    /// <summary>The key id adapters find the public key under.</summary>
    public string KeyId { get; }

    /// <summary>The public key set adapters verify grants with (served at <c>/.well-known/redtram-grant-keys.json</c>).</summary>
    public string PublicJwks { get; }

    /// <summary>Loads the PKCS#8 PEM key at <paramref name="path"/>, or creates an ephemeral key when null.</summary>
    public static GrantHeaders Create(string? path) => new(path is null ? GrantKeys.CreateP256() : GrantKeys.LoadPrivatePem(path));

    /// <summary>The opaque reference of a user in grants (and nothing else): base64url SHA-256 of issuer and subject.</summary>
    public static string UserRef(Principal p) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(p.Issuer + "\n" + p.Subject)))[..22].Replace('+', '-').Replace('/', '_');

    /// <summary>The header for one owner country's fetches.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> For(AccessPolicy policy, Principal principal, RequestContext context, Grant grant, string owner)
        => For(policy, principal, UserRef(principal), context, grant, owner);

    /// <summary>As above, with the principal's <see cref="UserRef(Principal)"/> already computed (once per request, not per country).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> For(AccessPolicy policy, Principal principal, string userRef, RequestContext context, Grant grant, string owner)
    {
        var key = string.Join('\u0001', userRef, principal.Country, (int)principal.Roles, owner, context.Purpose, context.CaseReference, (int)grant.Level, (int)grant.LevelOutsideJit, string.Join(',', grant.JitIds));
        var now = _time.GetUtcNow();
        if (!_signed.TryGetValue(key, out var found) || now >= found.RenewAfter)
        {
            var jitCases = new List<string>();
            foreach (var j in policy.Jits)
            {
                if (grant.JitIds.Contains(j.Id) && j.CasesInScope.TryGetValue(owner, out var cases))
                {
                    jitCases.AddRange(cases.Where(c => !jitCases.Contains(c)));
                }
            }

            jitCases.Sort(StringComparer.Ordinal);
            var issued = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            var token = _signer.Sign(new AccessGrant(owner, principal.Country, [.. RoleNames.Each(principal.Roles).Select(RoleNames.NameOf)], context.Purpose, context.CaseReference,
                grant.Level, grant.LevelOutsideJit, grant.JitIds, jitCases, userRef, issued, issued + AccessGrant.DefaultLifetime));
            if (_signed.Count > 50_000)
            {
                _signed.Clear();
            }

            found = (token, issued + AccessGrant.DefaultLifetime / 2);
            _signed[key] = found;
        }

        return [new(AccessGrant.HeaderName, found.Token)];
    }

    public void Dispose() => _key.Dispose();
}
