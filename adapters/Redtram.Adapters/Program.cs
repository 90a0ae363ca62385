using Redtram.Adapters;
using Redtram.Adapters.Mapping;

// redtram adapter host: dotnet run --project adapters/Redtram.Adapters -- --mapping adapters/countries/pe/mapping.yaml --urls http://127.0.0.1:5101 [--data-dir DIR] [--connection CS] [--index PATH]
string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

var mappingPath = Arg("--mapping");
if (mappingPath is null)
{
    Console.Error.WriteLine("usage: Redtram.Adapters --mapping <mapping.yaml> [--urls http://127.0.0.1:5101] [--data-dir DIR] [--connection CS] [--index PATH]");
    return 2;
}
try
{
    var app = AdapterApp.Build(new AdapterOptions
    {
        MappingPath = mappingPath,
        Urls = Arg("--urls") ?? "http://127.0.0.1:5100",
        DataDir = Arg("--data-dir"),
        ConnectionString = Arg("--connection"),
        IndexPath = Arg("--index"),
        MinimumLogLevel = LogLevel.Information,
    });
    await app.RunAsync();
    return 0;
}
catch (MappingException e)
{
    Console.Error.WriteLine("mapping error: " + e.Message);
    return 2;
}
