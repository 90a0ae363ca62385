using Redtram.Cli;
using Redtram.Federation.Tests.Composition;

namespace Redtram.Cli.Tests;

/// <summary>Runs the <c>redtram compose</c> handler in-process.</summary>
public class ComposeCommandTests
{
    private static async Task<(int Code, string Out, string Err)> Run(string config, string? output, string? check)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await ComposeCommand.RunAsync(config, output, check, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static string Cli(string file) => Path.Combine(FixturePaths.FixturesRoot, "_cli", file);

    [Fact]
    public async Task ComposesConfigAndChecksIt()
    {
        var outFile = Path.Combine(Path.GetTempPath(), $"redtram-{Guid.NewGuid():N}.graphql");
        try
        {
            var (code, _, err) = await Run(Cli("supergraph.yaml"), outFile, null);
            Assert.True(code == 0, err);
            var expected = File.ReadAllText(Path.Combine(FixturePaths.FixturesRoot, "basic-entities", "expected.supergraph.graphql"));
            var (missing, extra) = SupergraphComparer.Diff(expected, File.ReadAllText(outFile));
            Assert.Empty(missing);
            Assert.Empty(extra);

            Assert.Equal(0, (await Run(Cli("supergraph.yaml"), null, outFile)).Code);
            File.AppendAllText(outFile, "\ntype Extra { x: Int }\n");
            var (checkCode, _, checkErr) = await Run(Cli("supergraph.yaml"), null, outFile);
            Assert.Equal(1, checkCode);
            Assert.Contains("differs", checkErr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(outFile);
        }
    }

    [Fact]
    public async Task ReportsErrorsWithCodeSubgraphsAndCoordinate()
    {
        var (code, _, err) = await Run(Cli("broken.yaml"), null, null);
        Assert.Equal(1, code);
        Assert.Contains("INVALID_FIELD_SHARING [a, b] Product.name:", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigIsAnError()
    {
        var (code, _, err) = await Run(Cli("does-not-exist.yaml"), null, null);
        Assert.NotEqual(0, code);
        Assert.Contains("error", err, StringComparison.Ordinal);
    }
}
