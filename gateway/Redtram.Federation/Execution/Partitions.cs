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

    /// <summary>OK, DENIED (not asked: the request may see nothing of what it asked there), ERROR, TIMEOUT or
    /// UNAVAILABLE — the worst outcome of the request's calls to this country.</summary>
    public string Status { get; internal set; } = "OK";

    /// <summary>The access level applied to this country's fetches (see <see cref="IAccessScope"/>), or null when unrestricted.</summary>
    public string? Level { get; internal set; }

    /// <summary>Record ids (values of <c>id</c> fields) this country's answers carried, in order, without repeats;
    /// collected only when an <see cref="IAccessScope"/> is in force. At most <see cref="CountryReports.MaxDisclosedIds"/>.</summary>
    public IReadOnlyList<string> DisclosedIds => _ids ?? (IReadOnlyList<string>)[];

    /// <summary>Matches this country reported by count (the sum of <c>totalCount</c> members of its answers, e.g. search
    /// pages): at HIT level a search discloses no record but does disclose that — and how many — records match.
    /// Collected only when an <see cref="IAccessScope"/> is in force.</summary>
    public long Matches { get; internal set; }

    /// <summary>Ids beyond <see cref="CountryReports.MaxDisclosedIds"/> that were not listed.</summary>
    public int DisclosedIdsOmitted { get; internal set; }

    private List<string>? _ids;
    private HashSet<string>? _seen;

    internal void AddId(string id)
    {
        _seen ??= new HashSet<string>(StringComparer.Ordinal);
        if (!_seen.Add(id))
        {
            return;
        }

        _ids ??= [];
        if (_ids.Count < CountryReports.MaxDisclosedIds)
        {
            _ids.Add(id);
        }
        else
        {
            DisclosedIdsOmitted++;
        }
    }

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

    /// <summary>Most ids listed per country in one request.</summary>
    public const int MaxDisclosedIds = 1000;

    /// <summary>Notes that a country is asked, so reports follow the order countries are asked in.</summary>
    internal void Ask(string country, string? level = null)
    {
        Record(country, "OK", 0, 0);
        if (level is not null)
        {
            SetLevel(country, level);
        }
    }

    /// <summary>Notes that a country was not asked because the request may see nothing of what it asked there.</summary>
    internal void Deny(string country, string? level)
    {
        Record(country, "DENIED", 0, 0);
        SetLevel(country, level ?? "NONE");
    }

    private void SetLevel(string country, string level)
    {
        lock (_gate)
        {
            _reports.First(x => x.Country == country).Level = level;
        }
    }

    /// <summary>Records the ids (string values of <c>id</c> members, at any depth) in a country's answer.</summary>
    internal void Disclose(string country, System.Text.Json.Nodes.JsonNode data)
    {
        lock (_gate)
        {
            var r = _reports.FirstOrDefault(x => x.Country == country);
            if (r is not null)
            {
                Collect(r, data);
            }
        }

        static void Collect(CountryReport r, System.Text.Json.Nodes.JsonNode? node)
        {
            switch (node)
            {
                case System.Text.Json.Nodes.JsonArray list:
                    foreach (var item in list)
                    {
                        Collect(r, item);
                    }

                    break;
                case System.Text.Json.Nodes.JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key is "id" or Planning.FieldRule.RecordIdKey && value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var id))
                        {
                            r.AddId(id);
                        }
                        else if (key == "totalCount" && value is System.Text.Json.Nodes.JsonValue t && t.TryGetValue<long>(out var count) && count > 0)
                        {
                            r.Matches += count;
                        }
                        else if (value is System.Text.Json.Nodes.JsonObject or System.Text.Json.Nodes.JsonArray)
                        {
                            Collect(r, value);
                        }
                    }

                    break;
            }
        }
    }

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
        "DENIED" => 1,
        "ERROR" => 2,
        "TIMEOUT" => 3,
        _ => 4,
    };

    public void WriteTo(System.Text.Json.Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var r in Reports)
        {
            w.WriteStartObject();
            w.WriteString("country", r.Country);
            w.WriteString("status", r.Status);
            if (r.Level is not null)
            {
                w.WriteString("level", r.Level);
            }

            w.WriteNumber("latencyMs", Math.Round(r.LatencyMs, 1));
            w.WriteNumber("records", r.Records);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
