using System.Diagnostics;
using Xunit.Abstractions;

namespace Redtram.Gateway.Tests.Explorer;

/// <summary>
/// Headless Chromium loads the explorer served on 127.0.0.1 and GraphiQL must render under the page's CSP.
/// Opt-in: runs only with <c>REDTRAM_BROWSER_TESTS=1</c> (then a missing Chromium fails the test); the binary is
/// <c>chromium</c> on the PATH (Debian: <c>apt-get install -y chromium</c>) or <c>REDTRAM_CHROMIUM</c>.
/// <c>REDTRAM_BROWSER_SCREENSHOT=/path/file.png</c> also saves a screenshot of the page.
/// </summary>
public class ExplorerBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task GraphiQL_renders_in_headless_chromium_under_the_csp()
    {
        if (Environment.GetEnvironmentVariable("REDTRAM_BROWSER_TESTS") != "1")
        {
            // Opt-in (see the class summary); xunit 2 has no dynamic skip, so this passes without running.
            return;
        }

        var chromium = FindChromium();
        await using var host = await ExplorerHost.StartAsync();
        var page = new Uri(host.BaseAddress, "explorer/").ToString();

        var (dom, log) = await RunChromiumAsync(chromium, ["--dump-dom", page]);
        foreach (var line in log.Split('\n').Where(l => l.Contains(":CONSOLE", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.True(dom.Contains("graphiql-container", StringComparison.Ordinal), "GraphiQL did not render. DOM:\n" + Tail(dom) + "\nbrowser log:\n" + Tail(log));
        Assert.Contains("graphiql-query-editor", dom, StringComparison.Ordinal);
        Assert.Contains("Redtram Federation", dom, StringComparison.Ordinal);
        // The examples dropdown was filled from examples.json.
        Assert.Contains("Persons by identity document", dom, StringComparison.Ordinal);
        // GraphiQL's introspection query reached /graphql as a JSON POST (connect-src 'self' let it through).
        Assert.True(host.GraphQLRequests > 0, "GraphiQL sent no JSON POST to /graphql. browser log:\n" + Tail(log));
        // Nothing refused by the CSP, no uncaught error.
        foreach (var line in log.Split('\n'))
        {
            Assert.False(line.Contains("Refused to", StringComparison.Ordinal) || line.Contains("Content Security Policy", StringComparison.Ordinal) || line.Contains("net::ERR_", StringComparison.Ordinal), "CSP violation or failed request: " + line);
            Assert.False(line.Contains("Uncaught", StringComparison.Ordinal), "script error: " + line);
        }

        // A first visit shows the default query of examples.json.
        Assert.Contains("PersonsByName", dom, StringComparison.Ordinal);

        // #example=2 puts the second example, with its variables, into the editors.
        var (example, exampleLog) = await RunChromiumAsync(chromium, ["--dump-dom", page + "#example=2"]);
        Assert.True(example.Contains("PersonsByDocument", StringComparison.Ordinal), "the example was not loaded. browser log:\n" + Tail(exampleLog));
        Assert.Contains("12.345.678-5", example, StringComparison.Ordinal);

        if (Environment.GetEnvironmentVariable("REDTRAM_BROWSER_SCREENSHOT") is { Length: > 0 } screenshot)
        {
            await RunChromiumAsync(chromium, ["--screenshot=" + Path.GetFullPath(screenshot), "--window-size=1400,900", page + "#example=2"]);
            Assert.True(File.Exists(screenshot), "no screenshot was written to " + screenshot);
        }
    }

    private static string FindChromium()
    {
        if (Environment.GetEnvironmentVariable("REDTRAM_CHROMIUM") is { Length: > 0 } configured)
        {
            Assert.True(File.Exists(configured), $"REDTRAM_CHROMIUM points at '{configured}', which does not exist.");
            return configured;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        Assert.Fail("REDTRAM_BROWSER_TESTS=1 but no Chromium was found (chromium, chromium-browser or google-chrome on the PATH, or REDTRAM_CHROMIUM). On Debian: apt-get install -y chromium.");
        return null!;
    }

    /// <summary>Runs headless Chromium once; returns its stdout and its log (stderr, with the page's console messages).</summary>
    private static async Task<(string Stdout, string Log)> RunChromiumAsync(string chromium, string[] args)
    {
        var profile = Directory.CreateTempSubdirectory("redtram-chromium-");
        try
        {
            var psi = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
                         // Every host name but the loopback address fails to resolve: the page cannot reach anything else.
                         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                         "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000",
                         "--user-data-dir=" + profile.FullName,
                     })
            {
                psi.ArgumentList.Add(a);
            }

            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }

            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cts = new CancellationTokenSource(BrowserTimeout);
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"Chromium did not finish within {BrowserTimeout.TotalSeconds} s. log:\n" + Tail(await stderr));
            }

            return (await stdout, await stderr);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Chromium may still be closing files in its profile; the temp folder is cleaned up later.
            }
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];
}
