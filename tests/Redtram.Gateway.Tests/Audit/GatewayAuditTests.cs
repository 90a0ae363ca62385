using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Redtram.Gateway.Audit;
using Redtram.Gateway.Tests.Security;

namespace Redtram.Gateway.Tests.Audit;

/// <summary>Through the real gateway: one audit entry per authenticated GraphQL request, committed before the answer.</summary>
public sealed class GatewayAuditTests
{
    private const string PeUser = SecurityFixture.PeIssuer + "|prosecutor-7";

    [Fact]
    public async Task Every_answered_request_has_exactly_one_entry_with_its_fields()
    {
        await using var gw = await AuditedGateway.StartAsync();
        var token = gw.Token("PE", "prosecutor-7", "prosecutor");
        var before = DateTimeOffset.UtcNow;

        var answered = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var res = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            var body = JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
            Assert.Equal(3, body["data"]!["searchPersons"]!.AsArray().Count);
            answered.Add(AuditedGateway.RequestId(res));
        }

        // Authenticated but refused before execution: no declaration.
        using var undeclared = await gw.Client.SendAsync(AuditedGateway.Search(token, null));
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
        var rejectedId = AuditedGateway.RequestId(undeclared);

        // Authenticated, invalid document: the engine refuses it.
        const string invalid = "query Broken { nope }";
        using var broken = await gw.Client.SendAsync(AuditedGateway.Search(token, null, query: invalid));
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", (string?)JsonNode.Parse(await broken.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]);
        var brokenId = AuditedGateway.RequestId(broken);

