using System.Net;
using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>Why a request was refused: HTTP status, extensions.code, extensions.reason and a message safe to return.</summary>
public sealed record Refusal(int Status, string Code, string Reason, string Message)
{
    /// <summary>401 for a missing or invalid grant (403 for a grant of another country), as on /graphql.</summary>
    public static Refusal Of(GrantVerification check) => check.Reason == GrantFailureReason.WrongAudience
        ? new Refusal(StatusCodes.Status403Forbidden, "FORBIDDEN", check.ReasonCode, check.Message)
        : new Refusal(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", check.ReasonCode, check.Message);
}

/// <summary>
/// The door of the administration routes (<c>/admin/…</c>, e.g. <c>POST /admin/reindex</c>): they belong to the owner's own
/// operators. With grant keys configured a request needs a valid grant for this adapter's country whose requester country is
/// that same country and whose roles include <c>admin</c> or <c>integrator</c>. Without keys (--allow-ungranted, development)
/// the routes stay open, but only to clients connecting over the loopback interface (the peer address of the connection;
/// forwarding headers are not read).
/// </summary>
public static class AdminGate
{
    /// <summary>The roles that may use the administration routes.</summary>
    public static readonly IReadOnlyList<string> Roles = ["admin", "integrator"];

    /// <summary>Null when the request may go on; otherwise why not.</summary>
    public static Refusal? Check(GrantGate gate, string? grantHeader, IPAddress? remote, DateTimeOffset now)
    {
        if (!gate.Enforced)
            return IsLoopback(remote)
                ? null
                : new Refusal(StatusCodes.Status403Forbidden, "FORBIDDEN", "NOT_LOOPBACK",
                    $"the /admin routes of an adapter without grant keys (--allow-ungranted) answer only on the loopback interface");
        var check = gate.Check(grantHeader, now);
        if (!check.Succeeded)
            return Refusal.Of(check);
        var grant = check.Grant!;
        if (grant.RequesterCountry != gate.Country)
            return new Refusal(StatusCodes.Status403Forbidden, "FORBIDDEN", "NOT_OWNER_COUNTRY",
                $"the /admin routes of the {gate.Country} adapter are for {gate.Country}'s own operators; this grant's requester is of another country");
        foreach (var role in grant.Roles)
            if (Roles.Contains(role, StringComparer.Ordinal))
                return null;
        return new Refusal(StatusCodes.Status403Forbidden, "FORBIDDEN", "ROLE_REQUIRED",
            "the /admin routes need a grant with the role admin or integrator");
    }

    /// <summary>127.0.0.0/8, ::1 and their IPv4-mapped forms. An unknown peer (null) is not loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
