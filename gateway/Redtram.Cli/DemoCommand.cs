using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Redtram.Adapters;
using Redtram.DemoData;
using Redtram.Gateway;

namespace Redtram.Cli;

/// <summary>
/// <c>redtram demo</c>: the four demo countries (Peru, Chile, Brazil, Paraguay), each its own adapter on its own
/// Kestrel server over its own SQLite database (created on first run), and the gateway in front of them with the
/// explorer page. Everything listens on 127.0.0.1.
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
                    // The gateway does not sign grants yet in the demo: the adapters serve ungranted (home country, RESTRICTED).
                    AllowUngranted = true,
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
            });
            await gateway.StartAsync(ct).ConfigureAwait(false);
            apps.Add(gateway);
            await stdout.WriteLineAsync($"""

                Redtram Federation demo is running.
                  explorer  http://127.0.0.1:{port}/explorer/
                  graphql   http://127.0.0.1:{port}/graphql
                Example:
                  curl -s http://127.0.0.1:{port}/graphql -H 'content-type: application/json' \
                    -d '{"{"}"query":"{"{"} searchPersons(filter: {"{"}name: \"jose perez quispe\"{"}"}) {"{"} country totalCount hits {"{"} score person {"{"} id nameAsRecorded {"}"} {"}"} {"}"} {"}"}"{"}"}'
                Press Ctrl+C to stop.
                """).ConfigureAwait(false);
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
