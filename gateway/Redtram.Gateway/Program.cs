using Redtram.Federation.Supergraph;
using Redtram.Gateway;

string? supergraph = null;
string? subgraphsConfig = null;
TimeSpan? poll = null;
var urls = "http://127.0.0.1:4000";
var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
var partitions = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
string? otlp = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT");
string? policy = null;
string? grantKey = null;
var problems = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--supergraph":
            supergraph = value;
            i++;
            break;
        case "--subgraphs":
            subgraphsConfig = value;
            i++;
            break;
        case "--poll-interval":
            if (value is null || !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
            {
                problems.Add("--poll-interval takes a number of seconds (at least 1).");
            }
            else
            {
                poll = TimeSpan.FromSeconds(seconds);
            }

            i++;
            break;
        case "--partition":
            // --partition national:PE=http://127.0.0.1:5101/graphql
            if (value is null || value.IndexOf(':') <= 0 || value.IndexOf('=') <= value.IndexOf(':') + 1)
            {
                problems.Add("--partition takes <subgraph>:<country>=<url>.");
            }
            else
            {
                var sub = value[..value.IndexOf(':')];
                var country = value[(value.IndexOf(':') + 1)..value.IndexOf('=')];
                if (!partitions.TryGetValue(sub, out var map))
                {
                    partitions[sub] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                map[country] = value[(value.IndexOf('=') + 1)..];
            }

            i++;
            break;
        case "--policy":
            policy = value;
            i++;
            break;
        case "--grant-key":
            grantKey = value;
            i++;
            break;
        case "--otlp":
            otlp = value;
            i++;
            break;
        case "--urls":
            urls = value ?? urls;
            i++;
            break;
        case "--subgraph-url":
            if (value is null || value.IndexOf('=') <= 0)
            {
                problems.Add("--subgraph-url takes name=url.");
            }
            else
            {
                overrides[value[..value.IndexOf('=')]] = value[(value.IndexOf('=') + 1)..];
            }

            i++;
            break;
    }
}

// Environment overrides: REDTRAM_SUBGRAPH_URL__<name>=<url>
foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
{
    var key = e.Key.ToString()!;
    if (key.StartsWith("REDTRAM_SUBGRAPH_URL__", StringComparison.Ordinal) && e.Value is string v)
    {
        overrides.TryAdd(key["REDTRAM_SUBGRAPH_URL__".Length..], v);
    }
}

if (supergraph is null == (subgraphsConfig is null))
{
    problems.Add("Give exactly one of --supergraph <file> or --subgraphs <config>.");
}
else if (supergraph is not null && !File.Exists(supergraph))
{
    problems.Add($"The supergraph file '{supergraph}' does not exist.");
}
else if (subgraphsConfig is not null && !File.Exists(subgraphsConfig))
{
    problems.Add($"The subgraph config '{subgraphsConfig}' does not exist.");
}

if (problems.Count > 0)
{
    Console.Error.WriteLine("usage: Redtram.Gateway (--supergraph <file> | --subgraphs <config.yaml>) [--poll-interval <seconds>] [--urls <url>] [--subgraph-url <name>=<url> ...] [--partition <subgraph>:<country>=<url> ...] [--policy <dir> [--grant-key <pem>]] [--otlp <endpoint>]");
    foreach (var p in problems)
    {
        Console.Error.WriteLine("  - " + p);
    }

    return 2;
}

WebApplication app;
try
{
    app = GatewayApp.Build(new GatewayOptions
    {
        SupergraphPath = supergraph,
        SubgraphsConfigPath = subgraphsConfig,
        PolicyDirectory = policy,
        GrantKeyPath = grantKey,
        PollInterval = poll ?? (subgraphsConfig is not null ? TimeSpan.FromSeconds(10) : null),
        Urls = urls,
        SubgraphUrls = overrides,
        Partitions = partitions.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, string>)p.Value),
        OtlpEndpoint = string.IsNullOrEmpty(otlp) ? null : new Uri(otlp),
    });
}
catch (SupergraphException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Redtram.Gateway.Security.PolicyLoadException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (GatewayConfigException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (CompositionFailedException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 1;
}
catch (Redtram.Gateway.Configuration.ConfigException ex)
{
    Console.Error.WriteLine("The subgraph config cannot be used: " + ex.Message);
    return 1;
}

Console.WriteLine($"Redtram gateway listening on {urls} (POST /graphql, GET /health)");
await app.RunAsync();
return 0;
