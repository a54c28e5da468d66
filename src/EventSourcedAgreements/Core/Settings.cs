using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace EventSourcedAgreements.Core;

/// <summary>
/// A feature's settings: one type per configuration section, its keys the type's properties, its defaults the
/// properties' initial values, its limits data annotations (and <see cref="Problems"/> for what spans several keys).
/// </summary>
public interface ISettings<TSelf>
    where TSelf : class, ISettings<TSelf>, new()
{
    /// <summary>The configuration section the settings are read from, e.g. <c>Webhooks</c>.</summary>
    static abstract string Section { get; }

    /// <summary>The settings from the configuration: the section bound to the type; a type reads more keys by overriding this.</summary>
    static virtual TSelf Read(IConfiguration configuration) => configuration.GetSection(TSelf.Section).Get<TSelf>() ?? new TSelf();

    /// <summary>What is wrong with the settings beyond one key's limits, each naming its key.</summary>
    IEnumerable<string> Problems(bool isDevelopment) => [];

    /// <summary>
    /// Whether <see cref="Problems"/> are checked when the host starts rather than when the settings are read: for
    /// settings only a running service needs, so that the command-line tools (<c>db-apply</c>, <c>codegen</c>,
    /// <c>rebuild</c>) run without them.
    /// </summary>
    static virtual bool CheckedAtStart => false;
}

/// <summary>
/// How every feature reads its settings: once, when it registers, before the host is built. A value that cannot be read
/// or breaks a limit is noted, and once every feature has registered <see cref="RefuseUnusable"/> stops the start with
/// every such problem, each naming its key. The settings are then a singleton (and <see cref="IOptions{TOptions}"/>)
/// that handlers and services take as they are.
/// </summary>
public static class Settings
{
    public static T AddSettings<T>(this IHostApplicationBuilder builder)
        where T : class, ISettings<T>, new()
    {
        var isDevelopment = builder.Environment.IsDevelopment();
        var refusals = Refusals(builder);
        T settings;
        try
        {
            settings = Read<T>(builder.Configuration, isDevelopment, checkProblems: !T.CheckedAtStart);
        }
        catch (SettingsException refused)
        {
            refusals.Problems.AddRange(refused.Problems);
            settings = new T();
        }

        if (T.CheckedAtStart)
        {
            var checkedSettings = settings;
            refusals.AtStart.Add(() => checkedSettings.Problems(isDevelopment));
            builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(new StartCheck<T>(settings, isDevelopment)));
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(Options.Create(settings));
        return settings;
    }

    /// <summary>
    /// Once every feature has read its settings: stops with every problem found, each naming its key; with
    /// <paramref name="includeCheckedAtStart"/> (the service about to start, not a tool) also those of the settings
    /// otherwise checked when the host starts (<see cref="ISettings{TSelf}.CheckedAtStart"/>).
    /// </summary>
    public static void RefuseUnusable(this IHostApplicationBuilder builder, bool includeCheckedAtStart)
    {
        var refusals = Refusals(builder);
        var problems = refusals.Problems
            .Concat(includeCheckedAtStart ? refusals.AtStart.SelectMany(check => check()) : [])
            .ToArray();
        if (problems.Length > 0)
        {
            throw new SettingsException(problems);
        }
    }

    private static SettingsRefusals Refusals(IHostApplicationBuilder builder)
    {
        if (builder.Properties.TryGetValue(typeof(SettingsRefusals), out var found) && found is SettingsRefusals refusals)
        {
            return refusals;
        }

        refusals = new SettingsRefusals();
        builder.Properties[typeof(SettingsRefusals)] = refusals;
        return refusals;
    }

    private sealed class SettingsRefusals
    {
        public List<string> Problems { get; } = [];

        public List<Func<IEnumerable<string>>> AtStart { get; } = [];
    }

    /// <summary>The settings, or an exception listing every key whose value was refused and what it accepts.</summary>
    public static T Read<T>(IConfiguration configuration, bool isDevelopment = false, bool checkProblems = true)
        where T : class, ISettings<T>, new()
    {
        T settings;
        try
        {
            settings = T.Read(configuration);
        }
        catch (InvalidOperationException unreadable) when (unreadable is not SettingsException)
        {
            throw new SettingsException(T.Section, [unreadable.Message], unreadable);
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        var problems = results
            .Select(result => $"{T.Section}:{string.Join(", ", result.MemberNames)}: {result.ErrorMessage}")
            .Concat(checkProblems ? settings.Problems(isDevelopment) : [])
            .ToArray();
        return problems.Length == 0 ? settings : throw new SettingsException(T.Section, problems);
    }

    /// <summary>Runs first among the hosted services: a service whose settings are refused does not start.</summary>
    private sealed class StartCheck<T>(T settings, bool isDevelopment) : IHostedService
        where T : class, ISettings<T>, new()
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            settings.Problems(isDevelopment).ToArray() is { Length: > 0 } problems
                ? throw new SettingsException(T.Section, problems)
                : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Settings that stop the service from starting, each problem naming its key.</summary>
public sealed class SettingsException : InvalidOperationException
{
    public SettingsException(string section, IReadOnlyList<string> problems, Exception? inner = null)
        : base($"The {section} settings are refused: {string.Join(" ", problems)}", inner) => Problems = problems;

    public SettingsException(IReadOnlyList<string> problems)
        : base($"Settings refused: {string.Join(" ", problems)}") => Problems = problems;

    public IReadOnlyList<string> Problems { get; }
}
