using System.Net;
using System.Text.Json.Nodes;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>
/// The read endpoints on a log written by the gateway: PE's DPO lists accesses to PE's data, a contact point (or DPO)
/// sees the hits on its country's data and the owner-notification feed, the secretariat sees counts only. Everyone
/// else is refused.
/// </summary>
public sealed class AuditEndpointTests : IAsyncLifetime
{
    private AuditedGateway _gw = null!;
    private readonly List<string> _peSearches = [];
    private string _clSearch = "";
    private string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _gw = await AuditedGateway.StartAsync();

        // Two searches by a PE prosecutor, one by a CL prosecutor. Each asks PE (2 records), CL (0) and BR (1).
        var pe = _gw.Token("PE", "prosecutor-7", "prosecutor");
        for (var i = 0; i < 2; i++)
        {
            using var res = await _gw.Client.SendAsync(AuditedGateway.Search(pe, "PE:2025-0001"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            _peSearches.Add(AuditedGateway.RequestId(res));
        }

        using var cl = await _gw.Client.SendAsync(AuditedGateway.Search(_gw.Token("CL", "fiscal-3", "prosecutor"), "CL:RUC-1800123"));
        Assert.Equal(HttpStatusCode.OK, cl.StatusCode);
        _clSearch = AuditedGateway.RequestId(cl);
    }

    public async Task DisposeAsync() => await _gw.DisposeAsync();

    private static void AssertError(int expectedStatus, string code, (int Status, JsonObject Body, HttpResponseMessage Response) r, string? message = null)
    {
        Assert.True(expectedStatus == r.Status, $"expected {expectedStatus}, got {r.Status}: {r.Body.ToJsonString()}");
        Assert.Equal(code, (string?)r.Body["error"]!["code"]);
        if (message is not null)
        {
            Assert.Equal(message, (string?)r.Body["error"]!["message"]);
        }

        Assert.False(r.Body.ContainsKey("items"));
        Assert.False(r.Body.ContainsKey("rows"));
    }

    [Fact]
    public async Task The_owner_dpo_lists_every_access_to_its_country_data_and_nobody_else_may()
    {
        var dpo = _gw.Token("PE", "dpo-1", "data-protection-officer");
        var r = await _gw.GetAsync("/audit/accesses?country=PE", dpo);
        Assert.Equal(200, r.Status);
        Assert.Equal("application/json", r.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PE", (string?)r.Body["country"]);
        Assert.Null(r.Body["next"]);
        var items = r.Body["items"]!.AsArray();
        Assert.Equal([.. _peSearches, _clSearch], items.Select(i => (string)i!["requestId"]!));
        var cl = items[2]!.AsObject();
        Assert.Equal(
            ["sequence", "time", "requestId", "user", "requestingCountry", "role", "purpose", "legalBasis", "caseReference", "operationHash", "operationName", "level", "status", "records", "ids"],
            cl.Select(p => p.Key));
        Assert.Equal(3, (long)cl["sequence"]!);
        Assert.Equal(Security.SecurityFixture.ClIssuer + "|fiscal-3", (string?)cl["user"]);
        Assert.Equal("CL", (string?)cl["requestingCountry"]);
        Assert.Equal("prosecutor", (string?)cl["role"]);
        Assert.Equal(AuditedGateway.Purpose, (string?)cl["purpose"]);
        Assert.Equal(AuditedGateway.LegalBasis, (string?)cl["legalBasis"]);
        Assert.Equal("CL:RUC-1800123", (string?)cl["caseReference"]);
        Assert.Equal(Gateway.Audit.RequestAuditor.DocumentHash(AuditedGateway.Query), (string?)cl["operationHash"]);
        Assert.Equal("FindPersons", (string?)cl["operationName"]);
        Assert.Equal(("SUMMARY", "OK", 2), ((string?)cl["level"], (string?)cl["status"], (int)cl["records"]!));
        Assert.Equal(["PE:1", "PE:2"], cl["ids"]!.AsArray().Select(x => (string)x!));
        Assert.EndsWith("Z", (string?)cl["time"], StringComparison.Ordinal);

        // Paging: size and after.
        var first = await _gw.GetAsync("/audit/accesses?country=PE&size=2", dpo);
        Assert.Equal(2, first.Body["items"]!.AsArray().Count);
        var next = (long)first.Body["next"]!;
        Assert.Equal(2, next);
        var rest = await _gw.GetAsync($"/audit/accesses?country=PE&size=2&after={next}", dpo);
        Assert.Equal([_clSearch], rest.Body["items"]!.AsArray().Select(i => (string)i!["requestId"]!));
        Assert.Null(rest.Body["next"]);

        // Time window: [from, to); a date as 'to' includes the day.
        Assert.Equal(3, (await _gw.GetAsync($"/audit/accesses?country=PE&from={Today}&to={Today}", dpo)).Body["items"]!.AsArray().Count);
        var future = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Empty((await _gw.GetAsync($"/audit/accesses?country=PE&from={future}", dpo)).Body["items"]!.AsArray());
        Assert.Equal(3, (await _gw.GetAsync($"/audit/accesses?country=PE&from={Today}T00:00:00Z&to={future}T00:00:00%2B00:00", dpo)).Body["items"]!.AsArray().Count);

        // Only PE's DPO.
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/accesses?country=PE", _gw.Token("CL", "dpo-2", "data-protection-officer")),
            "Only a data-protection-officer of PE may list the accesses to PE's data.");
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/accesses?country=PE", _gw.Token("PE", "prosecutor-7", "prosecutor")));
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/accesses?country=PE", _gw.Token("PE", "cp-1", "contact-point")));
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/accesses?country=PE", _gw.Token("PE", "sec-1", "secretariat")));
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/accesses?country=CL", dpo));
        var anonymous = await _gw.GetAsync("/audit/accesses?country=PE", null);
        AssertError(401, "UNAUTHENTICATED", anonymous);
        Assert.Equal("Bearer realm=\"redtram\"", anonymous.Response.Headers.WwwAuthenticate.ToString());
        AssertError(401, "UNAUTHENTICATED", await _gw.GetAsync("/audit/accesses?country=PE", dpo[..^4] + "AAAA"));

        // Bad parameters.
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses", dpo), "The 'country' parameter (ISO 3166-1 alpha-2, e.g. country=PE) is required.");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=XX", dpo), "'country' must be a REDTRAM member country code of the policy (e.g. PE).");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&country=CL", dpo), "'country' is given more than once.");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&from=yesterday", dpo),
            "'from' must be a date (YYYY-MM-DD) or an ISO 8601 instant with Z or an offset (e.g. 2026-03-02T09:00:00Z).");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&from=2026-03-02T09:00:00", dpo));
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync($"/audit/accesses?country=PE&from={future}&to={Today}", dpo), "'from' must be before 'to'.");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&size=0", dpo), "'size' must be a whole number from 1 to 1000.");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&size=1001", dpo));
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/accesses?country=PE&after=-1", dpo), "'after' must be a sequence number (the 'next' of the previous page).");
    }

    [Fact]
    public async Task A_contact_point_sees_the_hits_on_its_country_data()
    {
        var brContact = _gw.Token("BR", "cp-br", "contact-point");
        var hits = await _gw.GetAsync("/audit/hits?country=BR", brContact);
        Assert.Equal(200, hits.Status);
        var items = hits.Body["items"]!.AsArray();
        Assert.Equal([.. _peSearches, _clSearch], items.Select(i => (string)i!["requestId"]!));
        Assert.All(items, i => Assert.Equal(1, (int)i!["records"]!));

        Assert.Equal(200, (await _gw.GetAsync("/audit/hits?country=BR", _gw.Token("BR", "dpo-br", "data-protection-officer"))).Status);
        Assert.Empty((await _gw.GetAsync("/audit/hits?country=CL", _gw.Token("CL", "cp-cl", "contact-point"))).Body["items"]!.AsArray());

        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/hits?country=BR", _gw.Token("PE", "cp-pe", "contact-point")),
            "Only a data-protection-officer or contact-point of BR may see the hits on BR's data.");
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/hits?country=BR", _gw.Token("BR", "p-br", "prosecutor")));
        AssertError(401, "UNAUTHENTICATED", await _gw.GetAsync("/audit/hits?country=BR", null));
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/hits?country=BR&size=abc", brContact));
    }

    [Fact]
    public async Task The_notification_feed_lists_other_countries_hits_on_the_owner_data_metadata_only()
    {
        var brContact = _gw.Token("BR", "cp-br", "contact-point");
        var br = await _gw.GetAsync("/audit/notifications?country=BR", brContact);
        Assert.Equal(200, br.Status);
        var items = br.Body["items"]!.AsArray();
        Assert.Equal([.. _peSearches, _clSearch], items.Select(i => (string)i!["requestId"]!));
        var first = items[0]!.AsObject();
        Assert.Equal(["sequence", "time", "requestId", "requestingCountry", "role", "purpose", "caseReference", "records", "level"], first.Select(p => p.Key));
        Assert.Equal((1L, "PE", "prosecutor", AuditedGateway.Purpose, "PE:2025-0001", 1, "SUMMARY"),
            ((long)first["sequence"]!, (string?)first["requestingCountry"], (string?)first["role"], (string?)first["purpose"], (string?)first["caseReference"], (int)first["records"]!, (string?)first["level"]));

        // PE's own searches of PE's data are not notifications; CL's search with a hit on PE is.
        var pe = await _gw.GetAsync("/audit/notifications?country=PE", _gw.Token("PE", "dpo-1", "data-protection-officer"));
        Assert.Equal([_clSearch], pe.Body["items"]!.AsArray().Select(i => (string)i!["requestId"]!));
        Assert.Equal(2, (int)pe.Body["items"]![0]!["records"]!);

        // after: only what is new.
        Assert.Equal([_clSearch], (await _gw.GetAsync("/audit/notifications?country=BR&after=2", brContact)).Body["items"]!.AsArray().Select(i => (string)i!["requestId"]!));
        Assert.Empty((await _gw.GetAsync("/audit/notifications?country=BR&after=3", brContact)).Body["items"]!.AsArray());

        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/notifications?country=BR", _gw.Token("PE", "prosecutor-7", "prosecutor")));
        AssertError(403, "FORBIDDEN", await _gw.GetAsync("/audit/notifications?country=BR", _gw.Token("BR", "sec", "secretariat")));
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync($"/audit/notifications?country=BR&from={Today}", brContact));
    }

    [Fact]
    public async Task The_secretariat_sees_usage_counts_only()
    {
        var secretariat = _gw.Token("PE", "sec-1", "secretariat");
        var usage = await _gw.GetAsync($"/audit/usage?from={Today}&to={Today}", secretariat);
        Assert.Equal(200, usage.Status);
        Assert.Equal((Today, Today), ((string?)usage.Body["from"], (string?)usage.Body["to"]));
        var rows = usage.Body["rows"]!.AsArray().Select(r => r!.ToJsonString()).ToList();
        Assert.Equal(
        [
            """{"requestingCountry":"CL","owningCountry":"BR","operation":"FindPersons","requests":1,"hits":1,"records":1}""",
            """{"requestingCountry":"CL","owningCountry":"CL","operation":"FindPersons","requests":1,"hits":0,"records":0}""",
            """{"requestingCountry":"CL","owningCountry":"PE","operation":"FindPersons","requests":1,"hits":1,"records":2}""",
            """{"requestingCountry":"PE","owningCountry":"BR","operation":"FindPersons","requests":2,"hits":2,"records":2}""",
            """{"requestingCountry":"PE","owningCountry":"CL","operation":"FindPersons","requests":2,"hits":0,"records":0}""",
            """{"requestingCountry":"PE","owningCountry":"PE","operation":"FindPersons","requests":2,"hits":2,"records":4}""",
        ], rows);
        Assert.DoesNotContain("prosecutor-7", usage.Body.ToJsonString(), StringComparison.Ordinal);

        AssertError(403, "FORBIDDEN", await _gw.GetAsync($"/audit/usage?from={Today}&to={Today}", _gw.Token("PE", "dpo-1", "data-protection-officer")),
            "Only the secretariat may read the usage figures.");
        AssertError(401, "UNAUTHENTICATED", await _gw.GetAsync($"/audit/usage?from={Today}&to={Today}", null));
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync($"/audit/usage?to={Today}", secretariat), "'from' is required, as a date YYYY-MM-DD (UTC days, both included).");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/usage?from=2026-03-05&to=2026-03-04", secretariat), "'to' must be on or after 'from', at most 366 days in all.");
        AssertError(400, "BAD_REQUEST", await _gw.GetAsync("/audit/usage?from=2025-01-01&to=2026-03-04", secretariat));
    }
}
