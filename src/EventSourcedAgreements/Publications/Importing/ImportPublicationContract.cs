using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EventSourcedAgreements.Publications.Importing;

/// <summary>
/// The import's contract, which the endpoint cannot declare by its signature (it reads the form itself, to say what is
/// wrong with it): a multipart body with the list as <c>file</c> and the day ICE published it as <c>publishedOn</c>, and
/// the <c>dryRun</c> and <c>confirmEmpty</c> switches.
/// </summary>
public sealed class ImportPublicationContract : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.OperationId != "ImportPublication")
        {
            return Task.CompletedTask;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = "One of ICE's published lists of participants and the day ICE published it.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string> { "file", "publishedOn" },
                        Properties = new Dictionary<string, IOpenApiSchema>
                        {
                            ["file"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Format = "binary",
                                Description = $"The list as ICE published it: its spreadsheet (.xlsx), a CSV list (a roster, or this service's participants) or the text of its 287(g) page (UTF-8); at most {ImportPublicationEndpoint.MaxFileBytes / 1024 / 1024} MB.",
                            },
                            // A day as YYYY-MM-DD, by pattern rather than format: generators write a form's "date" field in their culture's form.
                            ["publishedOn"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.String,
                                Pattern = @"^\d{4}-\d{2}-\d{2}$",
                                Description = "The day ICE published the list (YYYY-MM-DD), not after today: what it shows is known from that day.",
                            },
                            ["confirmEmpty"] = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Boolean | JsonSchemaType.Null,
                                Description = "true to import a list that would end every agreement in force (refused with 409 otherwise).",
                            },
                        },
                    },
                },
            },
        };
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "dryRun",
            In = ParameterLocation.Query,
            Description = "true for the report of what the import would record, with nothing recorded (answered 200 instead of 201).",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Boolean },
        });
        return Task.CompletedTask;
    }
}
