using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>Access to Fixtures/&lt;feature&gt;/ (copied next to the test assembly).</summary>
public static class FixtureFiles
{
    public const string SourcesHeader = "# redtram-fixture-sources: sha256=";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public static string FeatureDir(string feature) => Path.Combine(Root, feature);

    public static string SupergraphPath(string feature) => Path.Combine(FeatureDir(feature), "supergraph.graphql");

    public static IEnumerable<string> CaseNames(string feature)
    {
        var dir = Path.Combine(FeatureDir(feature), "cases");
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.json").Select(Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)
            : [];
    }

    public static JsonObject ReadCase(string feature, string name)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(FeatureDir(feature), "cases", name + ".json")))!.AsObject();

    /// <summary>Normalised SDL: CRLF to LF, trailing blanks trimmed, blank lines dropped.</summary>
    public static string NormalizeSdl(string sdl)
        => string.Join("\n", sdl.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    /// <summary>Hash of the subgraph SDLs a supergraph was composed from (same algorithm as tools/fixture-oracle).</summary>
    public static string SourcesHash(IEnumerable<(string Name, string Sdl)> subgraphs)
    {
        var text = new StringBuilder();
        foreach (var (name, sdl) in subgraphs.OrderBy(s => s.Name, StringComparer.Ordinal))
            text.Append(name).Append('\n').Append(NormalizeSdl(sdl)).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
