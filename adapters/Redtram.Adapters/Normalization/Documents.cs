using System.Text;

namespace Redtram.Adapters.Normalization;

/// <summary>Outcome of checking an identity document number against its issuer's rule.</summary>
/// <param name="Rule">The rule applied (e.g. CL_RUN), or NONE.</param>
/// <param name="Normalized">Digits and letters only, upper case (canonical form for the rule).</param>
/// <param name="Valid">true/false when the rule has a check digit or a format; null when there is nothing to check.</param>
/// <param name="Problem">Human readable reason when <paramref name="Valid"/> is false.</param>
public sealed record DocumentCheck(string Rule, string Normalized, bool? Valid, string? Problem);

/// <summary>
/// Identity document rules per issuer (domain.md §3). Every rule normalises to digits and letters, upper case,
/// and checks the length/format and check digits it has.
/// </summary>
public static class Documents
{
    /// <summary>Every rule name understood in mappings (`rule:` of a document type).</summary>
    public static readonly IReadOnlyList<string> Rules =
    [
        "CL_RUN", "BR_CPF", "AR_DNI", "AR_CUIT", "EC_CEDULA", "EC_RUC", "UY_CI", "MX_CURP", "ES_DNI", "ES_NIE", "PT_NIF",
        "PE_DNI", "PY_CI", "CO_CEDULA", "BO_CI", "PASSPORT", "NONE",
    ];

    public static string Normalize(string? number)
    {
        if (string.IsNullOrEmpty(number))
            return "";
        var folded = Names.Fold(number);
        var sb = new StringBuilder(folded.Length);
        foreach (var c in folded)
            if (c is >= 'A' and <= 'Z' or >= '0' and <= '9')
                sb.Append(c);
        return sb.ToString();
    }

    /// <summary>The rule for a document type of an issuer when no mapping says otherwise.</summary>
    public static string DefaultRule(string issuer, string? canonicalType, string normalized)
    {
        var type = canonicalType ?? "NATIONAL_ID";
        if (type == "PASSPORT")
            return "PASSPORT";
        return (issuer, type) switch
        {
            ("CL", "NATIONAL_ID" or "TAX_ID") => "CL_RUN",
            ("BR", "TAX_ID") => normalized.Length == 14 ? "NONE" : "BR_CPF",
            ("BR", "NATIONAL_ID") => normalized.Length == 11 ? "BR_CPF" : "NONE",
            ("AR", "TAX_ID") => "AR_CUIT",
            ("AR", "NATIONAL_ID") => normalized.Length == 11 ? "AR_CUIT" : "AR_DNI",
            ("EC", "TAX_ID") => "EC_RUC",
            ("EC", "NATIONAL_ID") => "EC_CEDULA",
            ("UY", "NATIONAL_ID") => "UY_CI",
            ("MX", "NATIONAL_ID") => "MX_CURP",
            ("ES", "NATIONAL_ID") => normalized.Length > 0 && normalized[0] is 'X' or 'Y' or 'Z' ? "ES_NIE" : "ES_DNI",
            ("ES", "RESIDENCE_PERMIT") => "ES_NIE",
            ("PT", "TAX_ID") => "PT_NIF",
            ("PE", "NATIONAL_ID") => "PE_DNI",
            ("PY", "NATIONAL_ID") => "PY_CI",
            ("CO", "NATIONAL_ID") => "CO_CEDULA",
            ("BO", "NATIONAL_ID") => "BO_CI",
            _ => "NONE",
        };
    }

