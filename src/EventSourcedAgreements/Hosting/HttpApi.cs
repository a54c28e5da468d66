using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The HTTP API every feature's endpoints share: Wolverine.Http endpoints, strict JSON (enums by name, no numbers as
/// strings, no duplicate or unknown properties), RFC 9457 ProblemDetails for every error (the store's failures
/// translated by <see cref="StoreExceptionHandler"/>), the OpenAPI document (<see cref="ApiContract"/>), and the body size limit.
/// </summary>
public static class HttpApi
{
    public static IHostApplicationBuilder AddHttpApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWolverineHttp();
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.AllowDuplicateProperties = false;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = JsonProblemFields.Customize);
        builder.Services.AddExceptionHandler<StoreExceptionHandler>();
        builder.Services.AddOpenApi(openApi =>
        {
            openApi.AddOperationTransformer<ApiContract>();
            openApi.AddOperationTransformer<ApiParameters>();
            openApi.AddSchemaTransformer<RequestBodies>();
            openApi.AddDocumentTransformer<ApiContract>();
        });
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.UploadBytes);
        return builder;
    }
}
