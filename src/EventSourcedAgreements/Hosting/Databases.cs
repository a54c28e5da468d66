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

    public static DatabaseSettings AddDatabases(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddSettings<DatabaseSettings>();
        builder.Services.AddKeyedSingleton<NpgsqlDataSource>(StoreKey, (_, _) =>
        {
            var dataSource = new NpgsqlDataSourceBuilder(settings.ConnectionString);
            return dataSource.ConnectionStringBuilder.Host?.Contains(',', StringComparison.Ordinal) == true ? dataSource.BuildMultiHost() : dataSource.Build();
        });
        builder.Services.AddSingleton(provider => Target(provider, TargetSessionAttributes.Primary));
        builder.Services.AddSingleton(provider => new ReadDatabase(Target(provider, settings.ReadSessionPreference)));
        return settings;
    }

    private static NpgsqlDataSource Target(IServiceProvider provider, TargetSessionAttributes target) =>
        provider.GetRequiredKeyedService<NpgsqlDataSource>(StoreKey) switch
        {
            NpgsqlMultiHostDataSource multiHost => multiHost.WithTargetSession(target),
            var single => single,
        };
}

/// <summary>
/// The database: <c>ConnectionStrings:Postgres</c> (required; in Development the local cluster's when none is
/// configured), and whether reads go to a standby when it names several hosts (<c>Database:ReadFromStandby</c>, off by default).
/// </summary>
public sealed record DatabaseSettings : ISettings<DatabaseSettings>
{
    public const string ConnectionStringName = "Postgres";
    public const string ReadFromStandbySetting = "Database:ReadFromStandby";

    public static string Section => "Database";

    public bool ReadFromStandby { get; init; }

    /// <summary>The connection string (never shown in a message: it may hold a password).</summary>
    public string ConnectionString { get; init; } = string.Empty;

    public static DatabaseSettings Read(IConfiguration configuration) =>
        (configuration.GetSection(Section).Get<DatabaseSettings>() ?? new DatabaseSettings()) with
        {
            ConnectionString = configuration.GetConnectionString(ConnectionStringName) ?? string.Empty,
        };

    public IEnumerable<string> Problems(bool isDevelopment)
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return $"No database configured: set ConnectionStrings:{ConnectionStringName} (environment variable ConnectionStrings__{ConnectionStringName}).";
        }
    }

    public override string ToString() => $"{nameof(DatabaseSettings)} {{ {nameof(ReadFromStandby)} = {ReadFromStandby} }}";

    public TargetSessionAttributes ReadSessionPreference => ReadFromStandby ? TargetSessionAttributes.PreferStandby : TargetSessionAttributes.Primary;
}
