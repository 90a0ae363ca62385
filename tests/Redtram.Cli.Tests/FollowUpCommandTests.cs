using System.CommandLine;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Redtram.Adapters;
using Redtram.DemoData;

namespace Redtram.Cli.Tests;

/// <summary>
/// <c>redtram adapter follow-up --state FILE TOKEN</c>: a Peruvian adapter (demo database, grants required) hands a Chilean
/// requester at HIT follow-up tokens over HTTP; the command, run through the command-line parser on the adapter's state file,
/// tells Peru's contact point when, who, why and which local records.
/// </summary>
public sealed partial class FollowUpCommandTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "redtram-follow-up-" + Guid.NewGuid().ToString("N")[..8]);
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

    /// <summary>Follow-up tokens of a CL prosecutor's searches at HIT on PE's data.</summary>
    private async Task<(string Person, string Case)> TokensAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var grant = new AccessGrant("PE", "CL", ["prosecutor"], "CRIMINAL_INVESTIGATION", "CL:2500123456-3", AccessLevel.Hit, AccessLevel.Hit,
            [], [], "u-7f3a9c", now, now + AccessGrant.DefaultLifetime);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = JsonContent.Create(new
            {
                query = """
                    { p: searchPersons(filter: {name: "Jose Antonio Quispe Perez"}) { totalCount followUpToken }
                      c: searchCases(filter: {localNumber: "2301014502-2025-41-0"}) { totalCount followUpToken } }
                    """,
            }),
        };
        request.Headers.Add(AccessGrant.HeaderName, new GrantSigner(_key, "gw-test").Sign(grant));
        using var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["errors"] is null, body.ToJsonString());
        return ((string)body["data"]!["p"]![0]!["followUpToken"]!, (string)body["data"]!["c"]![0]!["followUpToken"]!);
    }

    /// <summary>Runs <c>redtram adapter follow-up</c> through the command-line parser.</summary>
    private static async Task<(int Code, string Out)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var root = new RootCommand { AdapterCommand.Create() };
        var code = await root.Parse(["adapter", "follow-up", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = output });
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
    public async Task Shows_who_asked_when_why_and_which_local_records_matched()
    {
        var (person, kase) = await TokensAsync();

        var (code, output) = await RunAsync("--state", StatePath, person);
        Assert.Equal(0, code);
        Assert.Equal($"""
            token              {person}
            time (UTC)         <time>
            requester country  CL
            requesting case    CL:2500123456-3
            purpose            CRIMINAL_INVESTIGATION
            user reference     u-7f3a9c
            kind               person
            matched local ids  1
              6

            """.Replace("\r\n", "\n", StringComparison.Ordinal), WithoutTime(output, out var time));
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - time).TotalMinutes) < 5, time.ToString("o", CultureInfo.InvariantCulture));

        // The case search's token, quoted in lower case with spaces around it, and read once the adapter has stopped.
        await _adapter.StopAsync();
        (code, output) = await RunAsync("--state", StatePath, "  " + kase.ToLowerInvariant() + " ");
        Assert.Equal(0, code);
        Assert.Equal($"""
            token              {kase}
            time (UTC)         <time>
            requester country  CL
            requesting case    CL:2500123456-3
            purpose            CRIMINAL_INVESTIGATION
            user reference     u-7f3a9c
            kind               case
            matched local ids  1
              1

            """.Replace("\r\n", "\n", StringComparison.Ordinal), WithoutTime(output, out _));
    }

    [Fact]
    public async Task Unknown_token_bad_token_and_bad_files()
    {
        await TokensAsync();
        Assert.Equal((1, $"PE-FU-AAAAAAAAAAAAAAAAAAAA: no such follow-up token in '{StatePath}'.\n"), await RunAsync("--state", StatePath, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal((2, "error: not a follow-up token (CC-FU- and 20 characters A-Z, 2-7).\n"), await RunAsync("--state", StatePath, "PE-FU-123"));
        var missing = Path.Combine(_dir, "missing.sqlite");
        Assert.Equal((2, $"error: '{missing}' does not exist.\n"), await RunAsync("--state", missing, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        // The national database is not a state file; it is opened read-only and left as it was.
        var db = Path.Combine(_dir, "pe.db");
        var length = new FileInfo(db).Length;
        Assert.Equal((2, $"error: '{db}' is not an adapter state file.\n"), await RunAsync("--state", db, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(length, new FileInfo(db).Length);
        Assert.False(File.Exists(missing));
        // --state is required, the token too.
        Assert.NotEqual(0, (await RunAsync("PE-FU-AAAAAAAAAAAAAAAAAAAA")).Code);
        Assert.NotEqual(0, (await RunAsync("--state", StatePath)).Code);
    }
}
