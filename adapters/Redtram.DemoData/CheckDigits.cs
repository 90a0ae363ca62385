namespace Redtram.DemoData;

/// <summary>Check-digit rules for the identifiers the demo data generates (domain.md §3).</summary>
public static class CheckDigits
{
    /// <summary>Chilean RUN/RUT (and RUC of a causa): weights 2..7 from the right; 11 − (sum mod 11); 11→0, 10→K.</summary>
    public static char RutDv(long body)
    {
        int sum = 0, w = 2;
        for (long n = body; n > 0; n /= 10)
        {
            sum += (int)(n % 10) * w;
            w = w == 7 ? 2 : w + 1;
        }
        int r = 11 - sum % 11;
        return r == 11 ? '0' : r == 10 ? 'K' : (char)('0' + r);
    }

    /// <summary>Validates a RUN in any common format ("12.345.678-5", "12345678-5", "123456785", "9.876.543-k").</summary>
    public static bool IsValidRut(string run)
    {
        var s = new string(run.Where(c => char.IsDigit(c) || c is 'k' or 'K').ToArray()).ToUpperInvariant();
        if (s.Length < 2 || !long.TryParse(s[..^1], out long body)) return false;
        return RutDv(body) == s[^1];
    }

    /// <summary>Brazilian CPF: the two check digits of a 9-digit base (weights 10..2, then 11..2; remainder &lt; 2 → 0).</summary>
    public static string CpfDigits(string base9)
    {
        if (base9.Length != 9 || !base9.All(char.IsDigit)) throw new ArgumentException("CPF base must be 9 digits", nameof(base9));
        int d1 = CpfDigit(base9, 10);
        int d2 = CpfDigit(base9 + (char)('0' + d1), 11);
        return $"{d1}{d2}";
    }

    private static int CpfDigit(string digits, int firstWeight)
    {
        int sum = 0;
        for (int i = 0; i < digits.Length; i++) sum += (digits[i] - '0') * (firstWeight - i);
        int r = sum * 10 % 11;
        return r == 10 ? 0 : r;
    }

    /// <summary>Validates a CPF in any format; numbers whose 11 digits are all equal are rejected.</summary>
    public static bool IsValidCpf(string cpf)
    {
        var d = new string(cpf.Where(char.IsDigit).ToArray());
        if (d.Length != 11 || d.Distinct().Count() == 1) return false;
        return CpfDigits(d[..9]) == d[9..];
    }

    /// <summary>Formats a CPF as 123.456.789-09.</summary>
    public static string FormatCpf(string digits11) =>
        $"{digits11[..3]}.{digits11[3..6]}.{digits11[6..9]}-{digits11[9..]}";

    /// <summary>CNJ case number NNNNNNN-DD.AAAA.J.TR.OOOO: DD = 98 − (NNNNNNN AAAA J TR OOOO 00 mod 97).</summary>
    public static string Cnj(int sequence, int year, int segment, int court, int origin)
    {
        string n = sequence.ToString("D7"), a = year.ToString("D4"), j = segment.ToString("D1"), tr = court.ToString("D2"), o = origin.ToString("D4");
        int dd = 98 - Mod97(n + a + j + tr + o + "00");
        return $"{n}-{dd:D2}.{a}.{j}.{tr}.{o}";
    }

    /// <summary>Validates a CNJ number: the whole 20-digit number (with DD moved to the end) is ≡ 1 mod 97.</summary>
    public static bool IsValidCnj(string cnj)
    {
        var d = new string(cnj.Where(char.IsDigit).ToArray());
        if (d.Length != 20) return false;
        return Mod97(d[..7] + d[9..] + d[7..9]) == 1;
    }

    private static int Mod97(string digits)
    {
        int r = 0;
        foreach (char c in digits) r = (r * 10 + (c - '0')) % 97;
        return r;
    }
}
