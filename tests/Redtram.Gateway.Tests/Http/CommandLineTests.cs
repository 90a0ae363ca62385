using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Redtram.Gateway.Tests.Http;

/// <summary>The engine's command-line contract, as outside checks use it: a real gateway process.</summary>
public class CommandLineTests
{
    private static ProcessStartInfo Gateway(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = false, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Redtram.Gateway.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return psi;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Serves_health_and_graphql_from_a_supergraph_file()
    {
        var port = FreePort();
        using var process = Process.Start(Gateway("--supergraph", ClassicSubgraphs.SupergraphPath, "--urls", $"http://127.0.0.1:{port}"))!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            HttpResponseMessage? health = null;
            for (var i = 0; i < 200 && health is null && !process.HasExited; i++)
            {
                try
                {
                    health = await http.GetAsync("/health");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(100);
                }
            }

            Assert.False(process.HasExited, "the gateway exited early");
            Assert.Equal(HttpStatusCode.OK, health?.StatusCode);
            var res = await http.PostAsync("/graphql", new StringContent("""{"query":"{ __typename }"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal("""{"data":{"__typename":"Query"}}""", await res.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
    }

    [Fact]
    public async Task A_bad_supergraph_stops_start_up_with_every_problem_listed()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, """
                schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
                enum join__Graph { A @join__graph(name: "a", url: "http://a") B }
                type Query @join__type(graph: C) { x: Int }
                """);
            using var process = Process.Start(Gateway("--supergraph", file, "--urls", $"http://127.0.0.1:{FreePort()}"))!;
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(30_000), "the gateway did not stop");
            Assert.Equal(1, process.ExitCode);
            var text = await stderr;
            Assert.Contains("'B' has no @join__graph", text, StringComparison.Ordinal);
            Assert.Contains("names the graph 'C'", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Missing_arguments_are_a_usage_error()
    {
        using var process = Process.Start(Gateway("--urls", "http://127.0.0.1:1"))!;
        Assert.True(process.WaitForExit(30_000));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--supergraph", process.StandardError.ReadToEnd(), StringComparison.Ordinal);
    }
}
