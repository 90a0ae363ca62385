using System.CommandLine;
using Redtram.Cli;

var root = new RootCommand("Redtram Federation command-line tool.");
root.Subcommands.Add(ComposeCommand.Create());
return await root.Parse(args).InvokeAsync();
