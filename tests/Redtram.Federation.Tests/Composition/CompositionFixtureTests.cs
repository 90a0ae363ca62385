using System.Text.Json;
using Redtram.Federation.Composition;

namespace Redtram.Federation.Tests.Composition;

/// <summary>Composes every fixture and compares with the output of @apollo/composition 2.14
/// (tools/composition-reference): the supergraph semantically, or the set of error codes.</summary>
public class CompositionFixtureTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in FixturePaths.Cases())
        {
            data.Add(c);
        }

        return data;
    }

    internal static List<SubgraphSource> LoadSubgraphs(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "subgraphs"), "*.graphql")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f =>
            {
                var name = Path.GetFileNameWithoutExtension(f);
                return new SubgraphSource(name, $"http://{name}.example/graphql", File.ReadAllText(f));
            })
            .ToList();

    [Fact]
    public void ThereAreAtLeastTwentyFixtures() => Assert.True(FixturePaths.Cases().Count() >= 20);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(string name)
    {
        var dir = Path.Combine(FixturePaths.FixturesRoot, name);
        var result = Composer.Compose(LoadSubgraphs(dir));
        var expectedSupergraph = Path.Combine(dir, "expected.supergraph.graphql");
        var expectedErrors = Path.Combine(dir, "expected.errors.json");
        if (File.Exists(expectedSupergraph))
        {
            Assert.True(result.Succeeded, "composition failed:\n" + string.Join("\n", result.Errors));
            var (missing, extra) = SupergraphComparer.Diff(File.ReadAllText(expectedSupergraph), result.SupergraphSdl!);
            Assert.True(missing.Count == 0 && extra.Count == 0, $"missing:\n  {string.Join("\n  ", missing)}\nextra:\n  {string.Join("\n  ", extra)}");
        }
        else
        {
            Assert.True(File.Exists(expectedErrors), $"fixture {name} has no expected output: run tools/composition-reference");
            using var json = JsonDocument.Parse(File.ReadAllText(expectedErrors));
            var expectedCodes = json.RootElement.EnumerateArray().Select(e => e.GetProperty("code").GetString()!).ToHashSet();
            Assert.False(result.Succeeded);
            var actualCodes = result.Errors.Select(e => e.Code).ToHashSet();
            Assert.True(expectedCodes.SetEquals(actualCodes), $"expected codes [{string.Join(", ", expectedCodes)}] but got:\n{string.Join("\n", result.Errors)}");
            Assert.All(result.Errors, e => Assert.NotEmpty(e.Subgraphs));
        }
    }

    [Fact]
    public void NeverThrowsOnGarbage()
    {
        foreach (var sdl in new[] { "", "type {", "type Query { a: Nope }", "extend schema @link(url: 42)", "type Query @key(fields: \"{{\") { a: Int }", "scalar", "directive @x on" })
        {
            var r = Composer.Compose([new SubgraphSource("a", "http://a", sdl)]);
            Assert.False(r.Succeeded);
            Assert.NotEmpty(r.Errors);
        }
    }
}
