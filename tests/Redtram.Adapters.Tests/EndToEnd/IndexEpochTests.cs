using Microsoft.Data.Sqlite;
using Redtram.Adapters.Search;

namespace Redtram.Adapters.Tests.EndToEnd;

/// <summary>The sidecar name index: reused when the data epoch is unchanged, rebuilt when the national data changes.</summary>
public class IndexEpochTests
{
    [Fact]
    public async Task Index_is_reused_for_the_same_epoch_and_rebuilt_when_data_changes()
    {
        string dir;
        await using (var first = await AdapterHost.StartFixtureAsync())
        {
            dir = first.DataDir;
            first.DeleteDataDirOnDispose = false;
            var index = (SearchIndex)first.Services.GetService(typeof(SearchIndex))!;
            Assert.True(index.LastBuild > TimeSpan.Zero);
            Assert.StartsWith(dir, index.CurrentPath);
            Assert.False(index.CurrentPath!.EndsWith("ec-fixture.db", StringComparison.Ordinal));
        }
        await using var host = await AdapterHost.StartFixtureAsync(dir);
        host.DeleteDataDirOnDispose = true;
        var reused = (SearchIndex)host.Services.GetService(typeof(SearchIndex))!;
        Assert.Equal(TimeSpan.Zero, reused.LastBuild);
        var path = reused.CurrentPath;

        const string q = """{ searchPersons(filter: {name: "Wilmer Cusi"}) { totalCount } }""";
        Assert.Equal(0, (await host.DataAsync(q))["searchPersons"]![0]!["totalCount"]!.GetValue<int>());
        using (var c = new SqliteConnection($"Data Source={Path.Combine(dir, "ec-fixture.db")};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO persona (id, nombres, apellido1, sexo, nacionalidad, actualizado) VALUES (7, 'Wilmer', 'Cusi', 'M', 'PER', '2025-02-01')";
            cmd.ExecuteNonQuery();
        }
        await Task.Delay(1200); // epochCheckSeconds: 1 in the fixture mapping
        Assert.Equal(1, (await host.DataAsync(q))["searchPersons"]![0]!["totalCount"]!.GetValue<int>());
        Assert.NotEqual(path, reused.CurrentPath);
    }
}
