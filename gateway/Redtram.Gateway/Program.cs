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
string? auditSqlite = null;
string? auditPostgres = null;
var noAudit = false;
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
        case "--audit":
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add("--audit takes the SQLite file of the audit log.");
            }

            auditSqlite = value;
            i++;
            break;
        case "--audit-postgres":
            if (string.IsNullOrWhiteSpace(value))
            {
                problems.Add("--audit-postgres takes a PostgreSQL connection string.");
            }

            auditPostgres = value;
            i++;
            break;
        case "--no-audit":
            noAudit = true;
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

// The audit log: --audit <file> or --audit-postgres <connection string> (or REDTRAM_AUDIT_POSTGRES when neither is given).
if (auditSqlite is not null && auditPostgres is not null)
{
    problems.Add("Give at most one of --audit <file> and --audit-postgres <connection string>.");
}

if (noAudit && (auditSqlite is not null || auditPostgres is not null))
{
    problems.Add("--no-audit cannot be combined with --audit or --audit-postgres.");
}

if (auditSqlite is null && auditPostgres is null && !noAudit && policy is not null
    && Environment.GetEnvironmentVariable("REDTRAM_AUDIT_POSTGRES") is { Length: > 0 } fromEnvironment)
{
    auditPostgres = fromEnvironment;
}

Redtram.Gateway.Audit.AuditOptions? audit = auditSqlite is not null ? new() { SqlitePath = auditSqlite }
    : auditPostgres is not null ? new() { PostgresConnectionString = auditPostgres }
    : null;

if (problems.Count > 0)
{
    Console.Error.WriteLine("usage: Redtram.Gateway (--supergraph <file> | --subgraphs <config.yaml>) [--poll-interval <seconds>] [--urls <url>] [--subgraph-url <name>=<url> ...] [--partition <subgraph>:<country>=<url> ...] [--policy <dir> [--grant-key <pem>] [--audit <file> | --audit-postgres <connection string>]] [--no-audit] [--otlp <endpoint>]");
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
        Audit = audit,
        NoAudit = noAudit,
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

await app.StartAsync();
var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
    .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
Console.WriteLine($"Redtram gateway listening on {(bound is { Count: > 0 } ? string.Join(", ", bound) : urls)} (POST /graphql, GET /health)");
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;
