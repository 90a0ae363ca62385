using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Redtram.Federation.Execution;
using Redtram.Federation.Supergraph;

using Redtram.Gateway.Audit;
using Redtram.Gateway.Explorer;
using Redtram.Gateway.Security;

namespace Redtram.Gateway;

/// <summary>Options for building the gateway host in-process (tests, benchmarks) or from the command line.</summary>
public sealed record GatewayOptions
{
    /// <summary>Path of the supergraph SDL file to serve (or use <see cref="SubgraphsConfigPath"/>).</summary>
    public string? SupergraphPath { get; init; }

    /// <summary>Path of a rover-style subgraph config to compose at start-up instead of a supergraph file.</summary>
    public string? SubgraphsConfigPath { get; init; }

    /// <summary>How often to re-read the source and swap to a new supergraph; null reads it only at start-up.</summary>
    public TimeSpan? PollInterval { get; init; }

    /// <summary>Subgraph name → URL overrides of the <c>join__graph(url:)</c> values.</summary>
    public IReadOnlyDictionary<string, string> SubgraphUrls { get; init; } = new Dictionary<string, string>();

    /// <summary>URLs to listen on, e.g. <c>http://127.0.0.1:0</c>.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:4000";

    /// <summary>
    /// Partitioned subgraphs: subgraph name → country code → URL. Such a subgraph is served by one endpoint per
    /// country; its own <c>join__graph(url:)</c> is not used.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Partitions { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>How long one country of a partitioned subgraph may take (default 5 s).</summary>
    public TimeSpan PartitionTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-subgraph request timeout.</summary>
    public TimeSpan SubgraphTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Folder of the access policy (issuers, agreements, field levels). When set, every GraphQL request needs a valid
    /// bearer token from a trusted issuer; when null the gateway stays open (the generic federation contract).
    /// </summary>
    public string? PolicyDirectory { get; init; }

    /// <summary>
    /// PKCS#8 PEM file of the ECDSA P-256 key that signs the grants sent to national adapters (header
    /// <c>Redtram-Grant</c>); adapters verify them with its public key, served at <see cref="GrantKeysPath"/>. With a
    /// policy and no key (neither this nor <see cref="GrantKey"/>) the gateway makes an ephemeral key and says so.
    /// </summary>
    public string? GrantKeyPath { get; init; }

    /// <summary>The grant-signing key in-process (demo, tests); takes precedence over <see cref="GrantKeyPath"/>.</summary>
    public System.Security.Cryptography.ECDsa? GrantKey { get; init; }

    /// <summary>Where the gateway serves the public key set of its grant-signing key.</summary>
    public const string GrantKeysPath = "/.well-known/redtram-grant-keys.json";

    /// <summary>
    /// DEMO ONLY — set by <c>redtram demo</c>, never from the command line. A development token issuer whose routes
    /// <c>GET /dev/users</c> and <c>GET /dev/token?country=PE&amp;role=prosecutor</c> hand out tokens for demo users; the
    /// policy (<see cref="PolicyDirectory"/>, required) must trust its issuers (see <see cref="DevTokenIssuer.WritePolicy"/>).
    /// When null (the default) those routes do not exist.
    /// </summary>
    public DevTokenIssuer? DevTokenIssuer { get; init; }

    /// <summary>Serve the GraphQL explorer page at <c>/explorer/</c>.</summary>
    public bool Explorer { get; init; } = true;

    /// <summary>Example queries for the explorer (JSON); null uses the bundled examples.</summary>
    public string? ExplorerExamplesPath { get; init; }

    /// <summary>Largest request body accepted, in bytes.</summary>
    public long MaxRequestBytes { get; init; } = 1024 * 1024;

    /// <summary>Engine limits.</summary>
    public EngineOptions Engine { get; init; } = new();

    /// <summary>OTLP endpoint for traces and metrics; null leaves telemetry export off (spans still flow to in-process listeners).</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>
    /// Where the audit log is written (<c>--audit</c> / <c>--audit-postgres</c>). With a policy, every authenticated
    /// GraphQL request is audited; null then means SQLite <c>audit.db</c> in the working directory. Without a policy
    /// there is no user to record: setting it is a configuration error.
    /// </summary>
    public AuditOptions? Audit { get; init; }

