using Redtram.Federation.Planning;

namespace Redtram.Federation.Execution;

/// <summary>What a request may see of one country's part of a partitioned subgraph, and what to send with the fetch.</summary>
/// <param name="Rule">Fields allowed; one shared instance per distinct grant (specialised fetches are cached per rule).</param>
/// <param name="Headers">HTTP headers sent with every fetch to that country (e.g. a signed grant), or null.</param>
public sealed record CountryAccess(FieldRule Rule, IReadOnlyList<KeyValuePair<string, string>>? Headers = null);

/// <summary>
/// Per-request access decisions for partitioned subgraphs (architecture §4): before each fetch to a country the
/// executor asks for that country's <see cref="CountryAccess"/>, removes the fields its rule denies from the
/// operation, and answers them with null and an <c>ACCESS_DENIED</c> error naming the field, the country and the
/// level required. A country whose rule denies everything asked is not contacted at all. Subgraphs that are not
/// partitioned are not filtered.
/// </summary>
public interface IAccessScope
{
    /// <summary>The access for one country of a partitioned subgraph; null means unrestricted.</summary>
    CountryAccess? For(string subgraph, string country);
}
