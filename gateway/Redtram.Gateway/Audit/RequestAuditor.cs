using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Redtram.Federation.Execution;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Audit;

/// <summary>
/// One audit entry per authenticated GraphQL request, committed after execution and before the response is written
/// (architecture §4). The HTTP handler calls, per request:
/// <list type="number">
/// <item><see cref="Begin"/> once the token is valid (the request is then audited whatever happens next);</item>
/// <item><see cref="Declare"/> once the purpose, legal basis and case are checked (when they are required);</item>
/// <item>exactly one of <see cref="RecordResultAsync"/> (the engine answered: answered, or rejected for an invalid
/// document), <see cref="RecordRejectionAsync"/> (refused or failed before an engine result) or
/// <see cref="RecordAbortedAsync"/> (the client went away). A false return means the entry is not durable: the
/// handler answers 503 <c>AUDIT_UNAVAILABLE</c> without data.</item>
/// </list>
/// </summary>
internal sealed class RequestAuditor(IAuditLog log, OwnerNotifier? notifier, TimeSpan timeout, ILogger logger)
{
    /// <summary>What the handler learnt about the request so far; attached to the HTTP context. Counted in
    /// <see cref="InFlight"/> until its entry is handed to the log (or the request ends without one).</summary>
    internal sealed class Scope(RequestAuditor auditor, Principal principal, GraphQLRequest request) : IDisposable
    {
        private int _settled;
        public Principal Principal { get; } = principal;
        public GraphQLRequest Request { get; } = request;
        public RequestContext? Declared { get; set; }
        public bool Recorded { get; set; }

        public void Settle()
        {
            if (Interlocked.Exchange(ref _settled, 1) == 0)
                Interlocked.Decrement(ref auditor._inFlight);
        }

        public void Dispose() => Settle();
    }

    private int _inFlight;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Authenticated requests whose entry is not yet handed to the log: the log's commit delay waits for them
    /// (<see cref="GroupCommitAuditLog.PendingEntries"/>).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Starts auditing the request of an authenticated principal.</summary>
    public void Begin(HttpContext ctx, Principal principal, GraphQLRequest request)
    {
        var scope = new Scope(this, principal, request);
        Interlocked.Increment(ref _inFlight);
        ctx.Features.Set(scope);
        ctx.Response.RegisterForDispose(scope);
    }

    /// <summary>Records the checked declaration (purpose, legal basis, case).</summary>
    public static void Declare(HttpContext ctx, RequestContext declared)
    {
        if (ctx.Features.Get<Scope>() is { } scope)
            scope.Declared = declared;
    }

    /// <summary>The engine's result: <c>answered</c> when it executed, <c>rejected</c> for a request error.</summary>
    public Task<bool> RecordResultAsync(HttpContext ctx, GatewayResult result)
    {
        if (Take(ctx) is not { } scope)
            return Task.FromResult(true);
        return RecordAsync(
            RequestIds.Get(ctx), scope.Principal, scope.Declared,
            result.Kind == ResultKind.Executed ? AuditOutcome.Answered : AuditOutcome.Rejected,
            result.DocumentHash ?? DocumentHash(scope.Request.Query), result.Operation?.Name ?? OperationName(scope.Request.OperationName),
            CountriesOf(result));
    }

    /// <summary>An error answer written before the engine produced a result (<paramref name="errorCode"/> is its code).</summary>
    public Task<bool> RecordRejectionAsync(HttpContext ctx, string errorCode)
    {
        if (Take(ctx) is not { } scope)
            return Task.FromResult(true);
        return RecordAsync(
            RequestIds.Get(ctx), scope.Principal, scope.Declared,
            errorCode == ErrorCodes.InternalServerError ? AuditOutcome.Failed : AuditOutcome.Rejected,
            DocumentHash(scope.Request.Query), OperationName(scope.Request.OperationName), []);
    }

    /// <summary>The client went away during execution: nothing is answered, but national systems may have been asked.</summary>
    public async Task RecordAbortedAsync(HttpContext ctx)
    {
        if (Take(ctx) is { } scope)
        {
            await RecordAsync(RequestIds.Get(ctx), scope.Principal, scope.Declared, AuditOutcome.Aborted,
                DocumentHash(scope.Request.Query), OperationName(scope.Request.OperationName), []).ConfigureAwait(false);
        }
    }

    private static Scope? Take(HttpContext ctx)
    {
        if (ctx.Features.Get<Scope>() is not { Recorded: false } scope)
            return null;
        scope.Recorded = true;
        scope.Settle();
        return scope;
    }

