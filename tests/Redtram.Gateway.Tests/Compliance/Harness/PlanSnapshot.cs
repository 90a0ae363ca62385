using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Federation.Execution;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>
/// The readable query plan of each case is kept next to it as <c>cases/&lt;case&gt;.plan.txt</c> and compared
/// exactly, so a plan change shows up as a diff in review. A missing snapshot is written to the source tree and
/// the test fails (outside CI) so that it is reviewed and committed; in CI a missing snapshot is a failure.
/// </summary>
public static class PlanSnapshot
{
    public static void Verify(WebApplication gateway, string feature, string caseName, string query, string? operationName)
    {
        var engine = gateway.Services.GetRequiredService<GatewayState>().Engine!;
        var (plan, errors) = engine.GetPlan(query, operationName);
        var actual = plan is null ? "errors: " + string.Join("; ", errors.Select(e => e.Message)) : plan.ToString();
        var path = Path.Combine(SourceFixturesDir(), feature, "cases", caseName + ".plan.txt");
        if (!File.Exists(path))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", $"The plan snapshot {path} is missing; run the tests locally and commit it.");
            File.WriteAllText(path, actual + "\n");
            Assert.Fail($"Wrote the plan snapshot {path}; review it, commit it and run again.");
        }

        var expected = File.ReadAllText(path).TrimEnd('\n');
        Assert.True(expected == actual, $"The plan of {feature}/{caseName} changed.\nexpected:\n{expected}\nactual:\n{actual}");
    }

    private static string SourceFixturesDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new InvalidOperationException("The repository root (Redtram.Federation.sln) was not found above the test output folder.")
            : Path.Combine(dir.FullName, "tests", "Redtram.Gateway.Tests", "Fixtures");
    }
}
