using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Redtram.Adapters;
using Redtram.DemoData;
using Redtram.Gateway;
using Redtram.Gateway.Security;
using Redtram.Grants;

namespace Redtram.Cli;

/// <summary>
/// <c>redtram demo</c>: the four demo countries (Peru, Chile, Brazil, Paraguay), each its own adapter on its own
/// Kestrel server over its own SQLite database (created on first run), and the gateway in front of them with the
/// explorer page. Everything listens on 127.0.0.1.
/// <para>The gateway enforces the checked-in access policy (<c>schema/policy</c>) with its issuers replaced by a
/// development token issuer per country (<see cref="DevTokenIssuer"/>: keys in <c>&lt;data&gt;/demo-issuer/</c>, created
/// once; the demo policy in <c>&lt;data&gt;/policy/</c>, rewritten at every start), and serves <c>GET /dev/users</c> and
/// <c>GET /dev/token?country=PE&amp;role=prosecutor</c> to get tokens for demo users.</para>
/// </summary>
public static class DemoCommand
{
    private static readonly string[] Countries = ["pe", "cl", "br", "py"];

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Gateway port.", DefaultValueFactory = _ => 4000 };
        var adapterPort = new Option<int>("--adapter-port") { Description = "First adapter port (one per country).", DefaultValueFactory = _ => 5101 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Where the demo databases live (default: .data/ in the repository)." };
        var persons = new Option<int>("--persons") { Description = "Persons per country when creating the databases.", DefaultValueFactory = _ => 2000 };
        var cmd = new Command("demo", "Start the gateway with the four demo countries.") { port, adapterPort, dataDir, persons };
        cmd.SetAction((parse, ct) => RunAsync(parse.GetValue(port), parse.GetValue(adapterPort), parse.GetValue(dataDir), parse.GetValue(persons), Console.Out, ct));
        return cmd;
    }

    public static async Task<int> RunAsync(int port, int adapterPort, string? dataDir, int persons, TextWriter stdout, CancellationToken ct)
    {
        var root = RepositoryRoot();
        if (root is null)
        {
            await stdout.WriteLineAsync("error: run the demo from inside the repository (schema/ and adapters/countries/ are needed).").ConfigureAwait(false);
            return 2;
        }

        var data = Path.GetFullPath(dataDir ?? Path.Combine(root, ".data"));
        Directory.CreateDirectory(data);

        // The access policy: the checked-in one, trusting only the demo's development issuers.
        var checkedInPolicy = Path.Combine(root, "schema", "policy");
        var (source, policyErrors) = PolicyLoader.Load(checkedInPolicy);
        if (source is null)
        {
            await stdout.WriteLineAsync("error: the checked-in policy (schema/policy) is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, policyErrors)).ConfigureAwait(false);
            return 1;
        }

        var upper = Countries.Select(c => c.ToUpperInvariant()).ToArray();
        var audience = source.Issuers.Values.Where(i => upper.Contains(i.Country)).Select(i => i.Audience).FirstOrDefault() ?? DevTokenIssuer.DefaultAudience;
        DevTokenIssuer tokens;
        try
        {
            tokens = DevTokenIssuer.LoadOrCreate(Path.Combine(data, "demo-issuer"), upper, audience);
        }
        catch (InvalidDataException ex)
        {
            await stdout.WriteLineAsync("error: " + ex.Message).ConfigureAwait(false);
            return 1;
        }

        using var _ = tokens;
        var policyDir = Path.Combine(data, "policy");
        tokens.WritePolicy(checkedInPolicy, policyDir);

        // The gateway signs a grant per owner country and request; each adapter trusts only that key (kept in
        // <data>/grant-key.pem, made once).
        var grantKeyPath = Path.Combine(data, "grant-key.pem");
        if (!File.Exists(grantKeyPath))
        {
            using var fresh = GrantKeys.CreateP256();
            GrantKeys.SavePrivatePem(fresh, grantKeyPath);
        }

        using var grantKey = GrantKeys.LoadPrivatePem(grantKeyPath);
        var grantKeys = new[] { new GrantKey(GrantKeys.Thumbprint(grantKey), grantKey) };

        var apps = new List<WebApplication>();
        try
        {
            var endpoints = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Countries.Length; i++)
            {
                var cc = Countries[i];
                var db = Path.Combine(data, cc + ".db");
                if (!File.Exists(db))
                {
                    await stdout.WriteLineAsync($"creating the {cc.ToUpperInvariant()} demo database ({persons} persons)…").ConfigureAwait(false);
                    DemoDatabase.Create(cc, db, new DemoOptions { Persons = persons });
                }

                var url = $"http://127.0.0.1:{adapterPort + i}";
                var adapter = AdapterApp.Build(new AdapterOptions
                {
                    MappingPath = Path.Combine(root, "adapters", "countries", cc, "mapping.yaml"),
                    DataDir = data,
                    Urls = url,
                    GrantKeys = grantKeys,
                });
                await adapter.StartAsync(ct).ConfigureAwait(false);
                apps.Add(adapter);
                endpoints[cc.ToUpperInvariant()] = url + "/graphql";
                await stdout.WriteLineAsync($"  {cc.ToUpperInvariant()} adapter  {url}/graphql").ConfigureAwait(false);
            }

            var gateway = GatewayApp.Build(new GatewayOptions
            {
                SupergraphPath = Path.Combine(root, "schema", "supergraph.graphql"),
                Urls = $"http://127.0.0.1:{port}",
                Partitions = new Dictionary<string, IReadOnlyDictionary<string, string>> { ["national"] = endpoints },
                PolicyDirectory = policyDir,
                GrantKey = grantKey,
                Audit = new Redtram.Gateway.Audit.AuditOptions { SqlitePath = Path.Combine(data, "audit.db") },
                DevTokenIssuer = tokens,
            });
            await gateway.StartAsync(ct).ConfigureAwait(false);
            apps.Add(gateway);
            await stdout.WriteLineAsync(StartupText(port)).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            return 0;
        }
        finally
        {
            foreach (var app in Enumerable.Reverse(apps))
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>What the demo prints once everything listens: where to go and how to get a token.</summary>
    internal static string StartupText(int port)
    {
        var g = $"http://127.0.0.1:{port}";
        return $$"""

            Redtram Federation demo is running.
              explorer  {{g}}/explorer/   (pick a demo user at the top: the page fills in the request headers)
              graphql   {{g}}/graphql     (bearer token required; searches declare purpose, legal basis and case)
              users     {{g}}/dev/users   (demo users: one per country and role)
            Get a demo token (development issuer, demo only, valid 1 hour) and search as a Peruvian prosecutor:
              TOKEN=$(curl -s '{{g}}/dev/token?country=PE&role=prosecutor&format=text')
              curl -s {{g}}/graphql -H "authorization: Bearer $TOKEN" -H 'content-type: application/json' \
                -H 'Redtram-Purpose: CRIMINAL_INVESTIGATION' -H 'Redtram-Legal-Basis: CPP art. 321' -H 'Redtram-Case-Reference: PE:2025-0042' \
                -d '{"query":"{ searchPersons(filter: {name: \"jose perez quispe\"}) { country totalCount hits { score person { id nameAsRecorded } } } }"}'
            Other requesters see other levels: README.md, "Trying the access levels in the demo".
            Press Ctrl+C to stop.
            """;
    }

    private static string? RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")) && Directory.Exists(Path.Combine(dir.FullName, "adapters", "countries")))
                {
                    return dir.FullName;
                }

                dir = dir.Parent;
            }
        }

        return null;
    }
}
