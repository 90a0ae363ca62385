using System.Text.Json;
using Redtram.Gateway.Tests.Compliance.Harness;

namespace Redtram.Gateway.Tests.Compliance;

/// <summary>
/// Entry point for tools/fixture-oracle: with REDTRAM_ORACLE_DIR set, starts the subgraphs of every feature
/// (or of REDTRAM_ORACLE_FEATURES, comma separated), writes their URLs to $REDTRAM_ORACLE_DIR/urls.json and
/// serves until the file $REDTRAM_ORACLE_DIR/stop appears. Without the variable it does nothing.
/// </summary>
public sealed class OracleHost
{
    [Fact]
    [Trait("Category", "OracleHost")]
    public async Task Serve_subgraphs_for_the_fixture_oracle()
    {
        var dir = Environment.GetEnvironmentVariable("REDTRAM_ORACLE_DIR");
        if (string.IsNullOrEmpty(dir))
            return;
        var only = Environment.GetEnvironmentVariable("REDTRAM_ORACLE_FEATURES")?.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var runs = new List<FeatureRun>();
        try
        {
            var urls = new Dictionary<string, Dictionary<string, string>>();
            foreach (var feature in Feature.All.Where(f => only is null || only.Contains(f.Name)))
            {
                var run = await FeatureRun.StartSubgraphsAsync(feature);
                runs.Add(run);
                urls[feature.Name] = run.Subgraphs.ToDictionary(s => s.Name, s => s.Url);
            }
            var tmp = Path.Combine(dir, "urls.json.tmp");
            await File.WriteAllTextAsync(tmp, JsonSerializer.Serialize(urls));
            File.Move(tmp, Path.Combine(dir, "urls.json"), overwrite: true);
            var deadline = DateTime.UtcNow.AddMinutes(60);
            while (!File.Exists(Path.Combine(dir, "stop")) && DateTime.UtcNow < deadline)
                await Task.Delay(200);
        }
        finally
        {
            foreach (var run in runs)
                await run.DisposeAsync();
        }
    }
}
