using Npgsql;

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// Where the public questions (participants, summary, changes, timeline) read: the primary, or a standby when the
/// connection string names several hosts and <c>Database:ReadFromStandby</c> is on.
/// </summary>
public sealed record ReadDatabase(NpgsqlDataSource Source);

/// <summary>
/// The service's data sources from <c>ConnectionStrings:Postgres</c>. One host: one data source for everything. Several
/// hosts (Npgsql multi-host, <c>Host=primary:5432,standby:5432</c>): Marten gets the multi-host source and sends its
/// write sessions (which Wolverine's endpoints use, GETs too) to the primary and its query sessions where
/// <c>Database:ReadFromStandby</c> says; the service's own SQL writes to the primary, and the participation questions
/// read from a standby when one answers (else the primary).
/// Reads from a standby may lag the primary: a command's answer can be missing from them for a moment.
/// </summary>
public static class Databases
{
    public const string StoreKey = "marten";
    public const string ReadFromStandbySetting = "Database:ReadFromStandby";

    public static bool ReadsFromStandby(IConfiguration configuration) => configuration.GetValue(ReadFromStandbySetting, defaultValue: false);

    public static IServiceCollection AddAgreementsDatabases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<PostgresConnection>();
        services.AddKeyedSingleton<NpgsqlDataSource>(StoreKey, (provider, _) =>
        {
            var connectionString = provider.GetRequiredService<PostgresConnection>().ConnectionString;
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            return builder.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) == true ? builder.BuildMultiHost() : builder.Build();
        });
        services.AddSingleton(provider => Target(provider, TargetSessionAttributes.Primary));
        services.AddSingleton(provider => new ReadDatabase(Target(provider, ReadsFromStandby(configuration) ? TargetSessionAttributes.PreferStandby : TargetSessionAttributes.Primary)));
        return services;
    }

    private static NpgsqlDataSource Target(IServiceProvider provider, TargetSessionAttributes target) =>
        provider.GetRequiredKeyedService<NpgsqlDataSource>(StoreKey) switch
        {
            NpgsqlMultiHostDataSource multiHost => multiHost.WithTargetSession(target),
            var single => single,
        };
}
