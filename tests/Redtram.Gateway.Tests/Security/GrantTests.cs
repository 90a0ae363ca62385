using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Security;

/// <summary>Grants under the checked-in policy, one case per default of domain.md §8.</summary>
public sealed class GrantTests
{
    private static readonly AccessPolicy Policy = PolicyLoader.Load(SecurityFixture.CheckedInPolicyDir).Policy!;
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static Principal P(string country, Roles roles) => new("user-x", "https://idp.test", country, roles, null, Now.AddHours(1));

    private static Grant G(string country, Roles roles, string owner, string purpose = "CRIMINAL_INVESTIGATION", string? caseRef = null, DateTimeOffset? at = null)
        => Policy.GrantFor(P(country, roles), owner, purpose, caseRef ?? country + ":2026-1", at ?? Now);

    [Fact]
    public void Home_country_follows_national_rules()
    {
        Assert.Equal(AccessLevel.Restricted, G("PE", Roles.Prosecutor, "PE").Level);
        Assert.Equal(AccessLevel.Full, G("PE", Roles.Analyst, "PE").Level);
        Assert.Equal(AccessLevel.Restricted, G("PE", Roles.Analyst | Roles.Prosecutor, "PE").Level);
    }

    [Fact]
    public void Redtram_prosecutor_of_another_country_gets_HIT()
    {
        var g = G("AR", Roles.Prosecutor, "PE");
        Assert.Equal(AccessLevel.Hit, g.Level);
        Assert.Empty(g.JitIds);
        Assert.Equal(AccessLevel.Hit, g.LevelOutsideJit);
    }

    [Fact]
    public void Foreign_analyst_without_agreement_gets_nothing()
        => Assert.Same(Grant.Nothing, G("AR", Roles.Analyst, "PE"));

    [Fact]
    public void Agreement_gives_its_level_for_its_purposes_roles_and_validity()
    {
        Assert.Equal(AccessLevel.Summary, G("CL", Roles.Prosecutor, "PE").Level);                         // treaty PE → CL
        Assert.Equal(AccessLevel.Summary, G("PE", Roles.Prosecutor, "CL").Level);                         // treaty CL → PE
        Assert.Equal(AccessLevel.Hit, G("CL", Roles.Prosecutor, "PE", purpose: "DATA_PROTECTION_REVIEW").Level); // other purpose
        Assert.Same(Grant.Nothing, G("CL", Roles.Analyst, "PE"));                                         // agreement covers prosecutors
        Assert.Equal(AccessLevel.Hit, G("CL", Roles.Prosecutor, "PE", at: new DateTimeOffset(2019, 12, 31, 23, 0, 0, TimeSpan.Zero)).Level); // before valid_from
        Assert.Equal(AccessLevel.Hit, G("AR", Roles.Prosecutor, "CL").Level);                             // no agreement AR
    }

    [Fact]
    public void Executed_MLA_request_gives_the_owners_level_for_that_requesting_case_only()
    {
        Assert.Equal(AccessLevel.Full, G("PY", Roles.Prosecutor, "BR", "MLA_REQUEST", "PY:2025-118").Level);
        Assert.Equal(AccessLevel.Hit, G("PY", Roles.Prosecutor, "BR", "MLA_REQUEST", "PY:2025-119").Level);
        Assert.Equal(AccessLevel.Hit, G("PY", Roles.Prosecutor, "BR", "MLA_REQUEST", "PY:2025-118", new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero)).Level); // after valid_until
    }

    [Fact]
    public void JIT_member_within_scope_gets_RESTRICTED_only_when_the_JIT_allows_it()
    {
        var pe = G("PE", Roles.Prosecutor, "CL", "JIT_OPERATION", "PE:1");
        Assert.Equal(AccessLevel.Restricted, pe.Level);                  // JIT-CL-PE-2025-01 allow_restricted: true
        Assert.Equal(["JIT-CL-PE-2025-01"], pe.JitIds);
        Assert.Equal(AccessLevel.Hit, pe.LevelOutsideJit);               // the treaty does not cover JIT_OPERATION

        var withTreaty = G("PE", Roles.Prosecutor, "CL", "CRIMINAL_INVESTIGATION", "PE:1");
        Assert.Equal(AccessLevel.Restricted, withTreaty.Level);
        Assert.Equal(AccessLevel.Summary, withTreaty.LevelOutsideJit);

        var analyst = G("CL", Roles.Analyst, "PE", "JIT_OPERATION", "CL:2500123456-3");
        Assert.Equal(AccessLevel.Restricted, analyst.Level);
        Assert.Equal(AccessLevel.None, analyst.LevelOutsideJit);

        var br = G("PY", Roles.Prosecutor, "BR", "JIT_OPERATION", "PY:1");
        Assert.Equal(AccessLevel.Full, br.Level);                        // JIT-BR-PY-2024-01: FULL, no RESTRICTED
        Assert.Equal(["JIT-BR-PY-2024-01"], br.JitIds);
    }

    [Fact]
    public void JIT_does_not_apply_outside_its_scope()
    {
        Assert.Equal(AccessLevel.Hit, G("PE", Roles.Prosecutor, "CL", "JIT_OPERATION", "PE:2025-0002").Level);   // case not in scope
        // MLA_REQUEST: the treaty gives SUMMARY, the JIT does not cover that purpose.
        var mla = G("PE", Roles.Prosecutor, "CL", "MLA_REQUEST", "PE:1");
        Assert.Equal(AccessLevel.Summary, mla.Level);
        Assert.Empty(mla.JitIds);
        Assert.Equal(AccessLevel.Hit, G("BO", Roles.Prosecutor, "CL", "JIT_OPERATION", "BO:2025-0001").Level);   // not a member
        Assert.Equal(AccessLevel.Hit, G("PE", Roles.Prosecutor, "BR", "JIT_OPERATION", "PE:1").Level);   // owner not a member
        Assert.Equal(AccessLevel.Hit, G("PE", Roles.Prosecutor, "CL", "JIT_OPERATION", "PE:1", new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero)).Level); // expired
        Assert.Same(Grant.Nothing, G("PE", Roles.DataProtectionOfficer, "CL", "JIT_OPERATION", "PE:1"));   // role not in the JIT
    }

    [Fact]
    public void Secretariat_gets_no_content_whatever_else_it_holds()
    {
        Assert.Same(Grant.Nothing, G("PE", Roles.Secretariat, "PE"));
        Assert.Same(Grant.Nothing, G("PE", Roles.Secretariat, "CL"));
        Assert.Same(Grant.Nothing, G("PE", Roles.Secretariat | Roles.Prosecutor, "PE"));
        Assert.Same(Grant.Nothing, G("PE", Roles.Secretariat | Roles.Prosecutor, "CL", "JIT_OPERATION", "PE:1"));
    }

    [Theory]
    [InlineData(Roles.DataProtectionOfficer)]
    [InlineData(Roles.Integrator)]
    [InlineData(Roles.Admin)]
    public void Data_protection_officers_integrators_and_admins_get_no_content(Roles role)
    {
        Assert.Same(Grant.Nothing, G("PE", role, "PE"));
        Assert.Same(Grant.Nothing, G("PE", role, "CL"));
    }

    [Fact]
    public void Unknown_owner_country_gets_nothing()
        => Assert.Same(Grant.Nothing, G("PE", Roles.Prosecutor, "XX"));
}
