using System.Text.Json.Nodes;

namespace Redtram.Benchmarks;

/// <summary>A named benchmark operation on the shop supergraph (Fixtures/shop.graphql).</summary>
public sealed record BenchQuery(string Name, string Query, string? OperationName, string VariablesJson)
{
    public JsonObject Variables() => (JsonObject)JsonNode.Parse(VariablesJson)!;
}

/// <summary>The operations used by the micro-benchmarks and the load command.</summary>
public static class Queries
{
    public const string ShopSupergraphFile = "shop.graphql";

    /// <summary>
    /// Five subgraphs, three levels of entity calls (products → reviews → accounts → shipping), @requires at two
    /// levels (inventory: price weight; shipping: address { country zip }), @provides (reviews: author.username),
    /// fragments on an interface and on its implementations, variables, @include, aliases.
    /// </summary>
    public static readonly BenchQuery Shop = new(
        "shop",
        """
        query ShopPage($first: Int = 6, $withDelivery: Boolean!, $upc: String!) {
          me { id name ...UserBits }
          topProducts(first: $first) {
            __typename
            upc
            title: name
            ...ProductCard
            ... on Book { isbn pages inStock shippingEstimate reviews { ...ReviewBits } }
            ... on Furniture { material inStock eta: shippingEstimate reviews { ...ReviewBits } }
          }
          featured: product(upc: $upc) { upc name price ... on Book { inStock } }
        }

        fragment ProductCard on Product { price weight }

        fragment ReviewBits on Review {
          id
          stars: rating
          body
          author {
            id
            username
            name
            email
            deliveryOptions @include(if: $withDelivery) { carrier days cost }
          }
        }

        fragment UserBits on User { username address { city country } }
        """,
        "ShopPage",
        """{"first":6,"withDelivery":true,"upc":"p-3"}""");

    /// <summary>One entity jump with @requires: products → inventory.</summary>
    public static readonly BenchQuery Requires = new(
        "requires",
        """
        query Stock($first: Int) {
          topProducts(first: $first) { upc name price ... on Book { inStock shippingEstimate } ... on Furniture { inStock shippingEstimate } }
        }
        """,
        "Stock",
        """{"first":8}""");

    /// <summary>A single root fetch: the gateway's fixed overhead.</summary>
    public static readonly BenchQuery Root = new(
        "root",
        "{ topProducts(first: 5) { upc name price weight } }",
        null,
        "{}");

    public static readonly IReadOnlyList<BenchQuery> All = [Shop, Requires, Root];

    public static BenchQuery Get(string name) =>
        All.FirstOrDefault(q => q.Name == name) ?? throw new ArgumentException($"Unknown query '{name}'. Known: {string.Join(", ", All.Select(q => q.Name))}.");

    public static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", file);

    /// <summary>The repository's root (the folder holding Redtram.Federation.sln), found from the build output.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "Redtram.Federation.sln")))
                {
                    return d.FullName;
                }
            }

            throw new InvalidOperationException("Redtram.Federation.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
