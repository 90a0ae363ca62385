using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Redtram.Gateway.Security;

namespace Redtram.Gateway.Tests.Security;

public sealed class RequestContextTests
{
    private static readonly AccessPolicy Policy = PolicyLoader.Load(SecurityFixture.CheckedInPolicyDir).Policy!;
    private static readonly Principal Pe = new("user-x", "https://idp.test", "PE", Roles.Prosecutor, null, DateTimeOffset.UnixEpoch);

    private static JsonElement Ext(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static RequestContextResult Parse(string? extensions, params (string Name, string Value)[] headers)
    {
        var h = new HeaderDictionary();
        foreach (var (n, v) in headers) h.Append(n, v);
        return RequestContext.Parse(extensions is null ? null : Ext(extensions), h, Pe, Policy);
    }

    private const string Complete = """{"redtram":{"purpose":"CRIMINAL_INVESTIGATION","legalBasis":"Ley 30077 art. 3","caseReference":"PE:2025-0001"}}""";

    [Fact]
    public void Declaration_in_extensions_is_read()
    {
        var r = Parse(Complete);
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal(new RequestContext("CRIMINAL_INVESTIGATION", "Ley 30077 art. 3", "PE:2025-0001"), r.Context);
    }

    [Fact]
    public void Declaration_in_headers_is_read()
    {
        var r = Parse(null, (RequestContext.PurposeHeader, "PROSECUTION"), (RequestContext.LegalBasisHeader, "CPP art. 159"), (RequestContext.CaseReferenceHeader, "PE:7"));
        Assert.True(r.Succeeded, r.Error?.Message);
        Assert.Equal("PROSECUTION", r.Context.Purpose);
        Assert.Equal("PE:7", r.Context.CaseReference);
    }

    [Fact]
    public void Extensions_and_headers_may_be_mixed_and_must_agree()
    {
        var mixed = Parse("""{"redtram":{"purpose":"PROSECUTION"}}""", (RequestContext.LegalBasisHeader, "CPP art. 159"), (RequestContext.CaseReferenceHeader, "PE:7"));
        Assert.True(mixed.Succeeded, mixed.Error?.Message);
        var conflict = Parse(Complete, (RequestContext.PurposeHeader, "PROSECUTION"));
        Assert.False(conflict.Succeeded);
        Assert.Equal("purpose", conflict.Error.Field);
        Assert.True(Parse(Complete, (RequestContext.PurposeHeader, "CRIMINAL_INVESTIGATION")).Succeeded);
    }

    [Theory]
    [InlineData(null, "purpose")]
    [InlineData("{}", "purpose")]
    [InlineData("""{"redtram":{"legalBasis":"x","caseReference":"PE:1"}}""", "purpose")]
    [InlineData("""{"redtram":{"purpose":"  ","legalBasis":"x","caseReference":"PE:1"}}""", "purpose")]
    [InlineData("""{"redtram":{"purpose":"CURIOSITY","legalBasis":"x","caseReference":"PE:1"}}""", "purpose")]
    [InlineData("""{"redtram":{"purpose":"PROSECUTION","caseReference":"PE:1"}}""", "legalBasis")]
    [InlineData("""{"redtram":{"purpose":"PROSECUTION","legalBasis":"a\u0000b","caseReference":"PE:1"}}""", "legalBasis")]
    [InlineData("""{"redtram":{"purpose":"PROSECUTION","legalBasis":"x"}}""", "caseReference")]
    [InlineData("""{"redtram":{"purpose":"PROSECUTION","legalBasis":"x","caseReference":"2025-1"}}""", "caseReference")]
    [InlineData("""{"redtram":{"purpose":"PROSECUTION","legalBasis":"x","caseReference":"CL:2025-1"}}""", "caseReference")]
    [InlineData("""{"redtram":{"purpose":1,"legalBasis":"x","caseReference":"PE:1"}}""", "purpose")]
    [InlineData("""{"redtram":"PROSECUTION"}""", "extensions.redtram")]
    public void Missing_or_invalid_declaration_is_BAD_USER_INPUT(string? extensions, string field)
    {
        var r = Parse(extensions);
        Assert.False(r.Succeeded);
        Assert.Equal("BAD_USER_INPUT", r.Error.Code);
        Assert.Equal(field, r.Error.Field);
    }

    [Fact]
    public void Legal_basis_over_200_characters_is_refused_and_error_never_echoes_values()
    {
        var basis = new string('b', 201);
        var r = Parse(null, (RequestContext.PurposeHeader, "PROSECUTION"), (RequestContext.LegalBasisHeader, basis), (RequestContext.CaseReferenceHeader, "PE:secret-case"));
        Assert.Equal("legalBasis", r.Error!.Field);
        var wrongCountry = Parse(null, (RequestContext.PurposeHeader, "PROSECUTION"), (RequestContext.LegalBasisHeader, "x"), (RequestContext.CaseReferenceHeader, "CL:secret-case"));
        Assert.DoesNotContain("secret-case", wrongCountry.Error!.Message);
    }
}
