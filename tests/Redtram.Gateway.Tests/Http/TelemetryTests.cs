using System.Collections.Concurrent;
using System.Diagnostics;
using Redtram.Federation.Execution;

namespace Redtram.Gateway.Tests.Http;

/// <summary>Spans for request, validation, planning and each fetch, with no query text or variables in them.</summary>
public class TelemetryTests
{
    [Fact]
    public async Task Spans_cover_request_validate_plan_and_fetches_without_query_text()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FederationTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        await using var subgraphs = await ClassicSubgraphs.StartAsync();
        await using var gw = await RunningGateway.StartAsync(ClassicSubgraphs.SupergraphPath, subgraphs.Urls);
        const string marker = "telemetrySecretAlias";
        var (_, _, body) = await gw.PostAsync(
            "{\"query\":\"query TelemetryProbe($n: Int) { topProducts(first: $n) { " + marker + ": name shippingEstimate } }\",\"variables\":{\"n\":424242}}");
        Assert.Null(body["errors"]);
        Assert.Equal(100, (int)body["data"]!["topProducts"]![0]!["shippingEstimate"]!);

        var mine = spans.Where(s => s.GetTagItem("graphql.operation.name") as string == "TelemetryProbe").ToList();
        var request = Assert.Single(mine);
        Assert.Equal("graphql.request", request.OperationName);
        var children = spans.Where(s => s.TraceId == request.TraceId).ToList();
        Assert.Contains(children, s => s.OperationName == "graphql.validate");
        Assert.Contains(children, s => s.OperationName == "graphql.plan");
        var fetches = children.Where(s => s.OperationName == "graphql.fetch").Select(s => s.GetTagItem("graphql.subgraph.name") as string).OrderBy(s => s, StringComparer.Ordinal).ToList();
        Assert.Equal(["inventory", "products"], fetches);
        foreach (var span in children)
        {
            foreach (var tag in span.TagObjects)
            {
                Assert.DoesNotContain(marker, tag.Value?.ToString() ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain("424242", tag.Value?.ToString() ?? "", StringComparison.Ordinal);
            }
        }
    }
}
