using Redtram.Adapters.Normalization;

namespace Redtram.Adapters.Tests.Normalization;

public class DocumentTests
{
    [Theory]
    [InlineData("CL_RUN", "12.345.678-5", "123456785")]
    [InlineData("CL_RUN", "9.876.543-3", "98765433")]
    [InlineData("CL_RUN", "10.000.013-K", "10000013K")]
    [InlineData("BR_CPF", "529.982.247-25", "52998224725")]
    [InlineData("AR_CUIT", "20-12345678-6", "20123456786")]
    [InlineData("AR_CUIT", "27-12345678-0", "27123456780")]
    [InlineData("EC_CEDULA", "1710034065", "1710034065")]
    [InlineData("EC_RUC", "1710034065001", "1710034065001")]
    [InlineData("UY_CI", "1.234.567-2", "12345672")]
    [InlineData("MX_CURP", "GOCJ800101HDFNRN05", "GOCJ800101HDFNRN05")]
    [InlineData("ES_DNI", "12345678-Z", "12345678Z")]
    [InlineData("ES_NIE", "X-1234567-L", "X1234567L")]
    [InlineData("PT_NIF", "123 456 789", "123456789")]
    public void Valid_numbers_pass_their_check(string rule, string number, string normalized)
    {
        var r = Documents.Check(rule, number);
        Assert.True(r.Valid, r.Problem);
        Assert.Equal(normalized, r.Normalized);
    }

    [Theory]
    [InlineData("CL_RUN", "12.345.678-9", "RUN 12.345.678-9 fails its mod-11 check digit (expected 5)")]
    [InlineData("BR_CPF", "529.982.247-24", "CPF 529.982.247-24 fails its two mod-11 check digits (expected 25)")]
    [InlineData("BR_CPF", "111.111.111-11", "CPF 111.111.111-11 has all digits equal")]
    [InlineData("BR_CPF", "1234", "CPF 1234 must have 11 digits")]
    [InlineData("AR_CUIT", "20-12345678-5", "CUIL/CUIT 20-12345678-5 fails its mod-11 check digit (expected 6)")]
    [InlineData("EC_CEDULA", "1710034066", "cédula (EC) 1710034066 fails its mod-10 check digit (expected 5)")]
    [InlineData("UY_CI", "1.234.567-3", "CI (UY) 1.234.567-3 fails its check digit (expected 2)")]
    [InlineData("MX_CURP", "GOCJ800101HDFNRN04", "CURP GOCJ800101HDFNRN04 fails its check digit (expected 5)")]
    [InlineData("ES_DNI", "12345678A", "DNI (ES) 12345678A fails its mod-23 check letter (expected Z)")]
    [InlineData("ES_NIE", "X1234567A", "NIE X1234567A fails its mod-23 check letter (expected L)")]
    [InlineData("PT_NIF", "123456780", "NIF (PT) 123456780 fails its mod-11 check digit (expected 9)")]
    [InlineData("PE_DNI", "1234567", "DNI (PE) 1234567 must have 8 digits")]
    [InlineData("PY_CI", "12A45", "CI (PY) 12A45 must have 5 to 9 digits")]
    public void Invalid_numbers_name_the_rule(string rule, string number, string problem)
    {
        var r = Documents.Check(rule, number);
        Assert.False(r.Valid);
        Assert.Equal(problem, r.Problem);
    }

    [Fact]
    public void Rules_without_check_digit_report_null()
    {
        Assert.Null(Documents.Check("PE_DNI", "45678912").Valid);
        Assert.Null(Documents.Check("PY_CI", "4.567.890").Valid);
        Assert.Null(Documents.Check("PASSPORT", "fx-123456").Valid);
        Assert.Equal("FX123456", Documents.Check("PASSPORT", "fx-123456").Normalized);
    }

    [Fact]
    public void Default_rules_per_issuer()
    {
        Assert.Equal("CL_RUN", Documents.DefaultRule("CL", null, "123456785"));
        Assert.Equal("BR_CPF", Documents.DefaultRule("BR", "TAX_ID", ""));
        Assert.Equal("PASSPORT", Documents.DefaultRule("BR", "PASSPORT", ""));
        Assert.Equal("ES_NIE", Documents.DefaultRule("ES", null, "X1234567L"));
        Assert.Equal("AR_CUIT", Documents.DefaultRule("AR", null, "20123456786"));
        Assert.Equal("AR_DNI", Documents.DefaultRule("AR", null, "12345678"));
    }

    [Fact]
    public void Check_digit_helpers()
    {
        Assert.Equal('5', Documents.RunCheckDigit("12345678"));
        Assert.Equal('K', Documents.RunCheckDigit("10000013"));
        Assert.Equal('2', Documents.CpfDigit("529982247", 9));
    }
}

public class PhoneTests
{
    [Theory]
    [InlineData("987 654 321", "PE", "+51987654321")]
    [InlineData("+51 987-654-321", "PE", "+51987654321")]
    [InlineData("(01) 426-7000", "PE", "+5114267000")]
    [InlineData("51987654321", "PE", "+51987654321")]
    [InlineData("0051 987 654 321", "CL", "+51987654321")]
    [InlineData("+56 9 8765 4321", "CL", "+56987654321")]
    [InlineData("9 8765 4321", "CL", "+56987654321")]
    [InlineData("(45) 99876-5432", "BR", "+5545998765432")]
    [InlineData("+55 (11) 98765-4321", "BR", "+5511987654321")]
    [InlineData("0 21 11 98765-4321", "BR", "+5511987654321")]
    [InlineData("011 98765-4321", "BR", "+5511987654321")]
    [InlineData("0981 123 456", "PY", "+595981123456")]
    [InlineData("+595 981 123456", "PY", "+595981123456")]
    [InlineData("011 15 2345-6789", "AR", "+5491123456789")]
    [InlineData("+52 1 55 1234 5678", "MX", "+525512345678")]
    [InlineData("099 123 4567", "EC", "+593991234567")]
    public void Common_formats_become_e164(string input, string country, string expected) => Assert.Equal(expected, Phones.ToE164(input, country));

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("123")]
    [InlineData("' OR 1=1 --")]
    [InlineData("+1234567890123456789")]
    public void Non_phones_are_rejected(string input) => Assert.Null(Phones.ToE164(input, "PE"));
}
