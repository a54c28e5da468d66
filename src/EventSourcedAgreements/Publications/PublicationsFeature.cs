using EventSourcedAgreements.Publications.Importing;
using Marten;
using Microsoft.AspNetCore.OpenApi;

namespace EventSourcedAgreements.Publications;

/// <summary>
/// Publications: ICE's lists, each stored once (by its SHA-256) with what it showed, imported in whatever order they
/// arrive; in Development an empty store gets the lists the service ships with (<c>FirstRun:Import</c>).
/// </summary>
public static class PublicationsFeature
{
    public static IHostApplicationBuilder AddPublications(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<FirstRunSettings>();
        builder.Services.ConfigureMarten(options => options.Schema.For<Publication>().UniqueIndex(p => p.Sha256).Index(p => p.PublishedOn));
        builder.Services.AddScoped<Importer>();
        builder.Services.AddHostedService<FirstRunImport>();
        builder.Services.Configure<OpenApiOptions>("v1", openApi => openApi.AddOperationTransformer<ImportPublicationContract>());
        return builder;
    }
}

/// <summary>Whether a newcomer's empty store in Development gets the shipped lists (<c>FirstRun:Import</c>, on by default).</summary>
public sealed record FirstRunSettings : ISettings<FirstRunSettings>
{
    public static string Section => "FirstRun";

    public bool Import { get; init; } = true;
}
