using System.Text.Json.Serialization;

namespace Redtram.Gateway;

[JsonSerializable(typeof(HealthStatus))]
[JsonSerializable(typeof(Security.DevTokenResponse))]
[JsonSerializable(typeof(Security.DevUsersResponse))]
[JsonSerializable(typeof(Security.DevTokenError))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
