using System.Net.Http.Json;
using System.Text.Json;
using Redtram.Federation.Composition;
using YamlDotNet.RepresentationModel;

namespace Redtram.Gateway.Configuration;

/// <summary>One subgraph entry of a rover-style supergraph.yaml.</summary>
public sealed record SubgraphConfigEntry(string Name, string? RoutingUrl, string? File, string? SubgraphUrl, string? Sdl);

/// <summary>A rover-style supergraph config: <c>federation_version</c> and <c>subgraphs</c>
/// (name → <c>routing_url</c>, <c>schema: { file | subgraph_url | sdl }</c>). Relative files resolve against the config's folder.</summary>
public sealed class SupergraphConfig
{
    public string? FederationVersion { get; init; }

    public required string BaseDirectory { get; init; }

    public IReadOnlyList<SubgraphConfigEntry> Subgraphs { get; init; } = [];

    public static SupergraphConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        var yaml = new YamlStream();
        using (var reader = new StreamReader(full))
        {
            yaml.Load(reader);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigException($"{path}: expected a YAML mapping with `federation_version` and `subgraphs`.");
        }

        var subgraphs = new List<SubgraphConfigEntry>();
        if (Child(root, "subgraphs") is not YamlMappingNode sgNode)
        {
            throw new ConfigException($"{path}: missing `subgraphs:` mapping (name → routing_url / schema).");
        }

        foreach (var (key, value) in sgNode.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            if (value is not YamlMappingNode entry)
            {
                throw new ConfigException($"{path}: subgraph `{name}` must be a mapping with `routing_url` and `schema`.");
            }

            var schema = Child(entry, "schema") as YamlMappingNode;
            var e = new SubgraphConfigEntry(
                name,
                Scalar(entry, "routing_url"),
                schema is null ? null : Scalar(schema, "file"),
                schema is null ? null : Scalar(schema, "subgraph_url"),
                schema is null ? null : Scalar(schema, "sdl"));
            if (e.File is null && e.SubgraphUrl is null && e.Sdl is null)
            {
                throw new ConfigException($"{path}: subgraph `{name}` needs `schema:` with `file:`, `subgraph_url:` or `sdl:`.");
            }

            subgraphs.Add(e);
        }

        return new SupergraphConfig
        {
            FederationVersion = Scalar(root, "federation_version"),
            BaseDirectory = Path.GetDirectoryName(full) ?? Directory.GetCurrentDirectory(),
            Subgraphs = subgraphs,
        };
    }

    /// <summary>Reads every subgraph's SDL (file, inline, or <c>{ _service { sdl } }</c> over HTTP).</summary>
    public async Task<List<SubgraphSource>> LoadSubgraphsAsync(HttpClient http, CancellationToken ct)
    {
        var list = new List<SubgraphSource>();
        foreach (var s in Subgraphs)
        {
            string sdl;
            if (s.Sdl is not null)
            {
                sdl = s.Sdl;
            }
            else if (s.File is not null)
            {
                var file = Path.IsPathRooted(s.File) ? s.File : Path.Combine(BaseDirectory, s.File);
                if (!System.IO.File.Exists(file))
                {
                    throw new ConfigException($"subgraph `{s.Name}`: schema file not found: {file}");
                }

                sdl = await System.IO.File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
            }
            else
            {
                sdl = await FetchSdlAsync(http, s.Name, s.SubgraphUrl!, ct).ConfigureAwait(false);
            }

            list.Add(new SubgraphSource(s.Name, s.RoutingUrl ?? s.SubgraphUrl, sdl));
        }

        return list;
    }

    private static async Task<string> FetchSdlAsync(HttpClient http, string name, string url, CancellationToken ct)
    {
        try
        {
            using var response = await http.PostAsJsonAsync(url, new { query = "{ _service { sdl } }" }, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConfigException($"subgraph `{name}`: {url} answered HTTP {(int)response.StatusCode} to {{ _service {{ sdl }} }}.");
            }

            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("_service", out var svc) && svc.ValueKind == JsonValueKind.Object
                && svc.TryGetProperty("sdl", out var sdl) && sdl.ValueKind == JsonValueKind.String)
            {
                return sdl.GetString()!;
            }

            throw new ConfigException($"subgraph `{name}`: {url} did not return data._service.sdl (is it a federation subgraph?).");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            throw new ConfigException($"subgraph `{name}`: could not read the SDL from {url}: {ex.Message}");
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode s ? s.Value : null;
}

public sealed class ConfigException(string message) : Exception(message);
