using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Security;

public sealed class JwksRefresherTests(SecurityFixture fx) : IClassFixture<SecurityFixture>
{
    private sealed class FakeJwksServer : HttpMessageHandler
    {
        public string Body = "";
        public HttpStatusCode Status = HttpStatusCode.OK;
        public int Calls;
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Calls++;
            Assert.Equal("https://idp.py.test/jwks.json", request.RequestUri!.ToString());
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent(Body) });
        }
    }

    [Fact]
    public async Task Url_key_sets_are_fetched_in_the_background_only_when_due_and_a_bad_fetch_keeps_the_last_good_set()
    {
        using var key1 = RSA.Create(2048);
        using var key2 = RSA.Create(2048);
        var server = new FakeJwksServer { Body = SecurityFixture.Jwks(SecurityFixture.RsaJwk(key1, "py-1")) };
        using var http = new HttpClient(server);
        var cache = new JwksCache();
        var refresher = new JwksRefresher(fx.Store, cache, NullLogger<JwksRefresher>.Instance);
        var t0 = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var validator = new TokenValidator(fx.Store, cache);
        var token1 = SecurityFixture.SignRs256(key1, "py-1", SecurityFixture.Claims(t0, SecurityFixture.UrlIssuer, "PY"));

        await refresher.RefreshDueAsync(http, t0, CancellationToken.None);
        Assert.Equal(1, server.Calls);
        Assert.True(validator.Validate("Bearer " + token1, t0).Succeeded);
        for (var i = 0; i < 10; i++) validator.Validate("Bearer " + token1, t0);
        Assert.Equal(1, server.Calls);                           // validation never fetches

        await refresher.RefreshDueAsync(http, t0.AddMinutes(1), CancellationToken.None);
        Assert.Equal(1, server.Calls);                           // not due yet (15 min)

        server.Body = """{"keys":[{"kty":"RSA","kid":"py-2","n":"AQAB","e":"AQAB"}]}""";   // invalid: kept out
        await refresher.RefreshDueAsync(http, t0.AddMinutes(16), CancellationToken.None);
        Assert.Equal(2, server.Calls);
        Assert.True(validator.Validate("Bearer " + token1, t0).Succeeded);

        server.Status = HttpStatusCode.InternalServerError;
        await refresher.RefreshDueAsync(http, t0.AddMinutes(32), CancellationToken.None);
        Assert.True(validator.Validate("Bearer " + token1, t0).Succeeded);

        server.Status = HttpStatusCode.OK;
        server.Body = SecurityFixture.Jwks(SecurityFixture.RsaJwk(key2, "py-2"));                  // key rotation
        await refresher.RefreshDueAsync(http, t0.AddMinutes(48), CancellationToken.None);
        Assert.Equal(AuthFailureReason.UnknownKeyId, validator.Validate("Bearer " + token1, t0).Failure!.Reason);
        var token2 = SecurityFixture.SignRs256(key2, "py-2", SecurityFixture.Claims(t0, SecurityFixture.UrlIssuer, "PY"));
        Assert.True(validator.Validate("Bearer " + token2, t0).Succeeded);
    }
}
