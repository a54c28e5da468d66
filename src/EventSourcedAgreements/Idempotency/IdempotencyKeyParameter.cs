using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Idempotency;

/// <summary>Tells the OpenAPI document's readers that every command takes an <c>Idempotency-Key</c>.</summary>
public sealed class IdempotencyKeyParameter : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsPost(context.Description.HttpMethod ?? string.Empty))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "1 to 255 visible ASCII characters, e.g. a UUID: a retry with the same key and body is answered as the first time and recorded once; the same key with another body is a 422. Kept 24 hours per caller.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 255 },
            });
        }

        return Task.CompletedTask;
    }
}
