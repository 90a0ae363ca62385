using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading.Channels;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Audit;

/// <summary>Limits of the owner-notification webhooks.</summary>
public sealed record OwnerNotifierOptions
{
    /// <summary>Notifications waiting to be sent; beyond this they are dropped (and counted), never waited for.</summary>
    public int Capacity { get; init; } = 10_000;

    /// <summary>Attempts per notification (the first included).</summary>
    public int Attempts { get; init; } = 4;

    /// <summary>Wait before the second attempt; doubled before each later one.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time allowed for one POST.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent senders.</summary>
    public int Senders { get; init; } = 2;
}

/// <summary>
/// The owner is notified of hits (domain §5 INTERPOL, §8): once an entry is committed in which an owning country returned
/// at least one record to a requester of another country, its <c>notify_url</c> (policy <c>countries[]</c>) receives a
/// POST of metadata only — <c>{sequence, time, requestId, requestingCountry, role, purpose, caseReference, records,
/// level}</c>, never search terms or record content. Sent in the background from a bounded queue with a few retries;
/// a full queue or a receiver that keeps failing never blocks or fails a request (counted in
/// <c>redtram.audit.notifications</c>). Best effort: the durable source is the pull feed
/// <c>GET /audit/notifications</c>, which reads the audit log itself.
/// </summary>
public sealed class OwnerNotifier : IAsyncDisposable
{
    private readonly Func<AccessPolicy> _policy;
    private readonly ILogger _logger;
    private readonly OwnerNotifierOptions _options;
    private readonly Channel<Notification> _queue;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _senders;
    private long _queued, _delivered, _retried, _failed, _dropped;
    private int _disposed;

    private sealed record Notification(string Country, Uri Url, byte[] Body);

    public OwnerNotifier(Func<AccessPolicy> policy, ILogger logger, OwnerNotifierOptions? options = null)
    {
        _policy = policy;
        _logger = logger;
        _options = options ?? new OwnerNotifierOptions();
        _queue = Channel.CreateBounded<Notification>(new BoundedChannelOptions(Math.Max(1, _options.Capacity))
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails instead of waiting: the caller drops.
            SingleReader = false,
            SingleWriter = false,
        });
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = _options.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            Timeout = _options.AttemptTimeout,
        };
        _senders = Enumerable.Range(0, Math.Max(1, _options.Senders)).Select(_ => Task.Run(SendLoopAsync)).ToArray();
    }

    /// <summary>Counters since start.</summary>
    public OwnerNotifierStatistics Statistics => new(
        Interlocked.Read(ref _queued), Interlocked.Read(ref _delivered), Interlocked.Read(ref _retried), Interlocked.Read(ref _failed), Interlocked.Read(ref _dropped));

    /// <summary>Queues the notifications a committed entry calls for. Never blocks.</summary>
    public void Enqueue(AuditReceipt receipt, AuditEntry entry)
    {
        System.Collections.Frozen.FrozenDictionary<string, Uri>? urls = null;
        foreach (var access in entry.Countries)
        {
            if (access.Records < 1 || access.Country == entry.Country)
                continue;
            urls ??= _policy().NotifyUrls;
            if (!urls.TryGetValue(access.Country, out var url))
                continue;
            var n = new Notification(access.Country, url, Payload(receipt, entry, access));
            if (_queue.Writer.TryWrite(n))
            {
                Interlocked.Increment(ref _queued);
                AuditTelemetry.Notifications.Add(1, Outcome("queued"));
            }
            else
            {
                Interlocked.Increment(ref _dropped);
                AuditTelemetry.Notifications.Add(1, Outcome("dropped"));
                AuditTelemetry.NotificationDropped(_logger, access.Country);
            }
        }
    }

    /// <summary>The webhook body: metadata of the access, no content.</summary>
    internal static byte[] Payload(AuditReceipt receipt, AuditEntry entry, AuditCountryAccess access)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            WriteNotification(w, receipt.Sequence, entry.Time, entry.RequestId, entry.Country, entry.Role, entry.Purpose, entry.CaseReference, access.Records, access.Level);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>One notification object, as POSTed and as listed by <c>GET /audit/notifications</c>.</summary>
    internal static void WriteNotification(Utf8JsonWriter w, long sequence, DateTimeOffset time, string requestId, string requestingCountry,
        string role, string? purpose, string? caseReference, int records, string level)
    {
        w.WriteStartObject();
        w.WriteNumber("sequence", sequence);
        w.WriteString("time", AuditChain.FormatTime(time));
        w.WriteString("requestId", requestId);
        w.WriteString("requestingCountry", requestingCountry);
        w.WriteString("role", role);
        w.WriteString("purpose", purpose);
        w.WriteString("caseReference", caseReference);
        w.WriteNumber("records", records);
        w.WriteString("level", level);
        w.WriteEndObject();
    }

    private static KeyValuePair<string, object?> Outcome(string outcome) => new("outcome", outcome);

    private async Task SendLoopAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var n))
                    await SendAsync(n).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Shutting down: what is still queued stays in the pull feed.
        }
    }

    private async Task SendAsync(Notification n)
    {
        var last = "";
        var delay = _options.FirstRetryDelay;
        for (var attempt = 1; attempt <= Math.Max(1, _options.Attempts); attempt++)
        {
            if (attempt > 1)
            {
                Interlocked.Increment(ref _retried);
                AuditTelemetry.Notifications.Add(1, Outcome("retried"));
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                delay *= 2;
            }

            try
            {
                using var content = new ByteArrayContent(n.Body);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                using var response = await _http.PostAsync(n.Url, content, _stop.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _delivered);
                    AuditTelemetry.Notifications.Add(1, Outcome("delivered"));
                    return;
                }

                last = "HTTP " + (int)response.StatusCode;
                if (!Retryable(response.StatusCode))
                    break;
            }
            catch (HttpRequestException ex)
            {
                last = ex.HttpRequestError.ToString();
            }
            catch (TaskCanceledException) when (!_stop.IsCancellationRequested)
            {
                last = "timeout";
            }
        }

        Interlocked.Increment(ref _failed);
        AuditTelemetry.Notifications.Add(1, Outcome("failed"));
        AuditTelemetry.NotificationFailed(_logger, n.Country, _options.Attempts, last);
    }

    private static bool Retryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>Stops taking notifications, gives the queued ones a moment (2 s) to go out, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_senders).WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Receivers too slow: stop; the pull feed still has every notification.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_senders).ConfigureAwait(false);
        _http.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Owner-notification counters.</summary>
public readonly record struct OwnerNotifierStatistics(long Queued, long Delivered, long Retried, long Failed, long Dropped);
