namespace Redtram.Gateway;

/// <summary>Options for building the gateway host in-process (tests, benchmarks) or from the command line.</summary>
public sealed record GatewayOptions
{
    /// <summary>Path of the supergraph SDL file to serve.</summary>
    public required string SupergraphPath { get; init; }

    /// <summary>Subgraph name → URL overrides of the <c>join__graph(url:)</c> values.</summary>
    public IReadOnlyDictionary<string, string> SubgraphUrls { get; init; } = new Dictionary<string, string>();

    /// <summary>URLs to listen on, e.g. <c>http://127.0.0.1:0</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:4000";

    /// <summary>Per-subgraph request timeout.</summary>
    public TimeSpan SubgraphTimeout { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>Builds the gateway web application.</summary>
public static class GatewayApp
{
    /// <summary>Builds (does not start) the gateway for the given options.</summary>
    public static WebApplication Build(GatewayOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        return app;
    }
}
