using System.Reflection;
using Wolverine.Http;

namespace EventSourcedAgreements.Tests.Fixtures;

/// <summary>
/// The route of a command (an agreement's, an officer's), read from its endpoint's own <c>[WolverinePost]</c> (the endpoint method whose
/// first parameter is the command): tests send the command records themselves, so a renamed field or route fails here.
/// </summary>
public static class CommandRoute
{
    private static readonly Dictionary<Type, string> Templates = typeof(Program).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Select(method => (Method: method, Post: method.GetCustomAttribute<WolverinePostAttribute>()))
        .Where(endpoint => endpoint.Post is not null && endpoint.Method.GetParameters().Length > 0 && endpoint.Method.GetParameters()[0].ParameterType.Assembly == typeof(Program).Assembly)
        .ToDictionary(endpoint => endpoint.Method.GetParameters()[0].ParameterType, endpoint => endpoint.Post!.Template);

    /// <summary>The route of <typeparamref name="TCommand"/> for agreement <paramref name="id"/>.</summary>
    public static string For<TCommand>(Guid id) => For(typeof(TCommand), id);

    /// <summary>The route of the command type <paramref name="command"/> for agreement <paramref name="id"/>.</summary>
    public static string For(Type command, Guid id) =>
        Templates.TryGetValue(command, out var template)
            ? "/" + template.TrimStart('/').Replace("{id}", id.ToString(), StringComparison.Ordinal)
            : throw new ArgumentException($"No endpoint takes {command.Name} as its command.", nameof(command));
}
