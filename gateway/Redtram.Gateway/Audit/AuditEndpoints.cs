using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Primitives;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Audit;

/// <summary>
/// Reading the audit log (JSON, bearer token of a trusted issuer required, mapped only with a policy):
/// <list type="bullet">
/// <item><c>GET /audit/accesses?country=PE[&amp;from=…&amp;to=…&amp;after=…&amp;size=…]</c>: every access to PE's data, with
/// PE's part of each request only — for PE's <c>data-protection-officer</c> only;</item>
/// <item><c>GET /audit/hits?country=PE…</c>: the accesses in which PE returned records — PE's <c>contact-point</c> or
/// data-protection officer;</item>
/// <item><c>GET /audit/notifications?country=PE[&amp;after=…&amp;size=…]</c>: the owner-notification feed (hits of other
/// countries' requesters on PE's data, metadata only) — PE's contact point or data-protection officer;</item>
/// <item><c>GET /audit/usage?from=YYYY-MM-DD&amp;to=YYYY-MM-DD</c>: counts per requesting country × owning country ×
/// operation (no content, no user ids) — the <c>secretariat</c>.</item>
/// </list>
/// <c>from</c>/<c>to</c> of the lists: ISO 8601 instants with Z or an offset, or dates (a date as <c>to</c> includes
/// that day); the window is [from, to). <c>after</c>: the <c>next</c> of the previous page. <c>size</c>: 1–1000
/// (100). Errors: 401 (with <c>WWW-Authenticate</c>), 403, 400, 503 as <c>{"error":{"code":…,"message":…}}</c>.
/// </summary>
internal static class AuditEndpoints
{
    private const int MaxUsageDays = 366;

    public static void MapAuditEndpoints(this WebApplication app, TokenValidator validator, PolicyStore policy, IAuditReader reader)
    {
        app.MapGet("/audit/accesses", ctx => ListAsync(ctx, validator, policy, reader, Roles.DataProtectionOfficer, hitsOnly: false));
        app.MapGet("/audit/hits", ctx => ListAsync(ctx, validator, policy, reader, Roles.ContactPoint | Roles.DataProtectionOfficer, hitsOnly: true));
        app.MapGet("/audit/notifications", ctx => NotificationsAsync(ctx, validator, policy, reader));
        app.MapGet("/audit/usage", ctx => UsageAsync(ctx, validator, reader));
    }

    private static async Task ListAsync(HttpContext ctx, TokenValidator validator, PolicyStore policy, IAuditReader reader, Roles allowed, bool hitsOnly)
    {
        if (Authenticate(ctx, validator) is not { } principal)
        {
            await ErrorAsync(ctx, 401, "UNAUTHENTICATED", "A valid bearer token from a trusted national issuer is required.");
            return;
        }

        var (country, status, denial) = OwnCountry(ctx, policy, principal, allowed, hitsOnly ? "see the hits on" : "list the accesses to");
        if (country is null)
        {
            await DenyAsync(ctx, status, denial!);
            return;
        }

        if (!TryInstant(ctx, "from", DateTimeOffset.MinValue, endOfDay: false, out var from, out var problem)
            || !TryInstant(ctx, "to", DateTimeOffset.MaxValue, endOfDay: true, out var to, out problem)
            || !TryPage(ctx, out var page, out problem))
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", problem!);
            return;
        }

