using System.CommandLine;
using GraphQLParser;
using Redtram.Federation.Execution;
using Redtram.Federation.Operations;
using Redtram.Federation.Planning;
using Redtram.Federation.Supergraph;
using Redtram.Federation.Validation;

namespace Redtram.Cli;

/// <summary><c>redtram plan --supergraph file (--query text | --file op.graphql) [--operation name]</c>: prints the query plan.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var supergraph = new Option<string>("--supergraph", "-s") { Description = "The supergraph SDL file.", Required = true };
        var query = new Option<string?>("--query", "-q") { Description = "The operation text." };
        var file = new Option<string?>("--file", "-f") { Description = "A file holding the operation." };
        var operation = new Option<string?>("--operation") { Description = "The operation name, when the document has several." };
        var cmd = new Command("plan", "Print the query plan of an operation over a supergraph.") { supergraph, query, file, operation };
        cmd.SetAction(parse => Run(parse.GetValue(supergraph)!, parse.GetValue(query), parse.GetValue(file), parse.GetValue(operation), Console.Out, Console.Error));
        return cmd;
    }

    public static int Run(string supergraphPath, string? query, string? file, string? operationName, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            var sg = SupergraphLoader.Load(File.ReadAllText(supergraphPath));
            var text = query ?? (file is null ? null : File.ReadAllText(file));
            if (text is null)
            {
                stderr.WriteLine("error: give --query or --file.");
                return 2;
            }

            var doc = Parser.Parse(text);
            var errors = DocumentValidator.Validate(sg.ApiSchema, doc);
            if (errors.Count > 0)
            {
                foreach (var e in errors)
                {
                    stderr.WriteLine($"{e.Code}: {e.Message}");
                }

                return 1;
            }

            var op = OperationNormalizer.SelectOperation(doc, operationName, out var error);
            if (op is null)
            {
                stderr.WriteLine($"error: {error!.Message}");
                return 1;
            }

            var plan = new QueryPlanner(sg).Plan(OperationNormalizer.Normalize(sg.ApiSchema, doc, op));
            stdout.WriteLine(plan.ToString());
            return 0;
        }
        catch (Exception ex) when (ex is SupergraphException or QueryPlanningException or IOException or GraphQLParser.Exceptions.GraphQLParserException)
        {
            stderr.WriteLine("error: " + ex.Message);
            return 1;
        }
    }
}
