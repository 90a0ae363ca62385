using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Redtram.Cli.Tests;

/// <summary><c>redtram demo</c> (gateway + four adapters over fresh SQLite databases) and <c>redtram adapter check</c> against it.</summary>
public class DemoAndAdapterCheckTests
{
    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A base port with <paramref name="count"/> consecutive free ports (the demo gives each country the next one).</summary>
    private static int FreePorts(int count)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var start = Random.Shared.Next(20000, 60000);
            var listeners = new List<TcpListener>();
            try
            {
                for (var p = start; p < start + count; p++)
                {
                    var l = new TcpListener(IPAddress.Loopback, p);
                    l.Start();
                    listeners.Add(l);
                }

                return start;
            }
            catch (SocketException)
            {
            }
            finally
            {
                foreach (var l in listeners)
                {
                    l.Stop();
                }
            }
        }

        throw new InvalidOperationException("no run of free ports found");
    }

    [Fact]
    public async Task The_demo_serves_four_countries_and_each_adapter_passes_the_conformance_kit()
    {
        var data = Path.Combine(Path.GetTempPath(), "redtram-demo-" + Guid.NewGuid().ToString("N"));
        var gatewayPort = FreePort();
        var adapterPort = FreePorts(4);
        using var cts = new CancellationTokenSource();
        var output = new StringWriter();
        var demo = DemoCommand.RunAsync(gatewayPort, adapterPort, data, 300, TextWriter.Synchronized(output), cts.Token);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gatewayPort}"), Timeout = TimeSpan.FromSeconds(10) };
            var ready = false;
            for (var i = 0; i < 600 && !ready; i++)
            {
                Assert.False(demo.IsCompleted, "the demo stopped: " + output);
                try
                {
                    ready = (await http.GetAsync("/health")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.True(ready, "the demo gateway did not start: " + output);
            var printed = output.ToString();
            Assert.Contains($"http://127.0.0.1:{gatewayPort}/explorer/", printed, StringComparison.Ordinal);
            Assert.Contains($"TOKEN=$(curl -s 'http://127.0.0.1:{gatewayPort}/dev/token?country=PE&role=prosecutor&format=text')", printed, StringComparison.Ordinal);

            // The demo gateway enforces the policy: no token, no data.
            const string search = "{ searchPersons(filter: {name: \"Francisco Soto\"}) { country totalCount } }";
            using var anonymous = await http.PostAsJsonAsync("/graphql", new JsonObject { ["query"] = search });
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

            // A token of the development issuer, and the declaration every search needs.
            var token = (await http.GetStringAsync("/dev/token?country=CL&role=prosecutor&format=text")).Trim();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new JsonObject { ["query"] = search }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Redtram-Purpose", "CRIMINAL_INVESTIGATION");
            request.Headers.Add("Redtram-Legal-Basis", "Ley 20.507, art. 411 bis CP");
            request.Headers.Add("Redtram-Case-Reference", "CL:2025-0042");
            using var res = await http.SendAsync(request);
            var text = await res.Content.ReadAsStringAsync();
            Assert.True(res.StatusCode == HttpStatusCode.OK, text);
            var body = JsonNode.Parse(text)!;
            Assert.Equal(["PE", "CL", "BR", "PY"], body["data"]!["searchPersons"]!.AsArray().Select(p => (string)p!["country"]!));
            Assert.True((int)body["data"]!["searchPersons"]![1]!["totalCount"]! >= 1);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/explorer/")).StatusCode);
            Assert.Equal(28, JsonNode.Parse(await http.GetStringAsync("/dev/users"))!["users"]!.AsArray().Count);

            // The demo's keys and policy live in the data folder; the policy loads as it is.
            Assert.True(File.Exists(Path.Combine(data, "demo-issuer", "pe.key.pem")));
            var (policy, errors) = Redtram.Gateway.Security.PolicyLoader.Load(Path.Combine(data, "policy"));
            Assert.Empty(errors);
            Assert.Equal(4, policy!.Issuers.Count);

            var report = new StringWriter();
            // The adapters trust only the demo gateway's grants: without one nothing passes, with one (signed with the demo's
            // key, as the owner's integrator would) the kit passes.
            var refused = new StringWriter();
            Assert.Equal(1, await AdapterCommand.CheckAsync($"http://127.0.0.1:{adapterPort + 1}/graphql", "CL", refused));
            Assert.Contains("UNAUTHENTICATED", refused.ToString(), StringComparison.Ordinal);
            var code = await AdapterCommand.CheckAsync($"http://127.0.0.1:{adapterPort + 1}/graphql", "CL", report, default, Path.Combine(data, "grant-key.pem"));
            Assert.True(code == 0, report.ToString());
        }
        finally
        {
            await cts.CancelAsync();
            Assert.Equal(0, await demo);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Adapter_check_refuses_a_bad_url()
    {
        var output = new StringWriter();
        Assert.Equal(2, await AdapterCommand.CheckAsync("not a url", null, output));
        Assert.Contains("not an absolute", output.ToString(), StringComparison.Ordinal);
    }
}