    public static DocumentCheck Check(string rule, string? number)
    {
        var n = Normalize(number);
        var shown = number?.Trim() ?? "";
        if (n.Length == 0)
            return new(rule, n, false, "the document number is empty");
        switch (rule)
        {
            case "CL_RUN":
            {
                n = n.TrimStart('0');
                if (n.Length < 2 || n.Length > 9 || !AllDigits(n[..^1]) || !(char.IsDigit(n[^1]) || n[^1] == 'K'))
                    return Fail("RUN", shown, n, "must be up to 8 digits followed by a check digit (0-9 or K)");
                var expected = RunCheckDigit(n[..^1]);
                return n[^1] == expected ? Ok(n) : Fail("RUN", shown, n, $"fails its mod-11 check digit (expected {expected})");
            }
            case "BR_CPF":
            {
                if (n.Length != 11 || !AllDigits(n))
                    return Fail("CPF", shown, n, "must have 11 digits");
                if (n.All(c => c == n[0]))
                    return Fail("CPF", shown, n, "has all digits equal");
                var d1 = CpfDigit(n, 9);
                var d2 = CpfDigit(n, 10);
                return n[9] == d1 && n[10] == d2 ? Ok(n) : Fail("CPF", shown, n, $"fails its two mod-11 check digits (expected {d1}{d2})");
            }
            case "AR_DNI":
                return n.Length is 7 or 8 && AllDigits(n) ? Format(n) : Fail("DNI (AR)", shown, n, "must have 7 or 8 digits");
            case "AR_CUIT":
            {
                if (n.Length != 11 || !AllDigits(n))
                    return Fail("CUIL/CUIT", shown, n, "must have 11 digits (PP-NNNNNNNN-C)");
                int[] w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
                var sum = 0;
                for (var i = 0; i < 10; i++)
                    sum += (n[i] - '0') * w[i];
                var c = 11 - sum % 11;
                if (c == 11) c = 0;
                if (c == 10)
                    return Fail("CUIL/CUIT", shown, n, "fails its mod-11 check digit (a result of 10 requires prefix 23)");
                return n[10] - '0' == c ? Ok(n) : Fail("CUIL/CUIT", shown, n, $"fails its mod-11 check digit (expected {c})");
            }
            case "EC_CEDULA":
                return EcCedula(n, shown, "cédula (EC)");
            case "EC_RUC":
            {
                if (n.Length != 13 || !n.EndsWith("001", StringComparison.Ordinal))
                    return Fail("RUC (EC)", shown, n, "must be a cédula followed by 001");
                var r = EcCedula(n[..10], shown, "RUC (EC)");
                return r.Valid == true ? Ok(n) : r with { Normalized = n };
            }
            case "UY_CI":
            {
                if (n.Length is < 7 or > 8 || !AllDigits(n))
                    return Fail("CI (UY)", shown, n, "must have up to 7 digits and a check digit");
                var body = n[..^1].PadLeft(7, '0');
                int[] w = [2, 9, 8, 7, 6, 3, 4];
                var sum = 0;
                for (var i = 0; i < 7; i++)
                    sum += (body[i] - '0') * w[i];
                var dv = (10 - sum % 10) % 10;
                return n[^1] - '0' == dv ? Ok(n) : Fail("CI (UY)", shown, n, $"fails its check digit (expected {dv})");
            }
            case "MX_CURP":
            {
                if (n.Length != 18 || !AllLetters(n[..4]) || !AllDigits(n[4..10]) || n[10] is not ('H' or 'M' or 'X') || !char.IsDigit(n[17]))
                    return Fail("CURP", shown, n, "must be 18 characters: 4 letters, YYMMDD, sex, state, 3 consonants, homoclave, check digit");
                const string alphabet = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";
                var sum = 0;
                for (var i = 0; i < 17; i++)
                {
                    var idx = alphabet.IndexOf(n[i]);
                    if (idx < 0)
                        return Fail("CURP", shown, n, "contains an invalid character");
                    sum += idx * (18 - i);
                }
                var dv = (10 - sum % 10) % 10;
                return n[17] - '0' == dv ? Ok(n) : Fail("CURP", shown, n, $"fails its check digit (expected {dv})");
            }
            case "ES_DNI" or "ES_NIE":
            {
                const string letters = "TRWAGMYFPDXBNJZSQVHLCKE";
                var nie = n.Length > 0 && n[0] is 'X' or 'Y' or 'Z';
                var label = nie ? "NIE" : "DNI (ES)";
                var digits = n.Length != 9 ? "" : nie ? (n[0] switch { 'X' => "0", 'Y' => "1", _ => "2" }) + n[1..^1] : n[..^1];
                if (n.Length != 9 || !AllDigits(digits) || !char.IsLetter(n[^1]))
                    return Fail(label, shown, n, "must be 8 digits (NIE: X/Y/Z and 7 digits) followed by a letter");
                var expected = letters[(int)(long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 23)];
                return n[^1] == expected ? Ok(n) : Fail(label, shown, n, $"fails its mod-23 check letter (expected {expected})");
            }
            case "PT_NIF":
            {
                if (n.Length != 9 || !AllDigits(n))
                    return Fail("NIF (PT)", shown, n, "must have 9 digits");
                var sum = 0;
                for (var i = 0; i < 8; i++)
                    sum += (n[i] - '0') * (9 - i);
                var c = 11 - sum % 11;
                if (c >= 10) c = 0;
                return n[8] - '0' == c ? Ok(n) : Fail("NIF (PT)", shown, n, $"fails its mod-11 check digit (expected {c})");
            }
            case "PE_DNI":
                return n.Length == 8 && AllDigits(n) ? Format(n) : Fail("DNI (PE)", shown, n, "must have 8 digits");
            case "PY_CI":
                return n.Length is >= 5 and <= 9 && AllDigits(n) ? Format(n) : Fail("CI (PY)", shown, n, "must have 5 to 9 digits");
            case "CO_CEDULA":
                return n.Length is >= 6 and <= 10 && AllDigits(n) ? Format(n) : Fail("cédula (CO)", shown, n, "must have 6 to 10 digits");
            case "BO_CI":
                return n.Length is >= 5 and <= 12 && char.IsDigit(n[0]) ? Format(n) : Fail("CI (BO)", shown, n, "must start with digits");
            case "PASSPORT":
                return n.Length is >= 5 and <= 20 ? new(rule, n, null, null) : Fail("passport", shown, n, "must have 5 to 20 letters or digits");
            default:
                return n.Length <= 30 ? new("NONE", n, null, null) : Fail("document", shown, n, "is too long");
        }

        DocumentCheck Ok(string normalized) => new(rule, normalized, true, null);
        DocumentCheck Format(string normalized) => new(rule, normalized, null, null);
        DocumentCheck Fail(string label, string text, string normalized, string why) => new(rule, normalized, false, $"{label} {text} {why}");
    }