        // Not authenticated: not audited (no user), but the request id is still returned.
        using var anonymous = await gw.Client.SendAsync(AuditedGateway.Search(null, "PE:2025-0001"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var anonymousId = AuditedGateway.RequestId(anonymous);
        var after = DateTimeOffset.UtcNow;

        var all = new[] { answered[0], answered[1], answered[2], rejectedId, brokenId, anonymousId };
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, id => Assert.Matches("^[0-9a-f]{32}(-[0-9a-f]{16})?$", id));

        var entries = await gw.EntriesAsync();
        Assert.Equal(5, entries.Count);
        Assert.Equal([1L, 2, 3, 4, 5], entries.Select(e => e.Sequence));
        Assert.All(entries, e => Assert.NotNull(e.Entry));
        var byId = entries.GroupBy(e => e.Entry!.RequestId).ToDictionary(g => g.Key, g => Assert.Single(g).Entry!);
        Assert.DoesNotContain(anonymousId, byId.Keys);

        var queryHash = RequestAuditor.DocumentHash(AuditedGateway.Query);
        foreach (var id in answered)
        {
            var e = byId[id];
            Assert.InRange(e.Time, before, after);
            Assert.Equal(PeUser, e.User);
            Assert.Equal("PE", e.Country);
            Assert.Equal("prosecutor", e.Role);
            Assert.Equal(AuditedGateway.Purpose, e.Purpose);
            Assert.Equal(AuditedGateway.LegalBasis, e.LegalBasis);
            Assert.Equal("PE:2025-0001", e.CaseReference);
            Assert.Equal(queryHash, e.OperationHash);
            Assert.Equal("FindPersons", e.OperationName);
            Assert.Equal(AuditOutcome.Answered, e.Outcome);
            Assert.Equal(
                ["BR SUMMARY OK 1", "CL SUMMARY OK 0", "PE RESTRICTED OK 2"],
                e.Countries.Select(c => $"{c.Country} {c.Level} {c.Status} {c.Records}").Order(StringComparer.Ordinal));
            Assert.Equal(
                ["BR: BR:1", "CL: ", "PE: PE:1,PE:2"],
                e.Countries.Select(c => $"{c.Country}: {string.Join(",", c.IdsDisclosed)}").Order(StringComparer.Ordinal));
        }

        var rejected = byId[rejectedId];
        Assert.Equal((PeUser, "PE", AuditOutcome.Rejected, queryHash, "FindPersons"), (rejected.User, rejected.Country, rejected.Outcome, rejected.OperationHash, rejected.OperationName));
        Assert.Null(rejected.Purpose);
        Assert.Null(rejected.LegalBasis);
        Assert.Null(rejected.CaseReference);
        Assert.Empty(rejected.Countries);

        var invalidEntry = byId[brokenId];
        Assert.Equal((AuditOutcome.Rejected, RequestAuditor.DocumentHash(invalid)), (invalidEntry.Outcome, invalidEntry.OperationHash));
        Assert.Empty(invalidEntry.Countries);

        await using var store = new SqliteAuditStore(gw.AuditPath);
        var verification = await AuditVerifier.VerifyAsync(store);
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(5, verification.Entries);
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_entry()
    {
        await using var gw = await AuditedGateway.StartAsync();
        var token = gw.Token("CL", "fiscal-3", "prosecutor", "analyst");
        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var res = await gw.Client.SendAsync(AuditedGateway.Search(token, "CL:RUC-1800123"));
            Assert.Equal(HttpStatusCode.OK, res.StatusCode);
            return AuditedGateway.RequestId(res);
        }));

        var entries = await gw.EntriesAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), entries.Select(e => e.Entry!.RequestId).Order(StringComparer.Ordinal));
        Assert.All(entries, e => Assert.Equal(("prosecutor,analyst", "CL", SecurityFixture.ClIssuer + "|fiscal-3"), (e.Entry!.Role, e.Entry.Country, e.Entry.User)));
        var stats = ((GroupCommitAuditLog)gw.Services.GetService(typeof(IAuditLog))!).Statistics;
        Assert.Equal(40, stats.Entries);
    }

    [Fact]
    public async Task When_the_log_cannot_commit_the_request_is_answered_503_without_data()
    {
        await using var gw = await AuditedGateway.StartAsync(auditTimeout: TimeSpan.FromMilliseconds(300));
        var token = gw.Token("PE", "prosecutor-7", "prosecutor");
        using (var warm = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001")))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // Another process holds the database's write lock (a backup tool, an operator's shell…).
        using (var holder = new SqliteConnection($"Data Source={gw.AuditPath};Pooling=False"))
        {
            holder.Open();
            using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                begin.ExecuteNonQuery();
            }

            var sw = Stopwatch.StartNew();
            using var res = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
            sw.Stop();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, res.StatusCode);
            Assert.Equal("5", res.Headers.RetryAfter?.ToString());
            var body = (JsonObject)JsonNode.Parse(await res.Content.ReadAsStringAsync())!;
            Assert.False(body.ContainsKey("data"));
            Assert.Equal("AUDIT_UNAVAILABLE", (string?)body["errors"]![0]!["extensions"]!["code"]);
            Assert.DoesNotContain("Ana", body.ToJsonString(), StringComparison.Ordinal);
            Assert.InRange(sw.ElapsedMilliseconds, 250, 5000);

            // A refusal is not answered either while the log is stuck.
            using var undeclared = await gw.Client.SendAsync(AuditedGateway.Search(token, null));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, undeclared.StatusCode);

            using var rollback = holder.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            rollback.ExecuteNonQuery();
        }

        using var again = await gw.Client.SendAsync(AuditedGateway.Search(token, "PE:2025-0001"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var entries = await gw.EntriesAsync();
        Assert.Contains(entries, e => e.Entry!.RequestId == AuditedGateway.RequestId(again));
        await using var store = new SqliteAuditStore(gw.AuditPath);
        Assert.True((await AuditVerifier.VerifyAsync(store)).Intact);
    }

    [Fact]
    public async Task Every_response_carries_a_request_id()
    {
        await using var gw = await AuditedGateway.StartAsync();
        using var health = await gw.Client.GetAsync("/health");
        using var get = await gw.Client.GetAsync("/graphql?query=%7B__typename%7D");
        Assert.Equal(HttpStatusCode.Unauthorized, get.StatusCode);
        Assert.NotEqual(AuditedGateway.RequestId(health), AuditedGateway.RequestId(get));
    }

    [Fact]
    public void Request_ids_are_the_trace_id_unique_per_request_or_a_guid()
    {
        Assert.Matches("^[0-9a-f]{32}$", RequestIds.Create(null));
        using var root = new Activity("root").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.Equal(root.TraceId.ToHexString(), RequestIds.Create(root));
        root.Stop();

        // A trace begun by the caller: its trace id is shared by its other calls, so the span id is added.
        using var child = new Activity("child").SetIdFormat(ActivityIdFormat.W3C)
            .SetParentId("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").Start();
        Assert.Equal("0af7651916cd43dd8448eb211c80319c-" + child.SpanId.ToHexString(), RequestIds.Create(child));
    }

    [Fact]
    public void Audit_options_are_checked_at_start_up()
    {
        var noAudit = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = Http.ClassicSubgraphs.SupergraphPath,
            PolicyDirectory = SecurityFixture.CheckedInPolicyDir,
            NoAudit = true,
        }));
        Assert.Contains("--no-audit is not allowed with a policy", noAudit.Message, StringComparison.Ordinal);

        var withoutPolicy = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = Http.ClassicSubgraphs.SupergraphPath,
            Audit = new AuditOptions { SqlitePath = "x.db" },
        }));
        Assert.Contains("need a policy", withoutPolicy.Message, StringComparison.Ordinal);

        var missingDir = Path.Combine(Path.GetTempPath(), "redtram-no-such-dir-" + Guid.NewGuid().ToString("N"), "audit.db");
        var unopenable = Assert.Throws<GatewayConfigException>(() => GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = Http.ClassicSubgraphs.SupergraphPath,
            PolicyDirectory = SecurityFixture.CheckedInPolicyDir,
            Audit = new AuditOptions { SqlitePath = missingDir },
        }));
        Assert.Contains($"The audit log cannot be opened (SQLite file '{missingDir}'", unopenable.Message, StringComparison.Ordinal);
    }
}
