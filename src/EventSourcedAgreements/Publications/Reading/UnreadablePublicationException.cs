namespace EventSourcedAgreements.Publications.Reading;

public sealed class UnreadablePublicationException(string message) : Exception(message);
