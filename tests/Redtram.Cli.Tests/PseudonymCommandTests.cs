using System.Globalization;
using System.Text.Json.Nodes;

namespace Redtram.Cli.Tests;

/// <summary>
/// <c>redtram adapter pseudonym --state FILE CC:~PSEUDONYM</c>: a Peruvian adapter (demo database, grants required) hands a
/// Chilean requester at FULL pseudonymous references over HTTP — the smuggled migrant PE:10 as a search hit and as a participant
/// of case PE:1, two unlinkable pseudonyms; the command, run through the command-line parser on the adapter's state file, tells
/// Peru which local record each stands for, who got it, when and in which context.
/// </summary>
public sealed class PseudonymCommandTests() : GrantedPeAdapter("redtram-pseudonym-")
{
    /// <summary>One request of a CL prosecutor at FULL on PE's data: the migrant as a search hit and as a participant of PE:1.</summary>
    private async Task<(string Hit, string Participant)> PseudonymsAsync()
    {
        var body = await QueryAsClProsecutorAsync(AccessLevel.Full, """
            { searchPersons(filter: {document: {number: "128456790", issuer: VE}}) { hits { person { id } } }
              case(id: "PE:1") { participants { role person { id } } } }
            """);
        var hit = (string)body["data"]!["searchPersons"]![0]!["hits"]![0]!["person"]!["id"]!;
        var participant = (string)body["data"]!["case"]!["participants"]!.AsArray().Single(p => (string)p!["role"]! == "SMUGGLED_MIGRANT")!["person"]!["id"]!;
        Assert.Matches("^PE:~[A-Z2-7]{16}$", hit);
        Assert.Matches("^PE:~[A-Z2-7]{16}$", participant);
        Assert.NotEqual(hit, participant);
        return (hit, participant);
    }

    [Fact]
    public async Task Shows_the_local_record_the_requester_the_time_and_the_context()
    {
        var (hit, participant) = await PseudonymsAsync();

        var (code, output) = await RunAdapterCommandAsync("pseudonym", "--state", StatePath, hit);
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
        await StopAdapterAsync();
        (code, output) = await RunAdapterCommandAsync("pseudonym", "--state", StatePath, "  ~" + participant[4..].ToLowerInvariant() + " ");
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
        Assert.Equal((1, $"~AAAAAAAAAAAAAAAA: no such pseudonym in '{StatePath}' (never handed out, or expired).\n"), await RunAdapterCommandAsync("pseudonym", "--state", StatePath, "PE:~AAAAAAAAAAAAAAAA"));
        Assert.Equal((2, "error: not a pseudonymous reference (CC:~ and 16 characters A-Z, 2-7).\n"), await RunAdapterCommandAsync("pseudonym", "--state", StatePath, "PE:10"));
        Assert.Equal((2, "error: not a pseudonymous reference (CC:~ and 16 characters A-Z, 2-7).\n"), await RunAdapterCommandAsync("pseudonym", "--state", StatePath, "PE:~AAAA"));
        var missing = Path.Combine(Dir, "missing.sqlite");
        Assert.Equal((2, $"error: '{missing}' does not exist.\n"), await RunAdapterCommandAsync("pseudonym", "--state", missing, "PE:~AAAAAAAAAAAAAAAA"));
        // The national database is not a state file; it is opened read-only and left as it was.
        var db = Path.Combine(Dir, "pe.db");
        var length = new FileInfo(db).Length;
        Assert.Equal((2, $"error: '{db}' is not an adapter state file.\n"), await RunAdapterCommandAsync("pseudonym", "--state", db, "PE:~AAAAAAAAAAAAAAAA"));
        Assert.Equal(length, new FileInfo(db).Length);
        Assert.False(File.Exists(missing));
        Assert.NotEqual(0, (await RunAdapterCommandAsync("pseudonym", "PE:~AAAAAAAAAAAAAAAA")).Code);
        Assert.NotEqual(0, (await RunAdapterCommandAsync("pseudonym", "--state", StatePath)).Code);
    }
}
