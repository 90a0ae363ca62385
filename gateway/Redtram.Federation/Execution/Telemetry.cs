using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Redtram.Federation.Execution;

/// <summary>The engine's one ActivitySource and Meter. Spans never carry query text or variables.</summary>
public static class FederationTelemetry
{
    public const string Name = "Redtram.Federation";

    public static readonly ActivitySource Source = new(Name, "1.0.0");

    public static readonly Meter Meter = new(Name, "1.0.0");

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("redtram.gateway.requests", description: "GraphQL requests executed.");

    public static readonly Counter<long> SubgraphFetches = Meter.CreateCounter<long>("redtram.gateway.subgraph.fetches", description: "Requests sent to subgraphs.");

    public static readonly Histogram<double> FetchDuration = Meter.CreateHistogram<double>("redtram.gateway.subgraph.duration", unit: "ms", description: "Subgraph request latency.");

    public static readonly Counter<long> SubgraphErrors = Meter.CreateCounter<long>("redtram.gateway.subgraph.errors", description: "Subgraph requests that failed.");
}
