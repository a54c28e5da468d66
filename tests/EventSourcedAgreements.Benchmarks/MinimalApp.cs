using Microsoft.AspNetCore.Builder;

namespace EventSourcedAgreements.Benchmarks;

/// <summary>
/// The cold-start baseline: the minimal ASP.NET Core app of the <c>dotnet new web</c> template, run from this same program
/// (<c>EventSourcedAgreements.Benchmarks minimal-app</c>, address from ASPNETCORE_URLS).
/// </summary>
public static class MinimalApp
{
    public const string Argument = "minimal-app";

    public static bool Matches(string[] args) => args.Length == 1 && args[0] == Argument;

    public static async Task RunAsync()
    {
        var app = WebApplication.CreateBuilder().Build();
        app.MapGet("/", () => "Hello World!");
        await app.RunAsync();
    }
}
