namespace Redtram.DemoData;

/// <summary>Deterministic SplitMix64 generator: same seed, same sequence, on every platform and .NET version.</summary>
public sealed class Rng
{
    private ulong _state;

    public Rng(ulong seed) => _state = seed;

    /// <summary>An independent stream for (seed, country, stream, index).</summary>
    public static Rng For(long seed, string country, int stream, long index)
    {
        ulong h = 1469598103934665603UL;
        foreach (char c in country) { h ^= c; h *= 1099511628211UL; }
        h ^= Mix((ulong)seed);
        h = Mix(h ^ ((ulong)(uint)stream << 40));
        h = Mix(h ^ (ulong)index);
        return new Rng(h);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>0 ≤ n &lt; max.</summary>
    public int Next(int max) => max <= 0 ? 0 : (int)(NextULong() % (ulong)max);

    public int Next(int min, int maxExclusive) => min + Next(maxExclusive - min);

    public long NextLong(long min, long maxExclusive) => min + (long)(NextULong() % (ulong)(maxExclusive - min));

    /// <summary>True with probability p.</summary>
    public bool Chance(double p) => (NextULong() >> 11) * (1.0 / (1UL << 53)) < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Picks by weight: pairs of (item, weight).</summary>
    public T Weighted<T>(IReadOnlyList<(T Item, int Weight)> items)
    {
        int total = 0;
        foreach (var (_, w) in items) total += w;
        int r = Next(total);
        foreach (var (item, w) in items)
        {
            if (r < w) return item;
            r -= w;
        }
        return items[^1].Item;
    }

    public string Digits(int count)
    {
        var chars = new char[count];
        for (int i = 0; i < count; i++) chars[i] = (char)('0' + Next(10));
        return new string(chars);
    }

    public DateOnly Date(DateOnly from, DateOnly to) => from.AddDays(Next(to.DayNumber - from.DayNumber + 1));
}
