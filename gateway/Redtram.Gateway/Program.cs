using Redtram.Gateway;

string? supergraph = null;
string urls = "http://127.0.0.1:4000";
for (var i = 0; i < args.Length - 1; i++)
{
    if (args[i] == "--supergraph")
    {
        supergraph = args[i + 1];
    }
    else if (args[i] == "--urls")
    {
        urls = args[i + 1];
    }
}

if (supergraph is null)
{
    Console.Error.WriteLine("usage: Redtram.Gateway --supergraph <file> [--urls <url>]");
    return 2;
}

var app = GatewayApp.Build(new GatewayOptions { SupergraphPath = supergraph, Urls = urls });
await app.RunAsync();
return 0;