    /// <summary><c>--no-audit</c>: only allowed without a policy (where nothing is audited anyway).</summary>
    public bool NoAudit { get; init; }

    /// <summary>How long a request waits for its audit entry to commit before it is answered 503 <c>AUDIT_UNAVAILABLE</c>.</summary>
    public TimeSpan AuditTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Owner-notification webhook limits (queue, retries).</summary>
    public OwnerNotifierOptions OwnerNotifications { get; init; } = new();

    /// <summary>Benchmarks only (not reachable from the command line): a policy without the audit log, to measure what the
    /// log costs.</summary>
    internal bool UnauditedForBenchmarks { get; init; }
}

/// <summary>Builds the gateway web application.</summary>
public static class GatewayApp
{
    /// <summary>
    /// Builds (does not start) the gateway. Throws <see cref="SupergraphException"/> listing every problem when
    /// the supergraph cannot be loaded, and <see cref="GatewayConfigException"/> for bad options.
    /// </summary>
    public static WebApplication Build(GatewayOptions options, string[]? args = null)
    {
        if ((options.SupergraphPath is null) == (options.SubgraphsConfigPath is null))
        {
            throw new GatewayConfigException(["Give exactly one of a supergraph file (--supergraph) or a subgraph config (--subgraphs)."]);
        }

        CheckAuditOptions(options);

        var state = new GatewayState(options);
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
        {
            // A bad first load stops start-up with every problem listed.
            state.Apply(GatewayState.ReadSourceAsync(options, http, CancellationToken.None).GetAwaiter().GetResult());
        }

        var supergraph = state.Supergraph!;

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        if (Environment.GetEnvironmentVariable("REDTRAM_INLINE_IO") == "1")
        {
            // Opt-in: run Kestrel's request path on the socket threads. Measured here it costs throughput on one
            // core (3,200 instead of 4,800 req/s for a one-fetch query), so it is off by default.
            builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            k.AddServerHeader = false;
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(options);
        TokenValidator? validator = null;
        PolicyStore? policyStore = null;
        GrantHeaders? grants = null;
        if (options.PolicyDirectory is { } policyDir)
        {
            grants = options.GrantKey is { } key ? new GrantHeaders(key) : GrantHeaders.Create(options.GrantKeyPath);
            builder.Services.AddSingleton(grants);
            // A bad policy stops start-up with every error listed (PolicyLoadException).
            var store = PolicyStore.Load(policyDir);
            store.WatchForChanges();
            var remoteKeys = new JwksCache();
            builder.Services.AddSingleton(store);
            builder.Services.AddSingleton(remoteKeys);
            builder.Services.AddHostedService<JwksRefresher>();
            validator = new TokenValidator(store, remoteKeys);
            policyStore = store;
        }

        if (options.DevTokenIssuer is { } devIssuer)
        {
            try
            {
                CheckDevTokenIssuer(devIssuer, policyStore);
            }
            catch (GatewayConfigException)
            {
                policyStore?.Dispose();
                throw;
            }
        }

        if (options.PollInterval is not null)
        {
            builder.Services.AddHostedService<SupergraphPoller>();
        }

        if (options.OtlpEndpoint is { } otlp)
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("redtram-gateway"))
                .WithTracing(t => t.AddSource(FederationTelemetry.Name).AddOtlpExporter(o => o.Endpoint = otlp))
                .WithMetrics(m => m.AddMeter(FederationTelemetry.Name, AuditTelemetry.Name).AddOtlpExporter(o => o.Endpoint = otlp));
        }

        // Audit: opened last, so that nothing after it can fail start-up and leave it open.
        GroupCommitAuditLog? audit = null;
        if (policyStore is not null && !options.UnauditedForBenchmarks)
        {
            try
            {
                audit = OpenAuditLog(options.Audit ?? new AuditOptions());
            }
            catch (GatewayConfigException)
            {
                policyStore.Dispose();
                throw;
            }
        }

        if (audit is not null)
        {
            // Factory registrations: the container disposes them at shutdown (the log drains its queue first).
            builder.Services.AddSingleton<IAuditLog>(_ => audit);
            builder.Services.AddSingleton(sp => new OwnerNotifier(() => policyStore!.Current, sp.GetRequiredService<ILoggerFactory>().CreateLogger<OwnerNotifier>(), options.OwnerNotifications));
        }

