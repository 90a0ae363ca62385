using Redtram.Federation.Composition;
using Redtram.Federation.Execution;
using Redtram.Federation.Supergraph;
using Redtram.Gateway.Configuration;

namespace Redtram.Gateway;

/// <summary>
/// The supergraph in service and its engine. A new supergraph replaces the old one in a single swap, and only once
/// it has loaded; requests already running finish on the engine they started with.
/// </summary>
public sealed class GatewayState : IDisposable
{
    private readonly GatewayOptions _options;
    private volatile Current? _current;

    public GatewayState(GatewayOptions options) => _options = options;

    private sealed record Current(string Sdl, SupergraphDefinition Supergraph, FederationGateway Engine, HttpSubgraphClient Client);

    public FederationGateway? Engine => _current?.Engine;

    public SupergraphDefinition? Supergraph => _current?.Supergraph;

    public string? Sdl => _current?.Sdl;

    /// <summary>How many supergraphs have been put in service (1 after start-up).</summary>
    public int Version { get; private set; }

    /// <summary>Loads <paramref name="sdl"/> and puts it in service. Throws (and keeps the current one) when it cannot be used.</summary>
    public void Apply(string sdl)
    {
        var supergraph = SupergraphLoader.Load(sdl);
        var urls = GatewayApp.ResolveUrls(supergraph, _options.SubgraphUrls, _options.Partitions);
        var client = new HttpSubgraphClient(urls, _options.SubgraphTimeout);
        var engineOptions = _options.Partitions.Count == 0 ? _options.Engine : _options.Engine with
        {
            Partitions = new PartitionMap(
                _options.Partitions.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Keys]),
                _options.PartitionTimeout),
        };
        var engine = new FederationGateway(supergraph, client, engineOptions);
        var old = _current;
        _current = new Current(sdl, supergraph, engine, client);
        Version++;
        if (old is not null)
        {
            // Let requests that started on the old engine finish before closing its connections.
            _ = Task.Delay(TimeSpan.FromSeconds(60)).ContinueWith(_ => old.Client.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>Reads the configured source: the supergraph file, or the subgraphs composed together.</summary>
    public static async Task<string> ReadSourceAsync(GatewayOptions options, HttpClient http, CancellationToken ct)
    {
        if (options.SupergraphPath is { } file)
        {
            return await File.ReadAllTextAsync(file, ct).ConfigureAwait(false);
        }

        var config = SupergraphConfig.Load(options.SubgraphsConfigPath!);
        var sources = await config.LoadSubgraphsAsync(http, ct).ConfigureAwait(false);
        var result = Composer.Compose(sources);
        if (!result.Succeeded)
        {
            throw new CompositionFailedException(result.Errors);
        }

        return result.SupergraphSdl!;
    }

    public void Dispose() => _current?.Client.Dispose();
}

/// <summary>The subgraphs do not compose; <see cref="Errors"/> lists every problem.</summary>
public sealed class CompositionFailedException(IReadOnlyList<CompositionError> errors)
    : Exception("The subgraphs do not compose:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => $"  - {e.Code} [{string.Join(", ", e.Subgraphs)}] {string.Join(", ", e.Coordinates)}: {e.Message}")))
{
    public IReadOnlyList<CompositionError> Errors { get; } = errors;
}
