using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Redtram.Gateway.Audit;

/// <summary>
/// The canonical serialisation and the hash of the chain. The serialisation is length-prefixed binary (not
/// JSON), so it does not depend on a serializer's escaping rules and is unambiguous: every string is written as
/// its UTF-8 length (big-endian int32, -1 for null) followed by its bytes; integers as big-endian int64.
/// <c>hash = SHA-256(canonical(domain tag, sequence, previous hash, entry fields…))</c>, lowercase hex.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string DomainTag = "redtram-audit-v1";

    /// <summary>Stored form of <see cref="AuditEntry.Time"/>: UTC, 7 fractional digits, sortable as text.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        string.Create(TimeLength, time.UtcDateTime, static (chars, utc) => FormatTime(utc, chars));

    private const int TimeLength = 28;

    /// <summary>Writes yyyy-MM-ddTHH:mm:ss.fffffffZ (what the custom format string gives, without its parsing cost).</summary>
    private static void FormatTime(DateTime utc, Span<char> c)
    {
        Digits(c[..4], utc.Year);
        c[4] = '-';
        Digits(c.Slice(5, 2), utc.Month);
        c[7] = '-';
        Digits(c.Slice(8, 2), utc.Day);
        c[10] = 'T';
        Digits(c.Slice(11, 2), utc.Hour);
        c[13] = ':';
        Digits(c.Slice(14, 2), utc.Minute);
        c[16] = ':';
        Digits(c.Slice(17, 2), utc.Second);
        c[19] = '.';
        Digits(c.Slice(20, 7), (int)(utc.Ticks % TimeSpan.TicksPerSecond));
        c[27] = 'Z';

        static void Digits(Span<char> into, int value)
        {
            for (var i = into.Length - 1; i >= 0; i--)
            {
                into[i] = (char)('0' + (value % 10));
                value /= 10;
            }
        }
    }

    public static DateTimeOffset ParseTime(string text) =>
        new(DateTime.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), TimeSpan.Zero);

    /// <summary>Normalises the time to what storage keeps (UTC ticks), so a read-back entry hashes identically.</summary>
    public static AuditEntry Normalise(AuditEntry entry) =>
        entry.Time.Offset == TimeSpan.Zero ? entry : entry with { Time = entry.Time.ToUniversalTime() };

    public static string ComputeHash(long sequence, string previousHash, AuditEntry entry)
    {
        var buffer = ArrayBufferWriterStream.ForThread();
        buffer.WriteString(DomainTag);
        buffer.WriteInt64(sequence);
        buffer.WriteString(previousHash);
        buffer.WriteString(FormatTime(entry.Time));
        buffer.WriteString(entry.RequestId);
        buffer.WriteString(entry.User);
        buffer.WriteString(entry.Country);
        buffer.WriteString(entry.Role);
        buffer.WriteString(entry.Purpose);
        buffer.WriteString(entry.LegalBasis);
        buffer.WriteString(entry.CaseReference);
        buffer.WriteString(entry.OperationHash);
        buffer.WriteString(entry.OperationName);
        buffer.WriteString(entry.Outcome);
        buffer.WriteInt64(entry.Countries.Count);
        foreach (var c in entry.Countries)
        {
            buffer.WriteString(c.Country);
            buffer.WriteString(c.Level);
            buffer.WriteString(c.Status);
            buffer.WriteInt64(c.Records);
            buffer.WriteInt64(c.IdsDisclosed.Count);
            foreach (var id in c.IdsDisclosed)
                buffer.WriteString(id);
        }
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.Span, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The per-country part as stored (a JSON array; not hashed as text — the hash is over the parsed values).</summary>
    public static string CountriesToJson(IReadOnlyList<AuditCountryAccess> countries)
    {
        if (countries.Count == 0)
            return "[]";
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartArray();
            foreach (var c in countries)
            {
                w.WriteStartObject();
                w.WriteString("country", c.Country);
                w.WriteString("level", c.Level);
                w.WriteString("status", c.Status);
                w.WriteNumber("records", c.Records);
                w.WriteStartArray("ids");
                foreach (var id in c.IdsDisclosed)
                    w.WriteStringValue(id);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(ms.GetBuffer(), 0, (int)ms.Length);
    }

    public static IReadOnlyList<AuditCountryAccess> CountriesFromJson(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<AuditCountryAccess>();
        foreach (var e in doc.RootElement.EnumerateArray())
            list.Add(CountryFromJson(e));
        return list;
    }

    internal static AuditCountryAccess CountryFromJson(JsonElement e)
    {
        var ids = new List<string>();
        foreach (var id in e.GetProperty("ids").EnumerateArray())
            ids.Add(id.GetString() ?? throw new FormatException("null id"));
        return new AuditCountryAccess(
            e.GetProperty("country").GetString() ?? throw new FormatException("null country"),
            e.GetProperty("level").GetString() ?? throw new FormatException("null level"),
            e.GetProperty("status").GetString() ?? throw new FormatException("null status"),
            e.GetProperty("records").GetInt32(),
            ids);
    }

    /// <summary>A growable byte buffer, one per thread (the writer hashes every entry: no allocation per entry).</summary>
    private sealed class ArrayBufferWriterStream
    {
        [ThreadStatic]
        private static ArrayBufferWriterStream? t_current;

        private byte[] _buffer = new byte[1024];
        private int _length;

        public static ArrayBufferWriterStream ForThread()
        {
            var b = t_current ??= new ArrayBufferWriterStream();
            b._length = 0;
            return b;
        }

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, _length);

        private Span<byte> Reserve(int n)
        {
            if (_length + n > _buffer.Length)
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
            var span = _buffer.AsSpan(_length, n);
            _length += n;
            return span;
        }

        public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

        public void WriteString(string? value)
        {
            if (value is null)
            {
                BinaryPrimitives.WriteInt32BigEndian(Reserve(4), -1);
                return;
            }
            var count = Encoding.UTF8.GetByteCount(value);
            BinaryPrimitives.WriteInt32BigEndian(Reserve(4), count);
            Encoding.UTF8.GetBytes(value, Reserve(count));
        }
    }
}
