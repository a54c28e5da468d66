using EventSourcedAgreements.Hosting;
using EventSourcedAgreements.Tests.Fixtures;

namespace EventSourcedAgreements.Tests.Hosting;

/// <summary>
/// The service's command line as an operator meets it: the built service run as a process of its own. A command line
/// that cannot be used is refused before anything starts, with a line saying why and a failing exit code; a start that
/// fails exits with a failing code and a line saying why; neither a start nor a command lists the assemblies JasperFx
/// searches for commands.
/// </summary>
public sealed class EntryPointTests
{
    private const string UnreachableDatabase = "Host=127.0.0.1;Port=1;Username=agreements;Database=agreements;Timeout=2";

    private static readonly string SigningKey = new('k', 48);

    [Fact]
    public async Task urls_without_a_value_is_refused_before_anything_starts()
    {
        var refused = await RunAsync("--urls");

        refused.ErrorLines.ShouldBe(["--urls needs a value: --urls http://localhost:5080 or --urls=http://localhost:5080.", EntryPoint.Usage]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
    }

    [Fact]
    public async Task an_unknown_option_is_refused_naming_it()
    {
        var refused = await RunAsync("--bogus", "1");

        refused.ErrorLines.ShouldBe([
            "Unknown option '--bogus': the service takes --urls, --http_ports, --https_ports, --environment, --contentRoot, --applicationName, OpenTelemetry's --OTEL_* settings and configuration keys (--Section:Key VALUE, e.g. --Guards:WritesPerMinute 240).",
            EntryPoint.Usage,
        ]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
        refused.StandardOutput.ShouldBeEmpty();
    }

    /// <summary>JasperFx would start the service instead of the command when it sees --urls.</summary>
    [Fact]
    public async Task a_start_option_given_to_a_command_is_refused()
    {
        var refused = await RunAsync("rebuild", "--urls", "http://127.0.0.1:0");

        refused.ErrorLines.ShouldBe(["--urls is an option of the service's start, not of the command 'rebuild'.", EntryPoint.Usage]);
        refused.ExitCode.ShouldBe(EntryPoint.RefusedExitCode);
    }

    [Fact]
    public async Task an_unknown_command_is_named_and_fails()
    {
        var refused = await RunAsync("bogus");

        refused.StandardOutput.ShouldContain("'bogus' is not a command.  See available commands.");
        refused.StandardOutput.ShouldContain("db-apply");
        refused.ExitCode.ShouldBe(1);
        refused.ShowsAStackTrace.ShouldBeFalse(refused.StandardOutput + refused.StandardError);
    }

    /// <summary>With --urls, JasperFx ran the host itself and answered 0 whatever happened.</summary>
    [Fact]
    public async Task a_start_that_fails_exits_non_zero_with_one_line_saying_why()
    {
        var failed = await RunAsync("--urls", "http://127.0.0.1:0");

        failed.ErrorLines.ShouldBe(["The service stopped: Failed to connect to 127.0.0.1:1 (Connection refused)"]);
        failed.ExitCode.ShouldBe(EntryPoint.FailedExitCode);
        failed.StandardOutput.ShouldNotContain("for commands");
    }

    [Fact]
    public async Task a_command_does_not_list_the_assemblies_searched_for_commands()
    {
        var help = await RunAsync("help");

        help.ExitCode.ShouldBe(0, help.StandardOutput + help.StandardError);
        help.StandardOutput.ShouldContain("The available commands are:");
        help.StandardOutput.ShouldNotContain("Searching '");
        help.StandardOutput.ShouldNotContain("for commands");
    }

    [Theory]
    [InlineData]
    [InlineData("--urls", "http://localhost:5080")]
    [InlineData("--urls=http://localhost:5080", "--environment", "Production")]
    [InlineData("run", "--Guards:WritesPerMinute", "240")]
    [InlineData("--contentRoot=/srv/agreements", "--applicationName=EventSourcedAgreements", "--environment=Development")]
    [InlineData("--Webhooks=", "--Webhooks:Enabled=false")]
    [InlineData("--OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "--OTEL_SERVICE_NAME=agreements")]
    public void a_start_takes_host_options_and_configuration_keys(params string[] args) =>
        EntryPoint.Read(args).ShouldBeOfType<Invocation.StartService>();

    [Theory]
    [InlineData("run", "extra")]
    [InlineData("--urls", "http://localhost:5080", "extra")]
    [InlineData("--environment")]
    [InlineData("-u", "x")]
    [InlineData("run", "--check")]
    public void a_start_refuses_anything_else(params string[] args) =>
        EntryPoint.Read(args).ShouldBeOfType<Invocation.Refused>().Problems.ShouldNotBeEmpty();

    [Theory]
    [InlineData(new[] { "db-apply", "--parallel", "1" }, new[] { "db-apply", "--parallel", "1" })]
    [InlineData(new[] { "--help" }, new[] { "help" })]
    [InlineData(new[] { "-h", "import" }, new[] { "help", "import" })]
    public void a_word_first_is_a_command_and_help_options_ask_for_help(string[] args, string[] passedOn) =>
        EntryPoint.Read(args).ShouldBeOfType<Invocation.Command>().Arguments.ShouldBe(passedOn);

    private static Task<ServiceExit> RunAsync(params string[] arguments) =>
        ServiceCommandLine.RunAsync(ServiceCommandLine.Configuration("Production", UnreachableDatabase, SigningKey), arguments);
}