    private static DocumentCheck EcCedula(string n, string shown, string label)
    {
        if (n.Length != 10 || !AllDigits(n))
            return new("EC_CEDULA", n, false, $"{label} {shown} must have 10 digits");
        var province = int.Parse(n[..2], System.Globalization.CultureInfo.InvariantCulture);
        if (province is < 1 or > 24 and not 30)
            return new("EC_CEDULA", n, false, $"{label} {shown} has an unknown province code {n[..2]}");
        if (n[2] >= '6')
            return new("EC_CEDULA", n, false, $"{label} {shown} is not a natural person's number (third digit must be below 6)");
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            var p = (n[i] - '0') * (i % 2 == 0 ? 2 : 1);
            sum += p > 9 ? p - 9 : p;
        }
        var dv = (10 - sum % 10) % 10;
        return n[9] - '0' == dv ? new("EC_CEDULA", n, true, null) : new("EC_CEDULA", n, false, $"{label} {shown} fails its mod-10 check digit (expected {dv})");
    }

    /// <summary>The RUN check character for a body of digits.</summary>
    public static char RunCheckDigit(string body)
    {
        var sum = 0;
        var w = 2;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            sum += (body[i] - '0') * w;
            w = w == 7 ? 2 : w + 1;
        }
        var r = 11 - sum % 11;
        return r switch { 11 => '0', 10 => 'K', _ => (char)('0' + r) };
    }

    /// <summary>The CPF check digit at position 9 or 10 computed from the digits before it.</summary>
    public static char CpfDigit(string digits, int position)
    {
        var sum = 0;
        for (var i = 0; i < position; i++)
            sum += (digits[i] - '0') * (position + 1 - i);
        var r = sum * 10 % 11;
        return (char)('0' + (r == 10 ? 0 : r));
    }

    private static bool AllDigits(string s) => s.Length > 0 && s.All(char.IsAsciiDigit);
    private static bool AllLetters(string s) => s.All(char.IsAsciiLetterUpper);
}
