using System.Text.Json.Serialization;

namespace Redtram.Gateway;

[JsonSerializable(typeof(HealthStatus))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