    /// <summary>
    /// Builds the entry and waits until it is committed (at most <see cref="Timeout"/>). True once durable; false when
    /// the log failed or did not answer in time — the caller must then not send the answer.
    /// </summary>
    public async Task<bool> RecordAsync(string requestId, Principal principal, RequestContext? declared, string outcome,
        string operationHash, string? operationName, IReadOnlyList<AuditCountryAccess> countries)
    {
        var entry = BuildEntry(DateTimeOffset.UtcNow, requestId, principal, declared, outcome, operationHash, operationName, countries);
        try
        {
            var receipt = await log.AppendAsync(entry).WaitAsync(Timeout).ConfigureAwait(false);
            notifier?.Enqueue(receipt, entry);
            return true;
        }
        catch (TimeoutException)
        {
            AuditTelemetry.AppendFailures.Add(1, new KeyValuePair<string, object?>("reason", "timeout"));
            AuditTelemetry.AppendTimedOut(logger, Timeout.TotalMilliseconds);
            return false;
        }
        catch (Exception ex) when (ex is AuditLogException or InvalidOperationException)
        {
            // InvalidOperationException: the log is closed (shutting down). Neither message carries personal data.
            AuditTelemetry.AppendFailures.Add(1, new KeyValuePair<string, object?>("reason", "error"));
            AuditTelemetry.AppendFailed(logger, ex.InnerException?.GetType().Name ?? ex.GetType().Name);
            return false;
        }
    }

    /// <summary>The audit entry of one request.</summary>
    public static AuditEntry BuildEntry(DateTimeOffset time, string requestId, Principal principal, RequestContext? declared, string outcome,
        string operationHash, string? operationName, IReadOnlyList<AuditCountryAccess> countries) =>
        new(time, requestId, principal.Issuer + "|" + principal.Subject, principal.Country, RoleList(principal.Roles),
            declared?.Purpose, declared?.LegalBasis, declared?.CaseReference, operationHash, operationName, countries, outcome);

    /// <summary>
    /// The per-country part of the entry, from the engine's reports. The only place that maps them: level and
    /// disclosed ids are not reported by the engine yet ("?" and none).
    /// </summary>
    internal static IReadOnlyList<AuditCountryAccess> CountriesOf(GatewayResult result)
    {
        if (result.Countries?.Reports is not { Count: > 0 } reports)
            return [];
        // Per owner country: the level the policy gave, the outcome, the records disclosed (distinct record ids; at
        // HIT, where no record is disclosed, the matches reported by count) and the ids themselves.
        var list = new AuditCountryAccess[reports.Count];
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            var ids = r.DisclosedIds;
            var records = ids.Count > 0 ? ids.Count + r.DisclosedIdsOmitted : (int)Math.Min(r.Matches, int.MaxValue);
            list[i] = new AuditCountryAccess(r.Country, r.Level ?? "NONE", r.Status, records, ids);
        }

        return list;
    }

    private static readonly ConcurrentDictionary<Roles, string> RoleLists = new();

    /// <summary>Role names joined by commas, in the order of <see cref="RoleNames.ByName"/>.</summary>
    internal static string RoleList(Roles roles) =>
        RoleLists.GetOrAdd(roles, r => string.Join(",", RoleNames.ByName.Where(p => (r & p.Value) != 0).Select(p => p.Key)));

    /// <summary>The engine's document hash (SHA-256 of the query text, lowercase hex); empty without a document.</summary>
    internal static string DocumentHash(string? query) =>
        string.IsNullOrEmpty(query) ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    /// <summary>The client's operation name when it is a GraphQL name (at most 128 characters); anything else is not kept.</summary>
    internal static string? OperationName(string? name)
    {
        if (name is not { Length: > 0 and <= 128 } || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            return null;
        foreach (var ch in name)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '_')
                return null;
        }

        return name;
    }
}

/// <summary>
/// The request id: the trace id of the request's activity (with its span id when the trace came from the caller, so
/// that it stays unique per request), or a new GUID when there is no activity. Sent back in <see cref="Header"/> on
/// every response and recorded in the audit entry.
/// </summary>
internal static class RequestIds
{
    public const string Header = "Redtram-Request-Id";
    private static readonly object Key = new();

    public static string Get(HttpContext ctx)
    {
        if (ctx.Items.TryGetValue(Key, out var value) && value is string id)
            return id;
        id = Create(Activity.Current);
        ctx.Items[Key] = id;
        return id;
    }

    internal static string Create(Activity? activity)
    {
        if (activity is { IdFormat: ActivityIdFormat.W3C } a && a.TraceId != default)
        {
            var inherited = a.Parent is not null || a.ParentSpanId != default || a.HasRemoteParent;
            return inherited ? a.TraceId.ToHexString() + "-" + a.SpanId.ToHexString() : a.TraceId.ToHexString();
        }

        return Guid.NewGuid().ToString("N");
    }
}
