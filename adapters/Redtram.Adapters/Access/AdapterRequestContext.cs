using Redtram.Adapters.Api;
using Redtram.Adapters.Data;
using Redtram.Grants;

namespace Redtram.Adapters.Access;

/// <summary>The GraphQL user context of one request: the verified grant, its application to records, the request's loaders.</summary>
public sealed class AdapterRequestContext : Dictionary<string, object?>
{
    public AdapterRequestContext(AccessGrant grant, NationalStore store, Pseudonyms pseudonyms)
    {
        Grant = grant;
        Access = new RequestAccess(grant, store.Country, pseudonyms);
        Loaders = new RequestLoaders(store, Access);
    }

    public AccessGrant Grant { get; }
    public RequestAccess Access { get; }
    public RequestLoaders Loaders { get; }
}
