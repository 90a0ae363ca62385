using GraphQLParser.AST;
using Redtram.Federation.Execution;
using Redtram.Federation.Schema;

namespace Redtram.Federation.Validation;

/// <summary>
/// Validates executable documents against a schema with the rules of the GraphQL specification, section 5
/// (October 2021 edition plus the current draft: <c>@oneOf</c>, no <c>@skip</c>/<c>@include</c> on subscription roots).
/// </summary>
public static class DocumentValidator
{
    /// <summary>
    /// Validates <paramref name="document"/>. Returns an empty list when it is valid; otherwise at most
    /// <paramref name="maxErrors"/> errors with code <c>GRAPHQL_VALIDATION_FAILED</c>. Never throws.
    /// </summary>
    public static IReadOnlyList<GraphQLError> Validate(GraphSchema schema, GraphQLDocument document, int maxErrors = 100)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(document);
        maxErrors = Math.Max(1, maxErrors);
        var validator = Run(schema, document, maxErrors);
        if (validator.RanOutOfStack)
        {
            // Very deep documents on a thread with a small stack: validate again on a thread with a large one.
            OperationValidator? deep = null;
            var thread = new Thread(() => deep = Run(schema, document, maxErrors), DeepDocumentStackSize);
            thread.Start();
            thread.Join();
            validator = deep ?? validator;
        }

        return validator.Errors;
    }

    private const int DeepDocumentStackSize = 64 * 1024 * 1024;

    private static OperationValidator Run(GraphSchema schema, GraphQLDocument document, int maxErrors)
    {
        var validator = new OperationValidator(schema, document, maxErrors);
        try
        {
            validator.Run();
        }
        catch (OperationValidator.ErrorLimitReachedException)
        {
            // Stop after maxErrors errors.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A validator bug must never turn into an unhandled exception (nor into "valid").
            if (validator.Errors.Count < maxErrors)
            {
                validator.Errors.Add(new GraphQLError("Validation failed because of an internal error: " + ex.Message, ErrorCodes.ValidationFailed));
            }
        }

        return validator;
    }
}
