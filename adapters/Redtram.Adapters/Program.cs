using Redtram.Adapters;
using Redtram.Adapters.Access;
using Redtram.Adapters.Mapping;

// redtram adapter host: dotnet run --project adapters/Redtram.Adapters -- --mapping adapters/countries/pe/mapping.yaml --urls http://127.0.0.1:5101
//     --grant-keys gateway-grant-keys.json [--grant-issuer redtram-gateway] | --allow-ungranted
//     [--data-dir DIR] [--connection CS] [--index PATH] [--state PATH] [--pseudonym-secret FILE] [--pseudonym-retention-days N]
const string Usage = "usage: Redtram.Adapters --mapping <mapping.yaml> (--grant-keys <jwks file> [--grant-issuer ISS] | --allow-ungranted)\n" +
                     "       [--urls http://127.0.0.1:5101] [--data-dir DIR] [--connection CS] [--index PATH] [--state PATH] [--pseudonym-secret FILE]\n" +
                     "       [--pseudonym-retention-days N]";

string? Arg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

var mappingPath = Arg("--mapping");
if (mappingPath is null)
{
    Console.Error.WriteLine(Usage);
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
        GrantKeysPath = Arg("--grant-keys"),
        GrantIssuer = Arg("--grant-issuer"),
        AllowUngranted = args.Contains("--allow-ungranted"),
        StatePath = Arg("--state"),
        PseudonymSecretFile = Arg("--pseudonym-secret"),
        PseudonymRetention = Arg("--pseudonym-retention-days") is { } days
            ? int.TryParse(days, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) && d > 0
                ? TimeSpan.FromDays(d)
                : throw new AdapterConfigurationException("--pseudonym-retention-days takes a positive number of days")
            : null,
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
catch (AdapterConfigurationException e)
{
    Console.Error.WriteLine("configuration error: " + e.Message);
    Console.Error.WriteLine(Usage);
    return 2;
}
