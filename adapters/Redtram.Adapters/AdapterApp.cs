using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Redtram.Adapters.Access;
using Redtram.Adapters.Api;
using Redtram.Adapters.Data;
using Redtram.Adapters.Mapping;
using Redtram.Adapters.Search;
using Redtram.Grants;

namespace Redtram.Adapters;

/// <summary>Options of one adapter host: a country mapping, where its data lives, where it listens.</summary>
public sealed class AdapterOptions
{
    /// <summary>Path of the country's mapping.yaml (or set <see cref="Mapping"/>).</summary>
    public string? MappingPath { get; set; }
    public AdapterMapping? Mapping { get; set; }
    /// <summary>Value of {dataDir} in the mapping (default: the mapping's folder).</summary>
    public string? DataDir { get; set; }
    /// <summary>Overrides the mapping's connection string (and its environment override).</summary>
    public string? ConnectionString { get; set; }
    /// <summary>Overrides the sidecar index path.</summary>
    public string? IndexPath { get; set; }
    public string Urls { get; set; } = "http://127.0.0.1:5100";
    /// <summary>Build (or reuse) the name index before the server starts answering.</summary>
    public bool BuildIndexAtStartup { get; set; } = true;
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Warning;

    /// <summary>The gateway's public grant keys, in-process (tests); takes precedence over <see cref="GrantKeysPath"/>.</summary>
    public IReadOnlyList<GrantKey>? GrantKeys { get; set; }
    /// <summary>JWKS file of the gateway's public grant keys (--grant-keys); overrides the mapping's grants.keys.</summary>
    public string? GrantKeysPath { get; set; }
    /// <summary>The iss grants must carry (--grant-issuer); default: the mapping's grants.issuer, else redtram-gateway.</summary>
    public string? GrantIssuer { get; set; }
    /// <summary>Serve without grant keys (--allow-ungranted): every request is the home country at RESTRICTED. Development and
    /// tests only; ignored when keys are configured (a valid grant is then always required).</summary>
    public bool AllowUngranted { get; set; }

    /// <summary>The adapter's state file (--state): pseudonyms, follow-up tokens, the generated pseudonym secret. Default: the
    /// mapping's grants.statePath, else {dataDir}/&lt;cc&gt;.redtram-adapter.sqlite.</summary>
    public string? StatePath { get; set; }
    /// <summary>The secret that keys pseudonyms (≥ 32 bytes), in-process; takes precedence over <see cref="PseudonymSecretFile"/>.</summary>
    public byte[]? PseudonymSecret { get; set; }
    /// <summary>File holding the pseudonym secret (--pseudonym-secret, ≥ 32 bytes); default: the mapping's grants.pseudonymSecretFile,
    /// else a secret generated once and kept in the state file.</summary>
    public string? PseudonymSecretFile { get; set; }
    /// <summary>How long a pseudonym handed out stays resolvable and recorded (--pseudonym-retention-days); default: the
    /// mapping's grants.pseudonymRetentionDays, else 400 days.</summary>
    public TimeSpan? PseudonymRetention { get; set; }
}

/// <summary>The adapter host: the canonical `national` subgraph over one country's database, from its mapping.</summary>
public static class AdapterApp
{
    public const long MaxRequestBytes = 256 * 1024;

