using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// A command's body in the OpenAPI document as the endpoint reads it: the fields marked <see cref="MayBeOmittedAttribute"/>
/// optional and nullable, every other field of the record required and never null (the record declares them nullable
/// only to answer a missing one with a 400 naming it, not with the serializer's error); what the record derives from its
/// fields left out.
/// </summary>
public sealed class RequestBodies : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null
            || context.ParameterDescription?.Source != BindingSource.Body
            || schema.Properties is null
            || context.JsonTypeInfo.Type.GetConstructors().MaxBy(constructor => constructor.GetParameters().Length) is not { } constructor)
        {
            return Task.CompletedTask;
        }

        // What the record works out from its fields (a parsed name) is no field of the body: it is not read.
        var fields = constructor.GetParameters().Select(parameter => JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!)).ToHashSet(StringComparer.Ordinal);
        foreach (var derived in schema.Properties.Keys.Where(name => !fields.Contains(name)).ToList())
        {
            schema.Properties.Remove(derived);
            schema.Required?.Remove(derived);
        }

        schema.Required ??= new HashSet<string>();
        foreach (var parameter in constructor.GetParameters())
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            if (!schema.Properties.TryGetValue(name, out var property))
            {
                continue;
            }

            if (parameter.IsDefined(typeof(MayBeOmittedAttribute), inherit: false))
            {
                schema.Required.Remove(name);
            }
            else
            {
                schema.Required.Add(name);
                if (property is OpenApiSchema { Type: { } type } field)
                {
                    field.Type = type & ~JsonSchemaType.Null;
                }
            }
        }

        return Task.CompletedTask;
    }
}
