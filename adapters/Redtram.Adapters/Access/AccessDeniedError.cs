using GraphQL;
using GraphQL.Execution;

namespace Redtram.Adapters.Access;

/// <summary>An ACCESS_DENIED error with exactly the extensions it was built with (no "codes" or "data" added).</summary>
public sealed class AccessDeniedError : ExecutionError
{
    public AccessDeniedError(string message, IReadOnlyList<object> path, Dictionary<string, object?> extensions) : base(message)
    {
        Code = "ACCESS_DENIED";
        Path = path;
        Fields = extensions;
    }

    /// <summary>The extensions, in order: code first.</summary>
    public Dictionary<string, object?> Fields { get; }
}

/// <summary>GraphQL.NET's error shape, except that <see cref="AccessDeniedError"/>s carry their own extensions only.</summary>
public sealed class AdapterErrorInfoProvider : ErrorInfoProvider
{
    public override ErrorInfo GetInfo(ExecutionError executionError) => executionError is AccessDeniedError denied
        ? new ErrorInfo { Message = denied.Message, Extensions = denied.Fields }
        : base.GetInfo(executionError);
}
