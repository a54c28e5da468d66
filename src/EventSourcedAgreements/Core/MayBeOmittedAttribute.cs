namespace EventSourcedAgreements.Core;

/// <summary>
/// A field of a command's body that the sender may leave out (or send as null). A command's other fields are required:
/// they are nullable in the record only so that the endpoint itself says, in a 400 that names them, which are missing.
/// The OpenAPI document shows each as it is (<see cref="Hosting.RequestBodies"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class MayBeOmittedAttribute : Attribute;
