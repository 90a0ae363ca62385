using Redtram.Federation.Supergraph;

namespace Redtram.Federation.Tests.Planning;

/// <summary>Federation 1 supergraphs (@core, join v0.1, @join__owner): owned fields, extension fields, key fields of extensions.</summary>
public class Federation1PlanTests
{
    [Fact]
    public void Loads_a_federation_1_supergraph_and_plans_extension_fields_through_keys()
    {
        var sg = SupergraphLoader.Load(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fed1.graphql")));
        Assert.True(sg.IsFederation1);
        Assert.Equal(["inventory", "products", "reviews"], sg.Subgraphs.Select(s => s.Name));
        Assert.Null(sg.ApiSchema.GetType("join__Graph"));
        Assert.Null(sg.ApiSchema.GetType("core__Purpose"));

        var plan = ClassicPlanTests.Plan("fed1.graphql", "{ topProducts { name inStock shippingEstimate reviews { body } } }");
        Assert.Equal("""
            QueryPlan {
              Sequence {
                Fetch(service: "products") {
                  query { topProducts { __typename name upc price weight } }
                },
                Parallel {
                  Flatten(path: "topProducts.@") {
                    Fetch(service: "inventory") {
                      { ... on Product { __typename upc price weight } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { inStock shippingEstimate } } }
                    }
                  },
                  Flatten(path: "topProducts.@") {
                    Fetch(service: "reviews") {
                      { ... on Product { __typename upc } } =>
                      query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { reviews { body } } } }
                    }
                  }
                }
              }
            }
            """, plan.ToString());
    }
}
