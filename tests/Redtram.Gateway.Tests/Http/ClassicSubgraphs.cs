using System.Text.Json.Nodes;

namespace Redtram.Gateway.Tests.Http;

/// <summary>
/// The products / inventory / reviews subgraphs of <c>classic.graphql</c> as scripted HTTP servers. Each behaves
/// normally unless the test swaps in a misbehaving responder.
/// </summary>
public sealed class ClassicSubgraphs : IAsyncDisposable
{
    public const string ProductsJson = """
        {"data":{"topProducts":[
          {"__typename":"Product","upc":"1","name":"Mesa","price":100,"weight":10},
          {"__typename":"Product","upc":"2","name":"Silla","price":50,"weight":4}]}}
        """;

    public ScriptedSubgraph Products { get; private set; } = null!;

    public ScriptedSubgraph Inventory { get; private set; } = null!;

    public ScriptedSubgraph Reviews { get; private set; } = null!;

    public static string SupergraphPath => Path.Combine(AppContext.BaseDirectory, "Http", "classic.graphql");

    public Dictionary<string, string> Urls => new()
    {
        ["products"] = Products.Url,
        ["inventory"] = Inventory.Url,
        ["reviews"] = Reviews.Url,
    };

    public static async Task<ClassicSubgraphs> StartAsync(
        ScriptedSubgraph.Responder? products = null,
        ScriptedSubgraph.Responder? inventory = null,
        ScriptedSubgraph.Responder? reviews = null)
    {
        var s = new ClassicSubgraphs
        {
            Products = await ScriptedSubgraph.StartAsync(products ?? (_ => ScriptedSubgraph.Json(ProductsJson))),
            Inventory = await ScriptedSubgraph.StartAsync(inventory ?? InventoryEntities),
            Reviews = await ScriptedSubgraph.StartAsync(reviews ?? ReviewsEntities),
        };
        return s;
    }

    public static Task<(int, string, string)> InventoryEntities(JsonObject request)
    {
        var reps = (JsonArray)request["variables"]!["representations"]!;
        var result = new JsonArray();
        foreach (var rep in reps)
        {
            var price = (int)rep!["price"]!;
            var weight = (int)rep["weight"]!;
            result.Add(new JsonObject { ["shippingEstimate"] = (price * weight) / 10, ["inStock"] = true });
        }

        return ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["_entities"] = result } }.ToJsonString());
    }

    public static Task<(int, string, string)> ReviewsEntities(JsonObject request)
    {
        var reps = (JsonArray)request["variables"]!["representations"]!;
        var result = new JsonArray();
        foreach (var rep in reps)
        {
            var upc = (string)rep!["upc"]!;
            result.Add(new JsonObject
            {
                ["reviews"] = new JsonArray(new JsonObject
                {
                    ["body"] = "Buena " + upc,
                    ["author"] = new JsonObject { ["__typename"] = "User", ["id"] = "u" + upc, ["username"] = "ana" + upc },
                }),
            });
        }

        return ScriptedSubgraph.Json(new JsonObject { ["data"] = new JsonObject { ["_entities"] = result } }.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await Products.DisposeAsync();
        await Inventory.DisposeAsync();
        await Reviews.DisposeAsync();
    }
}
