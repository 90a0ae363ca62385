using System.Globalization;
using Redtram.DemoData;

string? country = null, output = null;
int persons = 2000;
int? cases = null;
long seed = 2026;
bool all = false;
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--country": country = Next(); break;
            case "--out": output = Next(); break;
            case "--persons": persons = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--cases": cases = int.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--seed": seed = long.Parse(Next(), CultureInfo.InvariantCulture); break;
            case "--all": all = true; break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
{
    Console.Error.WriteLine(e.Message);
    country = null;
}

if ((country is null && !all) || output is null)
{
    Console.Error.WriteLine("""
        usage: Redtram.DemoData --country <pe|cl|br|py> --out <file.db | postgres connection string> [--persons 2000] [--cases N] [--seed 2026]
               Redtram.DemoData --all --out <directory>      (pe.db, cl.db, br.db, py.db)
        """);
    return 2;
}

var options = new DemoOptions { Persons = persons, Cases = cases, Seed = seed };
foreach (var cc in all ? DemoDatabase.Countries : [country!])
{
    string target = all ? Path.Combine(output, cc + ".db") : output;
    var r = DemoDatabase.Create(cc, target, options);
    Console.WriteLine($"{r.Country}: {r.Persons:N0} persons, {r.Cases:N0} cases, {r.Rows:N0} rows in {r.Elapsed.TotalSeconds:F1} s -> {(DemoDatabase.IsPostgres(target) ? "PostgreSQL" : target)}");
}
return 0;
