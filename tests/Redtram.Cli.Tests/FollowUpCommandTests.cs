using System.Globalization;
using System.Text.Json.Nodes;

namespace Redtram.Cli.Tests;

/// <summary>
/// <c>redtram adapter follow-up --state FILE TOKEN</c>: a Peruvian adapter (demo database, grants required) hands a Chilean
/// requester at HIT follow-up tokens over HTTP; the command, run through the command-line parser on the adapter's state file,
/// tells Peru's contact point when, who, why and which local records.
/// </summary>
public sealed class FollowUpCommandTests() : GrantedPeAdapter("redtram-follow-up-")
{
    /// <summary>Follow-up tokens of a CL prosecutor's searches at HIT on PE's data.</summary>
    private async Task<(string Person, string Case)> TokensAsync()
    {
        var body = await QueryAsClProsecutorAsync(AccessLevel.Hit, """
            { p: searchPersons(filter: {name: "Jose Antonio Quispe Perez"}) { totalCount followUpToken }
              c: searchCases(filter: {localNumber: "2301014502-2025-41-0"}) { totalCount followUpToken } }
            """);
        Assert.True(body["errors"] is null, body.ToJsonString());
        return ((string)body["data"]!["p"]![0]!["followUpToken"]!, (string)body["data"]!["c"]![0]!["followUpToken"]!);
    }

    [Fact]
    public async Task Shows_who_asked_when_why_and_which_local_records_matched()
    {
        var (person, kase) = await TokensAsync();

        var (code, output) = await RunAdapterCommandAsync("follow-up", "--state", StatePath, person);
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
        await StopAdapterAsync();
        (code, output) = await RunAdapterCommandAsync("follow-up", "--state", StatePath, "  " + kase.ToLowerInvariant() + " ");
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
        Assert.Equal((1, $"PE-FU-AAAAAAAAAAAAAAAAAAAA: no such follow-up token in '{StatePath}'.\n"), await RunAdapterCommandAsync("follow-up", "--state", StatePath, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal((2, "error: not a follow-up token (CC-FU- and 20 characters A-Z, 2-7).\n"), await RunAdapterCommandAsync("follow-up", "--state", StatePath, "PE-FU-123"));
        var missing = Path.Combine(Dir, "missing.sqlite");
        Assert.Equal((2, $"error: '{missing}' does not exist.\n"), await RunAdapterCommandAsync("follow-up", "--state", missing, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        // The national database is not a state file; it is opened read-only and left as it was.
        var db = Path.Combine(Dir, "pe.db");
        var length = new FileInfo(db).Length;
        Assert.Equal((2, $"error: '{db}' is not an adapter state file.\n"), await RunAdapterCommandAsync("follow-up", "--state", db, "PE-FU-AAAAAAAAAAAAAAAAAAAA"));
        Assert.Equal(length, new FileInfo(db).Length);
        Assert.False(File.Exists(missing));
        // --state is required, the token too.
        Assert.NotEqual(0, (await RunAdapterCommandAsync("follow-up", "PE-FU-AAAAAAAAAAAAAAAAAAAA")).Code);
        Assert.NotEqual(0, (await RunAdapterCommandAsync("follow-up", "--state", StatePath)).Code);
    }
}
