using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>The GraphQL user context of one request: the verified grant and what the resolvers derive from it.</summary>
public sealed class AdapterRequestContext(AccessGrant grant) : Dictionary<string, object?>
{
    public AccessGrant Grant { get; } = grant;
}
