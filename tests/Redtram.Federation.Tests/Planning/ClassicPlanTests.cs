using GraphQLParser;
using Redtram.Federation.Operations;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Tests.Planning;

public class ClassicPlanTests
{
    internal static QueryPlan Plan(string supergraphFile, string query)
    {
        var sg = SupergraphLoader.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", supergraphFile)));
        var doc = Parser.Parse(query);
        var op = OperationNormalizer.SelectOperation(doc, null, out _)!;
        var node = OperationNormalizer.Normalize(sg.ApiSchema, doc, op);
        return new QueryPlanner(sg).Plan(node);
    }

    [Fact]
    public void Requires_and_provides_join_three_subgraphs_in_two_steps()
    {
        var plan = Plan("classic.graphql", "{ topProducts { name shippingEstimate reviews { body author { username } } } }");
        Assert.Equal("""
            QueryPlan {
              Sequence {
                Fetch(service: "products") {
                  query { topProducts { __typename name price weight upc } }
                },
                Parallel {
                  Flatten(path: "topProducts.@") {
                    Fetch(service: "inventory") {
                      { ... on Product { __typename upc price weight } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { shippingEstimate } } }
                    }
                  },
                  Flatten(path: "topProducts.@") {
                    Fetch(service: "reviews") {
                      { ... on Product { __typename upc } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { reviews { body author { username } } } } }
                    }
                  }
                }
              }
            }
            """, plan.ToString());
    }
}
