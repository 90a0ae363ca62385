using System.Security.Cryptography;

namespace Redtram.Grants;

/// <summary>
/// An HTTP handler that signs a fresh grant for every request it sends to one country's adapter: for tools run by the
/// owner country itself (the conformance kit, an integrator's checks) with the gateway's key. The grant is the
/// home country's: <see cref="AccessLevel.Restricted"/> on the adapter's own data, purpose
/// <c>DATA_PROTECTION_REVIEW</c>, requesting case <c>CC:conformance</c>.
/// </summary>
public sealed class GrantingHandler(ECDsa gatewayKey, string country, HttpMessageHandler? inner = null, string issuer = AccessGrant.DefaultIssuer)
    : DelegatingHandler(inner ?? new SocketsHttpHandler())
{
    private readonly GrantSigner _signer = new(gatewayKey, GrantKeys.Thumbprint(gatewayKey), issuer);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var grant = new AccessGrant(country, country, ["integrator"], "DATA_PROTECTION_REVIEW", country + ":conformance",
            AccessLevel.Restricted, AccessLevel.Restricted, [], [], "conformance-kit", now, now + AccessGrant.DefaultLifetime);
        request.Headers.Remove(AccessGrant.HeaderName);
        request.Headers.TryAddWithoutValidation(AccessGrant.HeaderName, _signer.Sign(grant));
        return base.SendAsync(request, cancellationToken);
    }
}