        var app = builder.Build();
        if (validator is null)
        {
            app.Logger.LogWarning("No access policy is configured (--policy): the gateway is open to any caller.");
        }

        if (options.DevTokenIssuer is { } dev)
        {
            app.Logger.LogWarning("DEMO MODE: the development token issuer is enabled ({Users} and {Token}): anyone who reaches this gateway gets a token. Never enable it outside the demo.",
                DevTokenEndpoints.UsersPath, DevTokenEndpoints.TokenPath);
            app.MapDevTokenIssuer(dev);
        }

        if (grants is not null)
        {
            if (options.GrantKey is null && options.GrantKeyPath is null)
            {
                app.Logger.LogWarning("No grant-signing key is configured (--grant-key): grants to national adapters are signed with an ephemeral key; adapters must be given its public key from {Path}.", GatewayOptions.GrantKeysPath);
            }

            app.MapGet(GatewayOptions.GrantKeysPath, () => Results.Text(grants.PublicJwks, "application/jwk-set+json"));
        }

        RequestAuditor? auditor = null;
        if (audit is not null)
        {
            var log = app.Services.GetRequiredService<IAuditLog>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Redtram.Gateway.Audit");
            auditor = new RequestAuditor(log, app.Services.GetRequiredService<OwnerNotifier>(), options.AuditTimeout, logger);
            var inFlight = auditor;
            audit.PendingEntries = () => inFlight.InFlight;
            AuditTelemetry.Opened(logger, Describe(options.Audit ?? new AuditOptions()));
        }

        // Every response carries its request id (recorded in the audit entry of an authenticated GraphQL request).
        app.Use(static (ctx, next) =>
        {
            ctx.Response.Headers[RequestIds.Header] = RequestIds.Get(ctx);
            return next(ctx);
        });

