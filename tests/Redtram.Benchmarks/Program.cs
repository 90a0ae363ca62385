using BenchmarkDotNet.Running;
using Redtram.Federation.Execution;
using Redtram.Federation.Supergraph;

namespace Redtram.Benchmarks;

public static class BenchmarkProgram
{
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "load")
        {
            return LoadCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "audit-load")
        {
            return AuditLoadCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "gateway-host")
        {
            return AuditLoadCommand.Host(args[1..]);
        }

        if (args.Length > 0 && args[0] == "fanout")
        {
            return FanoutCommand.Run(args[1..]);
        }

        if (args.Length > 0 && args[0] == "plan")
        {
            // Prints the plan of a benchmark query: `plan [name]`.
            var q = Queries.Get(args.Length > 1 ? args[1] : "shop");
            var sg = SupergraphLoader.Load(File.ReadAllText(Queries.FixturePath(Queries.ShopSupergraphFile)));
            var engine = new FederationGateway(sg, new RecordedSubgraphClient(), new EngineOptions());
            var (plan, errors) = engine.GetPlan(q.Query, q.OperationName);
            Console.WriteLine(plan?.ToString() ?? string.Join(Environment.NewLine, errors.Select(e => e.Message)));
            return plan is null ? 1 : 0;
        }

        if (args.Length > 0 && args[0] == "run")
        {
            // Executes a benchmark query against the in-memory subgraphs and prints the response: `run [name]`.
            var q = Queries.Get(args.Length > 1 ? args[1] : "shop");
            var sg = SupergraphLoader.Load(File.ReadAllText(Queries.FixturePath(Queries.ShopSupergraphFile)));
            var engine = new FederationGateway(sg, new RecordedSubgraphClient(new FakeSubgraphs(sg)), new EngineOptions());
            var result = engine.ExecuteAsync(new GraphQLRequest { Query = q.Query, OperationName = q.OperationName, Variables = q.Variables() }).GetAwaiter().GetResult();
            Console.WriteLine(result.ToString());
            return result.Errors.Count == 0 ? 0 : 1;
        }

        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run(args);
        return 0;
    }
}
