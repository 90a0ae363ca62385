using System.Text;

namespace Redtram.Adapters.Normalization;

/// <summary>
/// Phone numbers of the REDTRAM countries to E.164 (domain.md §3): international prefixes (+, 00), national
/// trunk prefixes (0), carrier selection codes (BR), the Argentine mobile "15" → "9", the Mexican mobile "1".
/// A number without a country code takes the calling code of the country given.
/// </summary>
public static class Phones
{
    /// <summary>Calling code of each country (digits, without +).</summary>
    public static readonly IReadOnlyDictionary<string, string> CallingCodes = new Dictionary<string, string>
    {
        ["AR"] = "54", ["BO"] = "591", ["BR"] = "55", ["CL"] = "56", ["CO"] = "57", ["CR"] = "506", ["DO"] = "1",
        ["EC"] = "593", ["SV"] = "503", ["GT"] = "502", ["HN"] = "504", ["MX"] = "52", ["NI"] = "505", ["PA"] = "507",
        ["PY"] = "595", ["PE"] = "51", ["PT"] = "351", ["ES"] = "34", ["UY"] = "598", ["VE"] = "58", ["TT"] = "1",
        ["CW"] = "599", ["AW"] = "297",
    };

    /// <summary>E.164 form ("+" and digits) or null when the text is not a phone number.</summary>
    public static string? ToE164(string? text, string defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 40)
            return null;
        var sb = new StringBuilder();
        var plus = false;
        foreach (var c in text.Trim())
        {
            if (char.IsAsciiDigit(c))
                sb.Append(c);
            else if (c == '+' && sb.Length == 0 && !plus)
                plus = true;
            else if (c is ' ' or '-' or '.' or '(' or ')' or '/' or '\u00A0')
                continue;
            else
                return null; // letters, extensions, anything else: not a phone
        }
        var digits = sb.ToString();
        if (!plus && digits.StartsWith("00", StringComparison.Ordinal))
        {
            plus = true;
            digits = digits[2..];
        }
        string result;
        if (plus)
        {
            result = Fixups(digits);
        }
        else
        {
            if (!CallingCodes.TryGetValue(defaultCountry, out var cc))
                return null;
            // A national number already carrying the calling code (e.g. 51987654321 typed without +).
            if (digits.StartsWith(cc, StringComparison.Ordinal) && digits.Length > MaxNational(defaultCountry) + 1
                && digits.Length - cc.Length >= MinNational(defaultCountry) && digits.Length - cc.Length <= MaxNational(defaultCountry) + 1)
                result = Fixups(digits);
            else
                result = Fixups(cc + National(defaultCountry, digits));
        }
        return result.Length is >= 8 and <= 15 ? "+" + result : null;
    }

    private static int MinNational(string country) => country switch { "PE" => 8, "CL" => 9, "BR" => 10, "PY" => 8, _ => 7 };
    private static int MaxNational(string country) => country switch { "PE" => 9, "CL" => 9, "BR" => 11, "PY" => 9, "AR" => 11, _ => 10 };

    /// <summary>National significant number: trunk prefix, carrier codes and mobile markers handled per country.</summary>
    private static string National(string country, string digits)
    {
        switch (country)
        {
            case "BR":
                // 0 + carrier (2 digits) + DDD + number, or 0 + DDD + number.
                if (digits.StartsWith('0') && digits.Length is 13 or 14)
                    return digits[3..];
                return digits.TrimStart('0');
            case "AR":
            {
                var d = digits.TrimStart('0');
                // area code (2-4 digits) + 15 + subscriber: a mobile, written +54 9 area subscriber.
                if (d.Length == 12)
                    for (var area = 2; area <= 4; area++)
                        if (d.Substring(area, 2) == "15")
                            return "9" + d[..area] + d[(area + 2)..];
                return d;
            }
            default:
                return digits.TrimStart('0');
        }
    }

    /// <summary>Canonical forms of full international numbers.</summary>
    private static string Fixups(string digits)
    {
        // Mexico: the mobile "1" after +52 is no longer dialled (2019).
        if (digits.StartsWith("521", StringComparison.Ordinal) && digits.Length == 13)
            return "52" + digits[3..];
        // Some write a trunk 0 after the country code: +55 (0)11..., +51 (0)1...
        foreach (var cc in new[] { "55", "51", "56", "595", "54", "598", "593", "591", "57" })
            if (digits.StartsWith(cc + "0", StringComparison.Ordinal) && digits.Length > cc.Length + 8)
                return cc + digits[(cc.Length + 1)..];
        return digits;
    }
}
