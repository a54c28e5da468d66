using EventSourcedAgreements.Publications.Importing;
using Marten;

namespace EventSourcedAgreements.Publications;

public static class Configuration
{
    public static StoreOptions AddPublications(this StoreOptions options)
    {
        options.Schema.For<Publication>().UniqueIndex(p => p.Sha256).Index(p => p.PublishedOn);
        return options;
    }

    public static IServiceCollection AddPublicationImports(this IServiceCollection services) =>
        services.AddScoped<Importer>().AddHostedService<FirstRunImport>();
}
