namespace Redtram.Gateway.Security;

/// <summary>An authenticated user, as asserted by a trusted national issuer.</summary>
/// <param name="Subject">The <c>sub</c> claim: the issuer's opaque user id. Personal data: never log it, hash it for the audit log.</param>
/// <param name="Issuer">The <c>iss</c> claim, a trusted issuer of the policy.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country of the issuer (the token may assert only this one).</param>
/// <param name="Roles">Roles from the <c>roles</c> claim; at least one.</param>
/// <param name="TokenId">The <c>jti</c> claim when present.</param>
/// <param name="ExpiresAt">The <c>exp</c> claim.</param>
public sealed record Principal(
    string Subject,
    string Issuer,
    string Country,
    Roles Roles,
    string? TokenId,
    DateTimeOffset ExpiresAt)
{
    public bool Has(Roles role) => (Roles & role) == role;

    /// <summary>Never prints the subject.</summary>
    public override string ToString() => $"Principal({Country}, {Roles})";
}
