using System.Diagnostics.Metrics;

namespace Redtram.Gateway.Audit;

/// <summary>The audit wiring's Meter and log messages. Neither ever carries personal data (no user, purpose, case or search term).</summary>
internal static partial class AuditTelemetry
{
    public const string Name = "Redtram.Gateway.Audit";

    public static readonly Meter Meter = new(Name, "1.0.0");

    /// <summary>Entries that could not be committed in time; tag <c>reason</c>: timeout or error. Each is a 503.</summary>
    public static readonly Counter<long> AppendFailures = Meter.CreateCounter<long>("redtram.audit.append.failures", description: "Requests answered 503 because their audit entry could not be committed.");

    /// <summary>Owner notifications by <c>outcome</c>: queued, delivered, retried (one per extra attempt), failed, dropped (queue full).</summary>
    public static readonly Counter<long> Notifications = Meter.CreateCounter<long>("redtram.audit.notifications", description: "Owner notifications (webhooks) by outcome.");

    [LoggerMessage(EventId = 200, Level = LogLevel.Error, Message = "The audit log did not commit an entry within {TimeoutMs} ms: the request is answered 503.")]
    public static partial void AppendTimedOut(ILogger logger, double timeoutMs);

    [LoggerMessage(EventId = 201, Level = LogLevel.Error, Message = "The audit log could not commit an entry ({Error}): the request is answered 503.")]
    public static partial void AppendFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "Owner notification to {Country} given up after {Attempts} attempt(s) (last: {Last}); it stays in the pull feed GET /audit/notifications.")]
    public static partial void NotificationFailed(ILogger logger, string country, int attempts, string last);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "The owner-notification queue is full: a notification to {Country} was dropped; it stays in the pull feed GET /audit/notifications.")]
    public static partial void NotificationDropped(ILogger logger, string country);

    [LoggerMessage(EventId = 204, Level = LogLevel.Information, Message = "Audit log: {Store}.")]
    public static partial void Opened(ILogger logger, string store);
}