        if (from >= to)
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", "'from' must be before 'to'.");
            return;
        }

        AuditAccessPage result;
        try
        {
            result = hitsOnly
                ? await reader.ListHitsAsync(country, from, to, page, ctx.RequestAborted)
                : await reader.ListAccessesAsync(country, from, to, page, ctx.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ErrorAsync(ctx, 503, "AUDIT_UNAVAILABLE", "The audit log cannot be read now; try again later.");
            return;
        }

        await JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("country", country);
            w.WriteStartArray("items");
            foreach (var a in result.Items)
            {
                w.WriteStartObject();
                w.WriteNumber("sequence", a.Sequence);
                w.WriteString("time", AuditChain.FormatTime(a.Time));
                w.WriteString("requestId", a.RequestId);
                w.WriteString("user", a.User);
                w.WriteString("requestingCountry", a.RequestingCountry);
                w.WriteString("role", a.Role);
                w.WriteString("purpose", a.Purpose);
                w.WriteString("legalBasis", a.LegalBasis);
                w.WriteString("caseReference", a.CaseReference);
                w.WriteString("operationHash", a.OperationHash);
                w.WriteString("operationName", a.OperationName);
                w.WriteString("level", a.Access.Level);
                w.WriteString("status", a.Access.Status);
                w.WriteNumber("records", a.Access.Records);
                w.WriteStartArray("ids");
                foreach (var id in a.Access.IdsDisclosed)
                    w.WriteStringValue(id);
                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteNext(w, result.NextAfterSequence);
            w.WriteEndObject();
        });
    }

    private static async Task NotificationsAsync(HttpContext ctx, TokenValidator validator, PolicyStore policy, IAuditReader reader)
    {
        if (Authenticate(ctx, validator) is not { } principal)
        {
            await ErrorAsync(ctx, 401, "UNAUTHENTICATED", "A valid bearer token from a trusted national issuer is required.");
            return;
        }

        var (country, status, denial) = OwnCountry(ctx, policy, principal, Roles.ContactPoint | Roles.DataProtectionOfficer, "read the notifications about");
        if (country is null)
        {
            await DenyAsync(ctx, status, denial!);
            return;
        }

        if (ctx.Request.Query.ContainsKey("from") || ctx.Request.Query.ContainsKey("to"))
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", "The notification feed is read with 'after' (the last sequence seen) and 'size', not 'from'/'to'.");
            return;
        }

        if (!TryPage(ctx, out var page, out var problem))
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", problem!);
            return;
        }

        var (resultRead, resultOk) = await ReadAsync(ctx, () => reader.ListNotificationsAsync(country, page, ctx.RequestAborted));
        if (!resultOk)
        {
            return;
        }

        var result = resultRead!;

        await JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("country", country);
            w.WriteStartArray("items");
            foreach (var a in result.Items)
                OwnerNotifier.WriteNotification(w, a.Sequence, a.Time, a.RequestId, a.RequestingCountry, a.Role, a.Purpose, a.CaseReference, a.Access.Records, a.Access.Level);
            w.WriteEndArray();
            WriteNext(w, result.NextAfterSequence);
            w.WriteEndObject();
        });
    }

    private static async Task UsageAsync(HttpContext ctx, TokenValidator validator, IAuditReader reader)
    {
        if (Authenticate(ctx, validator) is not { } principal)
        {
            await ErrorAsync(ctx, 401, "UNAUTHENTICATED", "A valid bearer token from a trusted national issuer is required.");
            return;
        }

        if (!principal.Has(Roles.Secretariat))
        {
            await ErrorAsync(ctx, 403, "FORBIDDEN", "Only the secretariat may read the usage figures.");
            return;
        }

        if (!TryDay(ctx, "from", out var from, out var problem) || !TryDay(ctx, "to", out var to, out problem))
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", problem!);
            return;
        }

        if (to < from || to.DayNumber - from.DayNumber >= MaxUsageDays)
        {
            await ErrorAsync(ctx, 400, "BAD_REQUEST", $"'to' must be on or after 'from', at most {MaxUsageDays} days in all.");
            return;
        }

        var (rowsRead, rowsOk) = await ReadAsync(ctx, () => reader.AggregateAsync(from, to, ctx.RequestAborted));
        if (!rowsOk)
        {
            return;
        }

        var rows = rowsRead!;

        await JsonAsync(ctx, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("from", from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("to", to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteStartArray("rows");
            foreach (var r in rows)
            {
                w.WriteStartObject();
                w.WriteString("requestingCountry", r.RequestingCountry);
                w.WriteString("owningCountry", r.OwningCountry);
                w.WriteString("operation", r.Operation);
                w.WriteNumber("requests", r.Requests);
                w.WriteNumber("hits", r.Hits);
                w.WriteNumber("records", r.Records);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static Principal? Authenticate(HttpContext ctx, TokenValidator validator)
    {
        var auth = validator.Validate(ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } h ? h : null, DateTimeOffset.UtcNow);
        if (auth.Succeeded)
            return auth.Principal;
        ctx.Response.Headers.WWWAuthenticate = auth.Failure.WwwAuthenticate;
        return null;
    }

    /// <summary>The <c>country</c> parameter, when it is a policy country and the principal holds one of
    /// <paramref name="allowed"/> for it; otherwise the 400 or 403 to answer.</summary>
    private static (string? Country, int Status, string? Message) OwnCountry(HttpContext ctx, PolicyStore policy, Principal principal, Roles allowed, string action)
    {
        string? problem = null;
        var country = Single(ctx, "country", ref problem);
        if (problem is null && country is null)
            problem = "The 'country' parameter (ISO 3166-1 alpha-2, e.g. country=PE) is required.";
        else if (problem is null && !policy.Current.Countries.Contains(country!))
            problem = "'country' must be a REDTRAM member country code of the policy (e.g. PE).";
        if (problem is not null)
            return (null, 400, problem);

        if (principal.Country != country || (principal.Roles & allowed) == 0)
        {
            var who = string.Join(" or ", RoleNames.ByName.Where(p => (allowed & p.Value) != 0).Select(p => p.Key));
            return (null, 403, $"Only a {who} of {country} may {action} {country}'s data.");
        }

        return (country, 200, null);
    }

    private static Task DenyAsync(HttpContext ctx, int status, string message) =>
        ErrorAsync(ctx, status, status == 403 ? "FORBIDDEN" : "BAD_REQUEST", message);

    private static string? Single(HttpContext ctx, string name, ref string? problem)
    {
        if (!ctx.Request.Query.TryGetValue(name, out var values) || StringValues.IsNullOrEmpty(values))
            return null;
        if (values.Count > 1)
        {
            problem = $"'{name}' is given more than once.";
            return null;
        }

        return values.ToString();
    }

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    private static bool TryInstant(HttpContext ctx, string name, DateTimeOffset fallback, bool endOfDay, out DateTimeOffset value, out string? problem)
    {
        problem = null;
        value = fallback;
        var text = Single(ctx, name, ref problem);
        if (problem is not null)
            return false;
        if (text is null)
            return true;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            value = new DateTimeOffset((endOfDay ? day.AddDays(1) : day).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        if (text.Length > 0 && (text[^1] is 'Z' or 'z' || text.LastIndexOfAny(['+', '-']) > 10)
            && DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out value))
            return true;
        problem = $"'{name}' must be a date (YYYY-MM-DD) or an ISO 8601 instant with Z or an offset (e.g. 2026-03-02T09:00:00Z).";
        return false;
    }

    private static bool TryDay(HttpContext ctx, string name, out DateOnly value, out string? problem)
    {
        problem = null;
        value = default;
        var text = Single(ctx, name, ref problem);
        if (problem is not null)
            return false;
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value))
            return true;
        problem = $"'{name}' is required, as a date YYYY-MM-DD (UTC days, both included).";
        return false;
    }

    private static bool TryPage(HttpContext ctx, out AuditPageRequest page, out string? problem)
    {
        problem = null;
        page = default;
        var sizeText = Single(ctx, "size", ref problem);
        var afterText = problem is null ? Single(ctx, "after", ref problem) : null;
        if (problem is not null)
            return false;
        var size = 100;
        if (sizeText is not null && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 1000))
        {
            problem = "'size' must be a whole number from 1 to 1000.";
            return false;
        }

        long after = 0;
        if (afterText is not null && !long.TryParse(afterText, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            problem = "'after' must be a sequence number (the 'next' of the previous page).";
            return false;
        }

        page = new AuditPageRequest(size, after);
        return true;
    }

    private static void WriteNext(Utf8JsonWriter w, long? next)
    {
        if (next is { } n)
            w.WriteNumber("next", n);
        else
            w.WriteNull("next");
    }

    private static Task ErrorAsync(HttpContext ctx, int status, string code, string message) => JsonAsync(ctx, status, w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static async Task JsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            write(w);
        }

        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory, ctx.RequestAborted);
    }

    /// <summary>Reads the audit log; on failure answers 503 AUDIT_UNAVAILABLE (never the exception) and returns false.</summary>
    private static async Task<(T? Value, bool Ok)> ReadAsync<T>(HttpContext ctx, Func<Task<T>> read)
    {
        try
        {
            return (await read(), true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ErrorAsync(ctx, 503, "AUDIT_UNAVAILABLE", "The audit log cannot be read now; try again later.");
            return (default, false);
        }
    }
}
