using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Redtram.Gateway.Tests.Compliance.Harness;

/// <summary>A feature's subgraphs running on loopback, optionally with our gateway in front of them.</summary>
public sealed class FeatureRun : IAsyncDisposable
{
    private FeatureRun(Feature feature, IReadOnlyList<SubgraphHost> subgraphs)
    {
        Feature = feature;
        Subgraphs = subgraphs;
    }

    public Feature Feature { get; }
    public IReadOnlyList<SubgraphHost> Subgraphs { get; }
    public WebApplication? Gateway { get; private set; }
    public string? GatewayUrl { get; private set; }

    public int TotalSubgraphRequests => Subgraphs.Sum(s => s.RequestCount);

    public static async Task<FeatureRun> StartSubgraphsAsync(Feature feature)
    {
        var hosts = new List<SubgraphHost>();
        foreach (var name in feature.Subgraphs().Select(s => s.Name).ToList())
            hosts.Add(await SubgraphHost.StartAsync(() => feature.Subgraphs().Single(s => s.Name == name)));
        return new FeatureRun(feature, hosts);
    }

    public async Task StartGatewayAsync()
    {
        var app = GatewayApp.Build(new GatewayOptions
        {
            SupergraphPath = FixtureFiles.SupergraphPath(Feature.Name),
            SubgraphUrls = Subgraphs.ToDictionary(s => s.Name, s => s.Url),
            Urls = "http://127.0.0.1:0",
        });
        await app.StartAsync();
        Gateway = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        GatewayUrl = address.TrimEnd('/') + "/graphql";
    }

    public void ResetSubgraphs()
    {
        foreach (var s in Subgraphs)
            s.Reset();
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.StopAsync();
            await Gateway.DisposeAsync();
        }
        foreach (var s in Subgraphs)
            await s.DisposeAsync();
    }
}
