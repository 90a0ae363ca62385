namespace Redtram.Gateway.Security;

/// <summary>Body of <c>GET /dev/token</c>.</summary>
public sealed record DevTokenResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, string Issuer, string Subject, string Country, IReadOnlyList<string> Roles);

/// <summary>Body of <c>GET /dev/users</c>.</summary>
public sealed record DevUsersResponse(string Note, IReadOnlyList<DevUser> Users);

/// <summary>Body of a refused <c>/dev/token</c> request (400).</summary>
public sealed record DevTokenError(string Error);

/// <summary>
/// DEMO ONLY: the development token issuer's routes, mapped only when <see cref="GatewayOptions.DevTokenIssuer"/> is set
/// (otherwise they do not exist: 404).
/// <list type="bullet">
/// <item><c>GET /dev/users</c> → <c>{"note": …, "users": [{"subject": "demo-pe-prosecutor", "country": "PE", "role": "prosecutor",
/// "issuer": "https://dev-issuer.redtram.localhost/pe", "tokenUrl": "/dev/token?country=PE&amp;role=prosecutor"}, …]}</c></item>
/// <item><c>GET /dev/token?country=PE&amp;role=prosecutor</c> → <c>{"token": "…", "tokenType": "Bearer", "expiresAt":
/// "2026-…Z", "issuer": …, "subject": "demo-pe-prosecutor", "country": "PE", "roles": ["prosecutor"]}</c>;
/// with <c>&amp;format=text</c> the bare token as <c>text/plain</c> (for <c>TOKEN=$(curl -s …)</c>). An unknown country
/// or role → 400 <c>{"error": …}</c>. Country is case-insensitive, role is a REDTRAM role name.</item>
/// </list>
/// Both answer with <c>Cache-Control: no-store</c>.
/// </summary>
public static class DevTokenEndpoints
{
    public const string UsersPath = "/dev/users";
    public const string TokenPath = "/dev/token";

    public static WebApplication MapDevTokenIssuer(this WebApplication app, DevTokenIssuer issuer, TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        app.MapGet(UsersPath, (HttpContext ctx) =>
        {
            ctx.Response.Headers.CacheControl = "no-store";
            return Results.Json(
                new DevUsersResponse("Development token issuer of the demo: one user per country and role; tokens live 1 hour. Demo only.", issuer.Users()),
                GatewayJsonContext.Default.DevUsersResponse);
        });
        app.MapGet(TokenPath, (HttpContext ctx) =>
        {
            ctx.Response.Headers.CacheControl = "no-store";
            var q = ctx.Request.Query;
            var country = q["country"].ToString();
            var role = q["role"].ToString();
            var format = q["format"].ToString();
            if (format is not ("" or "json" or "text"))
            {
                return Results.Json(new DevTokenError("format must be json or text"), GatewayJsonContext.Default.DevTokenError, statusCode: StatusCodes.Status400BadRequest);
            }

            // The messages list the allowed values; they never echo the input.
            if (issuer.Issuer(country) is null)
            {
                return Results.Json(new DevTokenError("country must be one of " + string.Join(", ", issuer.Countries)), GatewayJsonContext.Default.DevTokenError, statusCode: StatusCodes.Status400BadRequest);
            }

            if (!RoleNames.TryParse(role, out _))
            {
                return Results.Json(new DevTokenError("role must be one of " + string.Join(", ", RoleNames.ByName.Keys)), GatewayJsonContext.Default.DevTokenError, statusCode: StatusCodes.Status400BadRequest);
            }

            var token = issuer.Issue(country, role, time.GetUtcNow());
            return format == "text"
                ? Results.Text(token.Token + "\n", "text/plain; charset=utf-8")
                : Results.Json(new DevTokenResponse(token.Token, "Bearer", token.ExpiresAt, token.Issuer, token.Subject, token.Country, token.Roles), GatewayJsonContext.Default.DevTokenResponse);
        });
        return app;
    }
}
