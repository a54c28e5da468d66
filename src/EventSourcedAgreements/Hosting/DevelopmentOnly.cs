#if DEVELOPER_TOOLING
using System.Runtime.CompilerServices;
using EventSourcedAgreements.Development;
#endif

namespace EventSourcedAgreements.Hosting;

/// <summary>
/// The one door to the developer tooling (<c>EventSourcedAgreements.Development</c>), called only in Development. Debug
/// builds (<c>dotnet run</c>, <c>dotnet test</c>) hold it; a Release build (the container image) neither references nor
/// deploys it, and in Development asks for a connection string instead.
/// </summary>
public static class DevelopmentOnly
{
#if DEVELOPER_TOOLING
    /// <summary>A local PostgreSQL when no connection string is configured (<see cref="LocalDatabase"/>); null otherwise.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task<IAsyncDisposable?> LocalDatabaseAsync(IHostApplicationBuilder builder) => LocalDatabase.StartUnlessConfiguredAsync(builder);
#else
    /// <summary>A Release build has no local PostgreSQL to start: the connection string is required, as in every other environment.</summary>
    public static Task<IAsyncDisposable?> LocalDatabaseAsync(IHostApplicationBuilder builder) => Task.FromResult<IAsyncDisposable?>(null);
#endif
}
