using System.CommandLine;
using Redtram.Cli;

var root = new RootCommand("Redtram Federation command-line tool.");
root.Subcommands.Add(ComposeCommand.Create());
root.Subcommands.Add(PlanCommand.Create());
root.Subcommands.Add(AdapterCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
return await root.Parse(args).InvokeAsync();
