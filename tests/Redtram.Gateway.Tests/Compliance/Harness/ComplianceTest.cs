using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>Starts a feature's subgraphs and our gateway once per test class.</summary>
public sealed class ComplianceFixture<TFeature> : IAsyncLifetime where TFeature : Feature, new()
{
    public FeatureRun Run { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Run = await FeatureRun.StartSubgraphsAsync(new TFeature());
        await Run.StartGatewayAsync();
    }

    public async Task DisposeAsync() => await Run.DisposeAsync();
}

/// <summary>
/// Base of the per-feature compliance test classes: sends each case of Fixtures/&lt;feature&gt;/cases to our
/// gateway, compares the answer (see <see cref="JsonMatch"/>) and checks that the gateway made no more
/// subgraph requests than Apollo Gateway did.
/// </summary>
public abstract class ComplianceTest<TFeature>(ComplianceFixture<TFeature> fixture, ITestOutputHelper output)
    : IClassFixture<ComplianceFixture<TFeature>> where TFeature : Feature, new()
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected static TheoryData<string> CasesOf(string feature)
    {
        var data = new TheoryData<string>();
        foreach (var name in FixtureFiles.CaseNames(feature))
            data.Add(name);
        return data;
    }

    protected async Task RunCase(string caseName)
    {
        var run = fixture.Run;
        var file = FixtureFiles.ReadCase(run.Feature.Name, caseName);
        run.ResetSubgraphs();

        var body = new JsonObject { ["query"] = file["query"]!.GetValue<string>() };
        if (file["variables"] is JsonNode variables)
            body["variables"] = variables.DeepClone();
        using var response = await Http.PostAsJsonAsync(run.GatewayUrl, body);
        var text = await response.Content.ReadAsStringAsync();
        output.WriteLine($"gateway answered {(int)response.StatusCode}: {text}");

        JsonObject? actual;
        try
        {
            actual = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            actual = null;
        }
        Assert.True(actual is not null, $"gateway answered {(int)response.StatusCode} without a JSON object: {text}");
        var expected = file["expected"]!.AsObject();
        var mismatch = JsonMatch.Compare(expected, actual!);
        Assert.True(mismatch is null, $"{mismatch}\nexpected: {expected.ToJsonString()}\nactual:   {text}");

        PlanSnapshot.Verify(run.Gateway!, run.Feature.Name, caseName, file["query"]!.GetValue<string>(), file["operationName"]?.GetValue<string>());

        var apollo = file["apolloSubgraphRequests"]?.GetValue<int>();
        if (apollo is int limit)
            Assert.True(run.TotalSubgraphRequests <= limit,
                $"gateway made {run.TotalSubgraphRequests} subgraph requests, Apollo Gateway made {limit}");
    }
}
