using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Redtram.Gateway.Audit;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>Owner notification webhooks, received by a real Kestrel server on 127.0.0.1.</summary>
public sealed class OwnerNotificationTests
{
    /// <summary>A webhook receiver: records every POST per path; a test scripts its status and delay.</summary>
    private sealed class Receiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        public ConcurrentQueue<(string Path, string Body)> Received { get; } = new();
        public int Attempts;
        public Func<int, (int Status, TimeSpan Delay)> Behaviour { get; set; } = _ => (204, TimeSpan.Zero);
        public string Url { get; private set; } = "";

        private Receiver(WebApplication app) => _app = app;

        public static async Task<Receiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var r = new Receiver(app);
            app.MapPost("/hook/{country}", async (HttpContext ctx, string country) =>
            {
                var attempt = Interlocked.Increment(ref r.Attempts);
                var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
                var (status, delay) = r.Behaviour(attempt);
                await Task.Delay(delay);
                if (status is >= 200 and < 300)
                {
                    Assert.Equal("application/json", ctx.Request.ContentType?.Split(';')[0]);
                    r.Received.Enqueue((country, body));
                }

                ctx.Response.StatusCode = status;
            });
            await app.StartAsync();
            r.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return r;
        }

        public async Task<List<(string Path, string Body)>> WaitForAsync(int count, TimeSpan timeout)
        {
            var sw = Stopwatch.StartNew();
            while (Received.Count < count && sw.Elapsed < timeout)
            {
                await Task.Delay(20);
            }

            return [.. Received];
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>The notifier's counters once <paramref name="done"/> holds (the receiver has the body before the notifier has its answer).</summary>
    private static async Task<OwnerNotifierStatistics> StatisticsAsync(OwnerNotifier notifier, Func<OwnerNotifierStatistics, bool> done)
    {
        var sw = Stopwatch.StartNew();
        while (!done(notifier.Statistics) && sw.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        return notifier.Statistics;
    }

    private static Action<string> NotifyAll(Receiver r) => dir =>
    {
        foreach (var cc in new[] { "PE", "CL", "BR" })
        {
            AuditedGateway.SetNotifyUrl(dir, cc, $"{r.Url}/hook/{cc}");
        }
    };

    [Fact]
    public async Task The_owner_is_notified_of_a_hit_by_another_country_with_metadata_only()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gw = await AuditedGateway.StartAsync(NotifyAll(receiver));
        using var res = await gw.Client.SendAsync(AuditedGateway.Search(gw.Token("PE", "prosecutor-7", "prosecutor"), "PE:2025-0001", name: "Quispe"));
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);

        // PE asked PE (its own data: no notification), CL (no record: none) and BR (one record: BR is notified).
        var got = await receiver.WaitForAsync(1, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        var (path, text) = Assert.Single(receiver.Received);
        Assert.Equal("BR", path);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(["sequence", "time", "requestId", "requestingCountry", "role", "purpose", "caseReference", "records", "level"], body.Select(p => p.Key));
        Assert.Equal((1L, AuditedGateway.RequestId(res), "PE", "prosecutor", AuditedGateway.Purpose, "PE:2025-0001", 1, "SUMMARY"),
            ((long)body["sequence"]!, (string?)body["requestId"], (string?)body["requestingCountry"], (string?)body["role"], (string?)body["purpose"], (string?)body["caseReference"], (int)body["records"]!, (string?)body["level"]));
        var entry = Assert.Single(await gw.EntriesAsync()).Entry!;
        Assert.Equal(AuditChain.FormatTime(entry.Time), (string?)body["time"]);

        // No search content, no user, no legal basis text.
        foreach (var secret in new[] { "Quispe", "Ana", "prosecutor-7", "129-A" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var stats = await StatisticsAsync(gw.Services.GetRequiredService<OwnerNotifier>(), s => s.Delivered + s.Failed >= 1);
        Assert.Equal(new OwnerNotifierStatistics(1, 1, 0, 0, 0), stats);
    }

    [Fact]
    public async Task A_failing_receiver_is_retried_and_counted_and_never_delays_the_answer()
    {
        var measurements = new ConcurrentQueue<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AuditTelemetry.Name && instrument.Name == "redtram.audit.notifications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var t in tags)
            {
                if (t.Key == "outcome")
                {
                    measurements.Enqueue((string)t.Value!);
                }
            }
        });
        listener.Start();

        await using var receiver = await Receiver.StartAsync();
        // Attempt 1 (warm-up request) succeeds; then attempts 2 and 3 fail (500 after 1.5 s, then 503), attempt 4 succeeds.
        receiver.Behaviour = attempt => attempt switch
        {
            2 => (500, TimeSpan.FromSeconds(1.5)),
            3 => (503, TimeSpan.Zero),
            _ => (200, TimeSpan.Zero),
        };
        await using var gw = await AuditedGateway.StartAsync(NotifyAll(receiver), notifications: new OwnerNotifierOptions { FirstRetryDelay = TimeSpan.FromMilliseconds(100) });
        var notifier = gw.Services.GetRequiredService<OwnerNotifier>();
        var token = gw.Token("PE", "prosecutor-7", "prosecutor");
        using (var warm = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        Assert.Equal(1, (await StatisticsAsync(notifier, s => s.Delivered >= 1)).Delivered);

        var sw = Stopwatch.StartNew();
        using var res = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
        sw.Stop();
        Assert.Equal(HttpStatusCode.OK, res.StatusCode);
        Assert.True(sw.ElapsedMilliseconds < 1000, $"the answer waited for the webhook: {sw.ElapsedMilliseconds} ms");

        var got = await receiver.WaitForAsync(2, TimeSpan.FromSeconds(15));
        Assert.Equal(["BR", "BR"], got.Select(g => g.Path));
        Assert.Equal(AuditedGateway.RequestId(res), (string?)JsonNode.Parse(got[1].Body)!["requestId"]);
        var stats = await StatisticsAsync(notifier, s => s.Delivered + s.Failed >= 2);
        Assert.Equal(4, receiver.Attempts);
        Assert.Equal(new OwnerNotifierStatistics(Queued: 2, Delivered: 2, Retried: 2, Failed: 0, Dropped: 0), stats);
        Assert.True(measurements.Count(m => m == "retried") >= 2 && measurements.Contains("delivered"), string.Join(",", measurements));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_given_up_and_a_full_queue_drops_without_blocking()
    {
        await using var receiver = await Receiver.StartAsync();
        // Attempt 1 (warm-up request) succeeds at once, attempt 2 after 2 s, every later one fails.
        receiver.Behaviour = attempt => attempt switch
        {
            1 => (200, TimeSpan.Zero),
            2 => (200, TimeSpan.FromSeconds(2)),
            _ => (500, TimeSpan.Zero),
        };
        await using var gw = await AuditedGateway.StartAsync(NotifyAll(receiver), notifications: new OwnerNotifierOptions
        {
            Capacity = 1,
            Senders = 1,
            Attempts = 2,
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
        });
        var token = gw.Token("PE", "prosecutor-7", "prosecutor");
        var notifier = gw.Services.GetRequiredService<OwnerNotifier>();
        using (var warm = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        Assert.Equal(1, (await StatisticsAsync(notifier, s => s.Delivered >= 1)).Delivered);

        // 1st: taken by the only sender (slow receiver); 2nd: waits in the queue (capacity 1); 3rd: dropped.
        for (var i = 0; i < 3; i++)
        {
            var sw = Stopwatch.StartNew();
            using var res = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            Assert.True(sw.ElapsedMilliseconds < 1000, $"request {i} waited {sw.ElapsedMilliseconds} ms");
            await Task.Delay(100);
        }

        var stats = await StatisticsAsync(notifier, s => s.Delivered + s.Failed >= 3);
        Assert.Equal(new OwnerNotifierStatistics(Queued: 3, Delivered: 2, Retried: 1, Failed: 1, Dropped: 1), stats);

        // Every hit is still in the pull feed.
        var feed = await gw.GetAsync("/audit/notifications?country=BR", gw.Token("BR", "cp-br", "contact-point"));
        Assert.Equal(4, feed.Body["items"]!.AsArray().Count);
    }

    [Fact]
    public void Notify_urls_must_be_https_or_a_local_receiver()
    {
        using var keys = new Security.SecurityFixture();
        var dir = Path.Combine(Path.GetTempPath(), "redtram-notify-" + Guid.NewGuid().ToString("N"));
        try
        {
            keys.WritePolicy(dir);
            AuditedGateway.SetNotifyUrl(dir, "PE", "https://contacto.mpfn.pe.example/redtram/hits");
            AuditedGateway.SetNotifyUrl(dir, "CL", "http://127.0.0.1:9/hook");
            var (policy, errors) = PolicyLoader.Load(dir);
            Assert.Empty(errors);
            Assert.Equal(new Uri("https://contacto.mpfn.pe.example/redtram/hits"), policy!.NotifyUrls["PE"]);
            Assert.Equal(new Uri("http://127.0.0.1:9/hook"), policy.NotifyUrls["CL"]);
            Assert.False(policy.NotifyUrls.ContainsKey("BR"));

            AuditedGateway.SetNotifyUrl(dir, "BR", "http://hooks.example.org/br");
            AuditedGateway.SetNotifyUrl(dir, "AR", "https://user:secret@hooks.example.org/ar");
            (policy, errors) = PolicyLoader.Load(dir);
            Assert.Null(policy);
            Assert.Equal(2, errors.Count(e => e.Message.StartsWith("notify_url must be an absolute https URL", StringComparison.Ordinal)));
            Assert.All(errors, e => Assert.Equal("policy.yaml", e.File));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
