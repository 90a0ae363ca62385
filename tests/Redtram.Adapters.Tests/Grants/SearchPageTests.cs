using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Redtram.Adapters.Access;
using static Redtram.Adapters.Tests.Grants.FieldLevelTests;

namespace Redtram.Adapters.Tests.Grants;

/// <summary>What a HIT grant gets of a search: counts, offence categories, the contact point and a follow-up token the owner
/// can resolve from its state file.</summary>
[Collection("granted countries")]
public class SearchPageTests(GrantedCountries countries)
{
    private static Dictionary<string, object?>? FollowUpRow(AdapterHost host, string token)
    {
        var state = host.Services.GetRequiredService<AdapterState>();
        using var c = new SqliteConnection($"Data Source={state.Path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT * FROM follow_up WHERE token = @t";
        cmd.Parameters.AddWithValue("@t", token);
        using var r = cmd.ExecuteReader();
        if (!r.Read())
            return null;
        return Enumerable.Range(0, r.FieldCount).ToDictionary(r.GetName, i => r.IsDBNull(i) ? null : r.GetValue(i));
    }

    [Fact]
    public async Task Hit_grant_gets_categories_and_a_stored_follow_up_token()
    {
        var grant = GrantedCountries.Grant("PE", "CL", AccessLevel.Hit, caseRef: "CL:2500123456-3", purpose: "CRIMINAL_INVESTIGATION");
        var r = await countries.QueryAsync("PE", grant, """
            { persons: searchPersons(filter: {name: "Jose Antonio Quispe Perez"}) { country totalCount offenceCategories followUpToken contactPoint { email } }
              nobody: searchPersons(filter: {name: "Zzyzx Qwerty"}) { totalCount offenceCategories followUpToken }
              cases: searchCases(filter: {localNumber: "2301014502-2025-41-0"}) { totalCount offenceCategories followUpToken } }
            """);
        Assert.Null(r["errors"]);
        var persons = r["data"]!["persons"]![0]!;
        var token = persons["followUpToken"]!.GetValue<string>();
        Assert.Matches("^PE-FU-[A-Z2-7]{20}$", token);
        Assert.Equal($$$"""{"country":"PE","totalCount":1,"offenceCategories":["SOM"],"followUpToken":"{{{token}}}","contactPoint":{"email":"ucjie@demo.mpfn.example"}}""", J(persons));
        Assert.Equal("""[{"totalCount":0,"offenceCategories":[],"followUpToken":null}]""", J(r["data"]!["nobody"]));
        var caseToken = r["data"]!["cases"]![0]!["followUpToken"]!.GetValue<string>();
        Assert.NotEqual(token, caseToken);
        Assert.Equal("""["SOM"]""", J(r["data"]!["cases"]![0]!["offenceCategories"]));

        var row = FollowUpRow(countries.Hosts["PE"], token)!;
        Assert.Equal("CL", row["requester_country"]);
        Assert.Equal("CL:2500123456-3", row["requesting_case"]);
        Assert.Equal("CRIMINAL_INVESTIGATION", row["purpose"]);
        Assert.Equal("u-test-cl", row["user_ref"]);
        Assert.Equal("person", row["kind"]);
        Assert.Equal("""["6"]""", row["matched_local_ids"]);
        var created = DateTimeOffset.Parse((string)row["created"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((DateTimeOffset.UtcNow - created).TotalMinutes) < 5);
        Assert.EndsWith("Z", (string)row["created"]!);
        var caseRow = FollowUpRow(countries.Hosts["PE"], caseToken)!;
        Assert.Equal("case", caseRow["kind"]);
        Assert.Equal("""["1"]""", caseRow["matched_local_ids"]);
    }

    [Fact]
    public async Task Categories_and_token_cover_every_match_not_only_the_listed_ones()
    {
        // JIT at FULL, outside at HIT: only PE:1 is listed, but the token and the categories cover every match.
        var grant = GrantedCountries.Grant("PE", "CL", AccessLevel.Full, AccessLevel.Hit, ["PE:1"]);
        var r = await countries.QueryAsync("PE", grant, """
            { searchCases(filter: {openedFrom: "1900-01-01"}, first: 5) { totalCount offenceCategories followUpToken hits { case { id } } } }
            """);
        var page = r["data"]!["searchCases"]![0]!;
        var total = page["totalCount"]!.GetValue<int>();
        Assert.True(total > 10);
        Assert.Equal("""[{"case":{"id":"PE:1"}}]""", J(page["hits"]));
        var categories = page["offenceCategories"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Contains("SOM", categories);
        Assert.True(categories.Count >= 2, string.Join(",", categories));
        Assert.Equal(categories.OrderBy(c => Array.IndexOf(["TIP", "SOM", "RELATED"], c)), categories);
        var ids = JsonNode.Parse((string)FollowUpRow(countries.Hosts["PE"], page["followUpToken"]!.GetValue<string>())!["matched_local_ids"]!)!.AsArray();
        Assert.Equal(total, ids.Count);
    }
}
