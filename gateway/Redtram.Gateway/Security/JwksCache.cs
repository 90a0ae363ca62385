using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Redtram.Gateway.Security;

/// <summary>Key sets of issuers configured with <c>jwks_url</c>. Written only by <see cref="JwksRefresher"/>,
/// read by <see cref="TokenValidator"/>; a request never triggers a fetch.</summary>
public sealed class JwksCache
{
    private readonly ConcurrentDictionary<string, JsonWebKeySet> _sets = new(StringComparer.Ordinal);
    public JsonWebKeySet? Get(string issuer) => _sets.TryGetValue(issuer, out var s) ? s : null;
    public void Set(string issuer, JsonWebKeySet keys) => _sets[issuer] = keys;
}

/// <summary>Background refresher for issuers with <c>jwks_url</c>: fetches each key set at start and every
/// <c>refresh</c> interval (per issuer). A failed or invalid fetch keeps the previous key set. The owner wires it
/// with <c>services.AddSingleton&lt;JwksCache&gt;(); services.AddHostedService&lt;JwksRefresher&gt;();</c>.</summary>
public sealed class JwksRefresher(PolicyStore store, JwksCache cache, ILogger<JwksRefresher> log, IHttpClientFactory? httpFactory = null) : BackgroundService
{
    /// <summary>Largest key set accepted from a URL.</summary>
    public const int MaxJwksBytes = 256 * 1024;
    private readonly Dictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var own = httpFactory is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(10) } : null;
        var http = own ?? httpFactory!.CreateClient(nameof(JwksRefresher));
        while (!stoppingToken.IsCancellationRequested)
        {
            await RefreshDueAsync(http, DateTimeOffset.UtcNow, stoppingToken).ConfigureAwait(false);
            try { await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Fetches every URL key set that is due. Public for tests and for a manual refresh.</summary>
    public async Task RefreshDueAsync(HttpClient http, DateTimeOffset now, CancellationToken ct)
    {
        if (!store.HasPolicy) return;
        foreach (var issuer in store.Current.Issuers.Values)
        {
            if (issuer.JwksUrl is null) continue;
            if (_next.TryGetValue(issuer.Issuer, out var due) && due > now && cache.Get(issuer.Issuer) is not null) continue;
            try
            {
                using var resp = await http.GetAsync(issuer.JwksUrl, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                resp.EnsureSuccessStatusCode();
                if (resp.Content.Headers.ContentLength > MaxJwksBytes) throw new InvalidDataException("key set too large");
                var bytes = await resp.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                if (bytes.Length > MaxJwksBytes) throw new InvalidDataException("key set too large");
                var errors = new List<string>();
                var set = JsonWebKeySet.Parse(System.Text.Encoding.UTF8.GetString(bytes), errors);
                if (set is null)
                {
                    log.LogWarning("Key set of issuer for {Country} rejected: {Errors}; keeping the previous one", issuer.Country, string.Join("; ", errors));
                }
                else cache.Set(issuer.Issuer, set);
                _next[issuer.Issuer] = now + issuer.Refresh;
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidDataException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                log.LogWarning("Key set of issuer for {Country} not fetched ({Error}); keeping the previous one", issuer.Country, ex.GetType().Name);
                _next[issuer.Issuer] = now + TimeSpan.FromSeconds(30);
            }
        }
    }
}
