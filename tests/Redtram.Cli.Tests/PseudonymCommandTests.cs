using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Redtram.Adapters;
using Redtram.DemoData;

namespace Redtram.Cli.Tests;

/// <summary>
/// <c>redtram adapter pseudonym --state FILE CC:~PSEUDONYM</c>: a Peruvian adapter (demo database, grants required) hands a
/// Chilean requester at FULL pseudonymous references over HTTP — the smuggled migrant PE:10 as a search hit and as a participant
/// of case PE:1, two unlinkable pseudonyms; the command, run through the command-line parser on the adapter's state file, tells
/// Peru which local record each stands for, who got it, when and in which context.
/// </summary>
public sealed partial class PseudonymCommandTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-pseudonym-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly System.Security.Cryptography.ECDsa _key = GrantKeys.CreateP256();
    private Microsoft.AspNetCore.Builder.WebApplication _adapter = null!;
    private HttpClient _http = null!;

    private string StatePath => Path.Combine(_dir, "pe.redtram-adapter.sqlite");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        DemoDatabase.Create("pe", Path.Combine(_dir, "pe.db"), new DemoOptions { Persons = 300 });
        _adapter = AdapterApp.Build(new AdapterOptions
        {
            MappingPath = Path.Combine(Root(), "adapters", "countries", "pe", "mapping.yaml"),
            DataDir = _dir,
            Urls = "http://127.0.0.1:0",
            GrantKeys = [new GrantKey("gw-test", _key)],
        });
        await _adapter.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(AdapterApp.BaseUrl(_adapter)) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _adapter.StopAsync();
        await _adapter.DisposeAsync();
        _key.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Redtram.Federation.sln")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    /// <summary>One request of a CL prosecutor at FULL on PE's data: the migrant as a search hit and as a participant of PE:1.</summary>
    private async Task<(string Hit, string Participant)> PseudonymsAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var grant = new AccessGrant("PE", "CL", ["prosecutor"], "CRIMINAL_INVESTIGATION", "CL:2500123456-3", AccessLevel.Full, AccessLevel.Full,
            [], [], "u-7f3a9c", now, now + AccessGrant.DefaultLifetime);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new
            {
                query = """
                    { searchPersons(filter: {document: {number: "128456790", issuer: VE}}) { hits { person { id } } }
                      case(id: "PE:1") { participants { role person { id } } } }
                    """,
            }),
        };
        request.Headers.Add(AccessGrant.HeaderName, new GrantSigner(_key, "gw-test").Sign(grant));
        using var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var hit = (string)body["data"]!["searchPersons"]![0]!["hits"]![0]!["person"]!["id"]!;
        var participant = (string)body["data"]!["case"]!["participants"]!.AsArray().Single(p => (string)p!["role"]! == "SMUGGLED_MIGRANT")!["person"]!["id"]!;
        Assert.Matches("^PE:~[A-Z2-7]{16}$", hit);
        Assert.Matches("^PE:~[A-Z2-7]{16}$", participant);
        Assert.NotEqual(hit, participant);
        return (hit, participant);
    }

    /// <summary>Runs <c>redtram adapter pseudonym</c> through the command-line parser.</summary>
    private static async Task<(int Code, string Out)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { AdapterCommand.Create() };
        var code = await root.Parse(["adapter", "pseudonym", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
        return (code, output.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^time \(UTC\)         (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)$", RegexOptions.Multiline)]
    private static partial Regex TimeLine();

    private static string WithoutTime(string output, out DateTimeOffset time)
    {
        var m = TimeLine().Match(output);
        Assert.True(m.Success, output);
        time = DateTimeOffset.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return output.Replace(m.Value, "time (UTC)         <time>", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shows_the_local_record_the_requester_the_time_and_the_context()
    {
        var (hit, participant) = await PseudonymsAsync();

        var (code, output) = await RunAsync("--state", StatePath, hit);
        Assert.Equal(0, code);
        Assert.Equal($"""
            pseudonym          ~{hit[4..]}
            local id           10
            requester country  CL
            time (UTC)         <time>
            context            hit

            """.Replace("\r\n", "\n", StringComparison.Ordinal), WithoutTime(output, out var time));
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - time).TotalMinutes) < 5, time.ToString("o", CultureInfo.InvariantCulture));

        // The participant's pseudonym, quoted without the country and in lower case, read once the adapter has stopped.
        await _adapter.StopAsync();
        (code, output) = await RunAsync("--state", StatePath, "  ~" + participant[4..].ToLowerInvariant() + " ");
        Assert.Equal(0, code);
        Assert.Equal($"""
            pseudonym          ~{participant[4..]}
            local id           10
            requester country  CL
            time (UTC)         <time>
            context            case:PE:1

            """.Replace("\r\n", "\n", StringComparison.Ordinal), WithoutTime(output, out _));
    }

    [Fact]
    public async Task Unknown_pseudonym_bad_pseudonym_and_bad_files()
    {
        await PseudonymsAsync();
        Assert.Equal((1, $"~AAAAAAAAAAAAAAAA: no such pseudonym in '{StatePath}' (never handed out, or expired).\n"), await RunAsync("--state", StatePath, "PE:~AAAAAAAAAAAAAAAA"));
        Assert.Equal((2, "error: not a pseudonymous reference (CC:~ and 16 characters A-Z, 2-7).\n"), await RunAsync("--state", StatePath, "PE:10"));
        Assert.Equal((2, "error: not a pseudonymous reference (CC:~ and 16 characters A-Z, 2-7).\n"), await RunAsync("--state", StatePath, "PE:~AAAA"));
        var missing = Path.Combine(_dir, "missing.sqlite");
        Assert.Equal((2, $"error: '{missing}' does not exist.\n"), await RunAsync("--state", missing, "PE:~AAAAAAAAAAAAAAAA"));
        // The national database is not a state file; it is opened read-only and left as it was.
        var db = Path.Combine(_dir, "pe.db");
        var length = new FileInfo(db).Length;
        Assert.Equal((2, $"error: '{db}' is not an adapter state file.\n"), await RunAsync("--state", db, "PE:~AAAAAAAAAAAAAAAA"));
        Assert.Equal(length, new FileInfo(db).Length);
        Assert.False(File.Exists(missing));
        Assert.NotEqual(0, (await RunAsync("PE:~AAAAAAAAAAAAAAAA")).Code);
        Assert.NotEqual(0, (await RunAsync("--state", StatePath)).Code);
    }
}
