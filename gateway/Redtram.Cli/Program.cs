using System.CommandLine;

var root = new RootCommand("Redtram Federation command-line tool.");
return root.Parse(args).Invoke();