        var handler = new GraphQLHttpHandler(state, options, validator, policyStore, grants, auditor);
        app.MapGet("/health", () => state.Supergraph is { } sg
            ? Results.Json(new HealthStatus("ok", sg.Subgraphs.Count), GatewayJsonContext.Default.HealthStatus)
            : Results.Json(new HealthStatus("starting", 0), GatewayJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapPost("/graphql", handler.HandlePostAsync);
        app.MapGet("/graphql", handler.HandleGetAsync);
        if (options.Explorer)
        {
            app.MapExplorer(options.ExplorerExamplesPath);
        }

        if (audit is not null)
        {
            app.MapAuditEndpoints(validator!, policyStore!, audit);
        }

        app.MapMethods("/graphql", ["PUT", "DELETE", "PATCH"], (HttpContext ctx) =>
        {
            ctx.Response.Headers.Allow = "GET, POST";
            return Results.StatusCode(StatusCodes.Status405MethodNotAllowed);
        });
        return app;
    }

    /// <summary>The development token issuer is only useful — and only allowed — with a policy that trusts each of its
    /// issuers for its own country, with its audience and its current key.</summary>
    private static void CheckDevTokenIssuer(DevTokenIssuer dev, PolicyStore? store)
    {
        if (store is null)
        {
            throw new GatewayConfigException(["The development token issuer needs an access policy (PolicyDirectory) that trusts its issuers."]);
        }

        var problems = new List<string>();
        var policy = store.Current;
        foreach (var cc in dev.Countries)
        {
            var iss = dev.Issuer(cc)!;
            if (!policy.Issuers.TryGetValue(iss, out var trusted))
            {
                problems.Add($"The policy does not trust the development issuer {iss}.");
            }
            else if (trusted.Country != cc || trusted.Audience != dev.Audience || trusted.FileKeys is null || !trusted.FileKeys.TryGet(dev.KeyId(cc)!, out _))
            {
                problems.Add($"The policy's entry for the development issuer {iss} does not match it (country {cc}, audience {dev.Audience}, its key set file).");
            }
        }

        if (problems.Count > 0)
        {
            throw new GatewayConfigException(problems);
        }
    }

    private static void CheckAuditOptions(GatewayOptions options)
    {
        if (options.PolicyDirectory is not null && options.NoAudit)
        {
            throw new GatewayConfigException(["--no-audit is not allowed with a policy (--policy): every authenticated request is audited. Choose where with --audit <file> or --audit-postgres <connection string>."]);
        }

        if (options.PolicyDirectory is null && options.Audit is not null)
        {
            throw new GatewayConfigException(["--audit / --audit-postgres need a policy (--policy): the audit log records the authenticated user of each request, and without a policy there is none."]);
        }
    }

    /// <summary>Creates the store and its tables and starts the writer; a log that cannot be opened stops start-up.</summary>
    private static GroupCommitAuditLog OpenAuditLog(AuditOptions audit)
    {
        try
        {
            return audit.OpenAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or ArgumentException or IOException or UnauthorizedAccessException
            or InvalidOperationException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new GatewayConfigException([$"The audit log cannot be opened ({Describe(audit)}): {ex.Message}"]);
        }
    }

    /// <summary>Where the log is, without secrets (no password of a connection string).</summary>
    private static string Describe(AuditOptions audit)
    {
        if (string.IsNullOrWhiteSpace(audit.PostgresConnectionString))
        {
            return $"SQLite file '{Path.GetFullPath(audit.SqlitePath)}', synchronous={audit.SqliteSynchronous}";
        }

        try
        {
            var b = new Npgsql.NpgsqlConnectionStringBuilder(audit.PostgresConnectionString);
            return $"PostgreSQL database '{b.Database}' on {b.Host}:{b.Port}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (the connection string does not parse)";
        }
    }

    /// <summary>Subgraph URLs from <c>join__graph(url:)</c>, overridden by configuration; every problem at once.</summary>
    public static IReadOnlyDictionary<string, Uri> ResolveUrls(SupergraphDefinition supergraph, IReadOnlyDictionary<string, string> overrides) =>
        ResolveUrls(supergraph, overrides, new Dictionary<string, IReadOnlyDictionary<string, string>>());

    /// <summary>Subgraph URLs, with one URL per country for partitioned subgraphs; every problem at once.</summary>
    public static IReadOnlyDictionary<string, Uri> ResolveUrls(SupergraphDefinition supergraph, IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> partitions)
    {
        var problems = new List<string>();
        var result = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (name, countries) in partitions)
        {
            if (supergraph.GetSubgraph(name) is null)
            {
                problems.Add($"Country endpoints are configured for the subgraph '{name}', which the supergraph does not define.");
                continue;
            }

            if (countries.Count == 0)
            {
                problems.Add($"The partitioned subgraph '{name}' has no country endpoint.");
            }

            foreach (var (country, raw) in countries)
            {
                if (country.Length != 2 || !country.All(char.IsAsciiLetterUpper))
                {
                    problems.Add($"'{country}' (subgraph '{name}') is not an ISO 3166-1 alpha-2 country code.");
                }

                if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    problems.Add($"The URL of '{name}' for {country} is not an absolute http(s) URL: '{raw}'.");
                    continue;
                }

                result[Redtram.Federation.Execution.PartitionMap.Target(name, country)] = uri;
            }
        }

        foreach (var name in overrides.Keys)
        {
            if (supergraph.GetSubgraph(name) is null)
            {
                problems.Add($"A URL is configured for the subgraph '{name}', which the supergraph does not define (it defines: {string.Join(", ", supergraph.Subgraphs.Select(s => s.Name))}).");
            }
        }

        foreach (var s in supergraph.Subgraphs)
        {
            if (partitions.ContainsKey(s.Name))
            {
                continue;
            }

            var raw = overrides.TryGetValue(s.Name, out var o) ? o : s.Url;
            if (string.IsNullOrWhiteSpace(raw))
            {
                problems.Add($"The subgraph '{s.Name}' has no URL: set one in the supergraph or with --subgraph-url {s.Name}=<url>.");
                continue;
            }

            if (!Uri.TryCreate(raw, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                problems.Add($"The URL of the subgraph '{s.Name}' is not an absolute http(s) URL: '{raw}'.");
                continue;
            }

            result[s.Name] = uri;
        }

        if (problems.Count > 0)
        {
            throw new GatewayConfigException(problems);
        }

        return result;
    }
}

public sealed record HealthStatus(string Status, int Subgraphs);

/// <summary>Gateway configuration that cannot be used; <see cref="Problems"/> lists every problem.</summary>
public sealed class GatewayConfigException(IReadOnlyList<string> problems)
    : Exception("The gateway configuration is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
