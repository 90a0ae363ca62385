namespace Redtram.Adapters.Tests;

public class SmokeTests
{
    [Fact]
    public async Task Serves_sdl_and_search()
    {
        await using var host = await AdapterHost.StartFixtureAsync();
        var sdl = await host.DataAsync("{ _service { sdl } }");
        Console.WriteLine(sdl.Print()[..Math.Min(600, sdl.Print().Length)]);
        var r = await host.QueryAsync("""{ searchPersons(filter: {name: "jose quispe"}) { country totalCount hits { score reasons { kind field weight } cursor person { id givenNames surnames { value kind } birthDate birthDatePrecision sex asOf nationalities documents { type localType number normalized issuer checkDigitValid } phones { e164 } aliases participations { role protection case { id localNumber status offences { localLegalRef category iccsCode stage aggravatingFactors exploitationForms } organisations { id name kind } } } } } pageInfo { hasNextPage endCursor } contactPoint { office } } }""");
        Console.WriteLine(r.Print());
        Assert.Null(r["errors"]);
    }
}
