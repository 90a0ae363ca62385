namespace Redtram.Federation.Tests.Composition;

/// <summary>Locates the composition fixtures in the source tree (they are not copied to the output folder).</summary>
public static class FixturePaths
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Could not find Redtram.Federation.sln above " + AppContext.BaseDirectory);
        }
    }

    public static string FixturesRoot => Path.Combine(RepoRoot, "tests", "Redtram.Federation.Tests", "Composition", "Fixtures");

    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(FixturesRoot).Where(d => Directory.Exists(Path.Combine(d, "subgraphs"))).Select(Path.GetFileName).OfType<string>().OrderBy(x => x, StringComparer.Ordinal);
}