    public static WebApplication Build(AdapterOptions options, string[]? args = null)
    {
        var mapping = options.Mapping ?? AdapterMapping.Load(options.MappingPath ?? throw new ArgumentException("MappingPath or Mapping is required"));
        var dataDir = Path.GetFullPath(options.DataDir ?? (mapping.SourcePath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(mapping.SourcePath)!));
        var connection = options.ConnectionString ?? mapping.ConnectionString(dataDir);
        var indexPath = options.IndexPath ?? mapping.IndexPath(dataDir);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(indexPath))!);

        var builder = WebApplication.CreateSlimBuilder(args ?? []);
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        // Request lines and endpoint chatter stay out; the host logs counts, timings and exception types only.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var issuer = options.GrantIssuer ?? mapping.Grants.Issuer ?? AccessGrant.DefaultIssuer;
        var keysPath = options.GrantKeysPath ?? (mapping.Grants.Keys is { Length: > 0 } k ? mapping.Expand(k, dataDir) : null);
        var verifier = GrantGate.CreateVerifier(mapping.Country, options.GrantKeys, keysPath, issuer);
        if (verifier is null && !options.AllowUngranted)
            throw new AdapterConfigurationException(
                $"no grant keys for {mapping.Country}: give the gateway's public keys (--grant-keys <jwks file> or grants.keys in the mapping), " +
                "or start with --allow-ungranted for development (every request is then served as the home country at RESTRICTED)");
        var gate = new GrantGate(mapping.Country, verifier);
        var statePath = options.StatePath
                        ?? (mapping.Grants.StatePath is { Length: > 0 } sp ? mapping.Expand(sp, dataDir) : Path.Combine(dataDir, mapping.Country.ToLowerInvariant() + ".redtram-adapter.sqlite"));
        var state = new AdapterState(statePath);
        var secretFile = options.PseudonymSecretFile ?? (mapping.Grants.PseudonymSecretFile is { Length: > 0 } sf ? mapping.Expand(sf, dataDir) : null);
        var retention = options.PseudonymRetention
                        ?? (mapping.Grants.PseudonymRetentionDays is { } days ? TimeSpan.FromDays(days) : (TimeSpan?)null);
        var pseudonyms = new Pseudonyms(options.PseudonymSecret ?? (secretFile is null ? state.StoredSecret() : ReadSecret(secretFile)), state, retention);
        var pruned = pseudonyms.Prune();

        var db = new NationalDb(mapping.ProviderFor(connection), connection);
        var store = new NationalStore(mapping, db);
        builder.Services.AddSingleton(mapping);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(gate);
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(pseudonyms);
        builder.Services.AddSingleton(sp => new SearchIndex(store, indexPath, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Redtram.Adapters.Index"),
            TimeSpan.FromSeconds(Math.Max(1, mapping.Index.EpochCheckSeconds))));
        builder.Services.AddGraphQL(b => b
            .AddSchema(sp =>
            {
                var schema = new AdapterSchema(store, sp.GetRequiredService<SearchIndex>(), new FollowUps(state, mapping.Country)).Build(sp);
                return schema;
            })
            .AddFederation("2.3", link =>
            {
                link.Imports["@key"] = "@key";
                link.Imports["@shareable"] = "@shareable";
            })
            .AddErrorInfoProvider<AdapterErrorInfoProvider>()
            .AddSystemTextJson());

        var app = builder.Build();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Redtram.Adapters");
        if (pruned > 0)
            log.LogInformation("Pseudonyms older than {Days} days deleted from the state file: {Count}", (int)pseudonyms.Retention.TotalDays, pruned);
        if (gate.Enforced)
            log.LogInformation("Grants required: {Keys} key(s) of issuer {Issuer}", verifier!.KeyIds.Count, issuer);
        else
            log.LogWarning("Serving {Country} WITHOUT grant checks (--allow-ungranted): every request is treated as the home country at RESTRICTED. Development and tests only.", mapping.Country);
        app.MapGet("/health", async (SearchIndex index, CancellationToken ct) =>
        {
            try
            {
                await index.EnsureAsync(ct);
                return Results.Json(new { status = "ok", country = mapping.Country, persons = index.PersonCount });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError("Health check failed: {Type}", e.GetType().Name);
                return Results.Json(new { status = "error", country = mapping.Country }, statusCode: 503);
            }
        });
        // The owner's own operators only (AdminGate): a grant of this country's requester with role admin or integrator,
        // or, without grant keys, a loopback client.
        app.MapPost("/admin/reindex", async (SearchIndex index, CancellationToken ct) =>
        {
            await index.EnsureAsync(ct, force: true);
            log.LogInformation("Name index rebuilt on request (/admin/reindex)");
            return Results.Json(new { status = "ok", persons = index.PersonCount, buildMs = (int)index.LastBuild.TotalMilliseconds });
        });
        // Every method on /graphql and /admin passes its check first (a GET without a grant is 401, not 405; an unknown
        // /admin route is 401/403 before it is 404).
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/graphql", StringComparison.OrdinalIgnoreCase))
            {
                var check = gate.Check(http.Request.Headers[AccessGrant.HeaderName].ToString(), DateTimeOffset.UtcNow);
                if (!check.Succeeded)
                {
                    await RejectAsync(http, Refusal.Of(check), log, "Request");
                    return;
                }
                http.Items[GrantItem] = check.Grant;
            }
            else if (http.Request.Path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase))
            {
                if (AdminGate.Check(gate, http.Request.Headers[AccessGrant.HeaderName].ToString(), http.Connection.RemoteIpAddress, DateTimeOffset.UtcNow) is { } refusal)
                {
                    await RejectAsync(http, refusal, log, "Admin request");
                    return;
                }
            }
            await next(http);
        });
        app.MapPost("/graphql", (HttpContext http) => HandleAsync(http, log));
        app.Services.GetRequiredService<ISchema>().Initialize();
        if (options.BuildIndexAtStartup)
            app.Services.GetRequiredService<SearchIndex>().EnsureAsync(CancellationToken.None).GetAwaiter().GetResult();
        return app;
    }

    /// <summary>The base URL (http://127.0.0.1:port) a started app listens on.</summary>
    public static string BaseUrl(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    private const string GrantItem = "redtram.grant";

    private static byte[] ReadSecret(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            return bytes.Length >= 32 ? bytes : throw new AdapterConfigurationException($"pseudonym secret file '{path}' holds fewer than 32 bytes");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AdapterConfigurationException($"pseudonym secret file '{path}' cannot be read ({e.GetType().Name})");
        }
    }

    /// <summary>The refusal's status (401: no valid grant; 403: a grant of another country, or one that may not do this) with
    /// one error in the GraphQL shape and no data. Logged by reason only.</summary>
    private static async Task RejectAsync(HttpContext http, Refusal refusal, ILogger log, string what)
    {
        if (refusal.Reason is "BAD_SIGNATURE" or "UNKNOWN_KEY" or "UNSUPPORTED_ALGORITHM" or "WRONG_ISSUER" || what != "Request")
            log.LogWarning("{What} refused: {Reason}", what, refusal.Reason);
        else
            log.LogInformation("{What} refused: {Reason}", what, refusal.Reason);
        http.Response.StatusCode = refusal.Status;
        if (refusal.Status == StatusCodes.Status401Unauthorized)
            http.Response.Headers.WWWAuthenticate = $"{AccessGrant.HeaderName} error=\"{refusal.Reason}\"";
        await http.Response.WriteAsJsonAsync(new
        {
            errors = new[]
            {
                new { message = refusal.Message, extensions = new { code = refusal.Code, reason = refusal.Reason } },
            },
        });
    }

    private static async Task HandleAsync(HttpContext http, ILogger log)
    {
        var grant = (AccessGrant)http.Items[GrantItem]!;
        var store = http.RequestServices.GetRequiredService<NationalStore>();
        var serializer = http.RequestServices.GetRequiredService<IGraphQLTextSerializer>();
        var executer = http.RequestServices.GetRequiredService<IDocumentExecuter<ISchema>>();
        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Request.Body, http.RequestAborted);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or BadHttpRequestException or FormatException)
        {
            request = null;
        }
        if (request?.Query is null)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new { errors = new[] { new { message = "the body must be a GraphQL request: {\"query\": ..., \"variables\": {...}}", extensions = new { code = "BAD_REQUEST" } } } });
            return;
        }
        var context = new AdapterRequestContext(grant, store, http.RequestServices.GetRequiredService<Pseudonyms>());
        var result = await executer.ExecuteAsync(o =>
        {
            o.Query = request.Query;
            o.Variables = request.Variables;
            o.Extensions = request.Extensions;
            o.OperationName = request.OperationName;
            o.RequestServices = http.RequestServices;
            o.UserContext = context;
            o.CancellationToken = http.RequestAborted;
            o.ThrowOnUnhandledException = false;
            o.UnhandledExceptionDelegate = ctx =>
            {
                // Never the message (it may carry personal data) nor internals: the type and the field path only.
                log.LogError("Unhandled {Type} in {Field}", ctx.OriginalException.GetType().Name, ctx.FieldContext?.FieldDefinition.Name);
                ctx.ErrorMessage = "internal error of the adapter";
                ctx.Exception = new ExecutionError("internal error of the adapter") { Code = "INTERNAL_SERVER_ERROR" };
                return Task.CompletedTask;
            };
        });
        try
        {
            // The pseudonyms handed out are recorded (one transaction) before the response leaves: the requester may quote
            // them at once, and the owner must be able to resolve every one.
            context.Access.SavePseudonyms();
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            log.LogError("Pseudonyms could not be recorded ({Type}, SQLite error {Code}); the response is withheld", e.GetType().Name, e.SqliteErrorCode);
            result = new ExecutionResult { Errors = [new ExecutionError("internal error of the adapter") { Code = "INTERNAL_SERVER_ERROR" }] };
            http.Response.ContentType = "application/json";
            await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
            return;
        }
        foreach (var denied in context.Access.Errors())
            (result.Errors ??= []).Add(denied);
        http.Response.ContentType = "application/json";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
