using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Redtram.Gateway.Tests.Compliance.Harness;

namespace Redtram.Gateway.Tests.Compliance;

/// <summary>
/// Runs now (no trait): every compliance subgraph starts and answers <c>{ _service { sdl } }</c>, the served SDL
/// is the checked-in Fixtures/&lt;feature&gt;/&lt;subgraph&gt;.graphql, and supergraph.graphql was composed from exactly
/// those SDLs (its header carries their hash, written by tools/fixture-oracle).
/// </summary>
public sealed class SubgraphSdlTests
{
    private static readonly HttpClient Http = new();

    public static TheoryData<string> Features()
    {
        var data = new TheoryData<string>();
        foreach (var f in Feature.All)
            data.Add(f.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Features))]
    public async Task Subgraphs_serve_the_checked_in_sdl_and_supergraph_is_up_to_date(string featureName)
    {
        await using var run = await FeatureRun.StartSubgraphsAsync(Feature.Get(featureName));
        var served = new List<(string, string)>();
        foreach (var host in run.Subgraphs)
        {
            using var response = await Http.PostAsJsonAsync(host.Url, new { query = "{ _service { sdl } }" });
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Null(json["errors"]);
            var sdl = json["data"]!["_service"]!["sdl"]!.GetValue<string>();
            Assert.Equal(1, host.RequestCount);

            var file = Path.Combine(FixtureFiles.FeatureDir(featureName), host.Name + ".graphql");
            Assert.True(File.Exists(file), $"{file} is missing: run tools/fixture-oracle (npm run compose)");
            Assert.Equal(FixtureFiles.NormalizeSdl(File.ReadAllText(file)), FixtureFiles.NormalizeSdl(sdl));
            served.Add((host.Name, sdl));
        }

        var supergraph = File.ReadAllText(FixtureFiles.SupergraphPath(featureName));
        Assert.StartsWith(FixtureFiles.SourcesHeader + FixtureFiles.SourcesHash(served), supergraph);
        Assert.NotEmpty(FixtureFiles.CaseNames(featureName));
    }

    [Fact]
    public void Every_fixture_folder_belongs_to_a_feature()
    {
        var folders = Directory.GetDirectories(FixtureFiles.Root).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        Assert.Equal(Feature.All.Select(f => f.Name), folders);
    }

    [Fact]
    public void Every_case_file_has_a_query_and_an_expected_answer()
    {
        foreach (var feature in Feature.All)
            foreach (var name in FixtureFiles.CaseNames(feature.Name))
            {
                var file = FixtureFiles.ReadCase(feature.Name, name);
                Assert.False(string.IsNullOrWhiteSpace(file["query"]?.GetValue<string>()), $"{feature.Name}/{name}: query");
                Assert.True(file["expected"] is JsonObject, $"{feature.Name}/{name}: expected");
                Assert.True(file["apolloSubgraphRequests"] is JsonValue, $"{feature.Name}/{name}: apolloSubgraphRequests");
            }
    }
}
