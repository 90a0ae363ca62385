using System.Diagnostics;
using System.Reflection;

namespace Redtram.Federation.Tests.Composition;

/// <summary>Runs the <c>redtram compose</c> handler in-process. The test project does not reference the CLI project
/// (its csproj is not ours to change), so the CLI assembly is built if needed and loaded from its output folder.</summary>
public class ComposeCommandTests
{
    private static readonly Lazy<MethodInfo> Handler = new(LoadHandler);

    private static MethodInfo LoadHandler()
    {
        var root = FixturePaths.RepoRoot;
        var project = Path.Combine(root, "gateway", "Redtram.Cli");
        var dll = Path.Combine(project, "bin", "Release", "net10.0", "redtram.dll");
        var newestSource = Directory.GetFiles(project, "*.cs").Concat(Directory.GetFiles(Path.Combine(root, "gateway", "Redtram.Federation", "Composition"), "*.cs"))
            .Max(File.GetLastWriteTimeUtc);
        if (!File.Exists(dll) || File.GetLastWriteTimeUtc(dll) < newestSource)
        {
            var psi = new ProcessStartInfo("dotnet", ["build", project, "-c", "Release", "-nologo", "-v", "q"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, "building the CLI failed:\n" + output.Result + error.Result);
        }

        var asm = Assembly.LoadFrom(dll);
        return asm.GetType("Redtram.Cli.ComposeCommand", throwOnError: true)!.GetMethod("RunAsync")!;
    }

    private static async Task<(int Code, string Out, string Err)> Run(string config, string? output, string? check)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var task = (Task<int>)Handler.Value.Invoke(null, [config, output, check, stdout, stderr, CancellationToken.None])!;
        var code = await task;
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
