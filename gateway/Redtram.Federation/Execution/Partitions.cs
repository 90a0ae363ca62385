using System.Text.Json.Nodes;

namespace Redtram.Federation.Execution;

/// <summary>
/// Subgraphs served by one endpoint per country (architecture §3): every entity key carries its owning country,
/// root searches fan out to the countries asked. Immutable; adding a country is configuration.
/// </summary>
public sealed class PartitionMap
{
    private readonly Dictionary<string, IReadOnlyList<string>> _countries;

    public PartitionMap(IReadOnlyDictionary<string, IReadOnlyList<string>> countriesBySubgraph, TimeSpan? timeout = null)
    {
        _countries = countriesBySubgraph.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        Timeout = timeout ?? TimeSpan.FromSeconds(5);
    }

    /// <summary>How long one country may take before its part is given up (default 5 s).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The countries of a partitioned subgraph, or null when the subgraph is not partitioned.</summary>
    public IReadOnlyList<string>? CountriesOf(string subgraph) => _countries.TryGetValue(subgraph, out var c) ? c : null;

    public IEnumerable<string> Subgraphs => _countries.Keys;

    /// <summary>The client target name for one country of a partitioned subgraph.</summary>
    public static string Target(string subgraph, string country) => subgraph + "@" + country;
}

/// <summary>What happened for one country in one request (<c>extensions.countries[]</c>).</summary>
public sealed class CountryReport(string country)
{
    public string Country { get; } = country;

    /// <summary>OK, TIMEOUT, ERROR or UNAVAILABLE (the worst outcome of the request's calls to this country).</summary>
    public string Status { get; internal set; } = "OK";

    public double LatencyMs { get; internal set; }

    public int Records { get; internal set; }
}

/// <summary>The per-country reports of one request, in the order countries were first asked.</summary>
public sealed class CountryReports
{
    private readonly List<CountryReport> _reports = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<CountryReport> Reports
    {
        get
        {
            lock (_gate)
            {
                return [.. _reports];
            }
        }
    }

    /// <summary>Notes that a country is asked, so reports follow the order countries are asked in.</summary>
    internal void Ask(string country) => Record(country, "OK", 0, 0);

    internal void Record(string country, string status, double latencyMs, int records)
    {
        lock (_gate)
        {
            var r = _reports.FirstOrDefault(x => x.Country == country);
            if (r is null)
            {
                r = new CountryReport(country);
                _reports.Add(r);
            }

            r.LatencyMs += latencyMs;
            r.Records += records;
            if (Rank(status) > Rank(r.Status))
            {
                r.Status = status;
            }
        }
    }

    private static int Rank(string status) => status switch
    {
        "OK" => 0,
        "ERROR" => 1,
        "TIMEOUT" => 2,
        _ => 3,
    };

    public void WriteTo(System.Text.Json.Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var r in Reports)
        {
            w.WriteStartObject();
            w.WriteString("country", r.Country);
            w.WriteString("status", r.Status);
            w.WriteNumber("latencyMs", Math.Round(r.LatencyMs, 1));
            w.WriteNumber("records", r.Records);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
