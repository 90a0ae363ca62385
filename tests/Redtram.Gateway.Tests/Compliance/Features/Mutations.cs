using GraphQL;
using Redtram.Gateway.Tests.Compliance.Harness;
using Xunit.Abstractions;
using static Redtram.Gateway.Tests.Compliance.Harness.Data;

namespace Redtram.Gateway.Tests.Compliance.Features;

/// <summary>Mutations run one after another, in document order, across two subgraphs; entity fields after a mutation.</summary>
public sealed class Mutations : Feature
{
    public override string Name => "mutations";

    public override IEnumerable<Subgraph> Subgraphs()
    {
        var counter = new List<int> { 0 };
        var log = new List<string>();
        yield return new Subgraph("ledger", """
            type Query { balance: Int! }
            type Mutation { deposit(amount: Int!): Int!  withdraw(amount: Int!): Int!  openAccount(owner: String!): Account! }
            type Account @key(fields: "id") { id: ID!  owner: String! }
            """)
            .Query("balance", _ => counter[0])
            .Mutation("deposit", c => counter[0] += c.GetArgument<int>("amount"))
            .Mutation("withdraw", c =>
            {
                var amount = c.GetArgument<int>("amount");
                if (amount > counter[0])
                    throw new ExecutionError("insufficient funds");
                return counter[0] -= amount;
            })
            .Mutation("openAccount", c => Obj("Account", new { id = "acc-" + c.GetArgument<string>("owner").ToLowerInvariant(), owner = c.GetArgument<string>("owner") }));
        yield return new Subgraph("journal", """
            type Mutation { note(text: String!): [String!]! }
            type Account @key(fields: "id") { id: ID!  tier: String! }
            """)
            .Mutation("note", c => { log.Add(c.GetArgument<string>("text")); return log.ToList(); })
            .Entity("Account", rep => Merge(Obj("Account", new { tier = "gold" }), rep));
    }
}

[Trait("Category", "Compliance")]
public sealed class MutationsTests(ComplianceFixture<Mutations> fixture, ITestOutputHelper output) : ComplianceTest<Mutations>(fixture, output)
{
    public static TheoryData<string> Cases => CasesOf("mutations");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Case(string name) => RunCase(name);
}
