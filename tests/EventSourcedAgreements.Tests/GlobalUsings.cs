// The tests speak the service's commands: every command record, by its activity's namespace.
global using EventSourcedAgreements.Agreements.Amending;
global using EventSourcedAgreements.Agreements.Correcting;
global using EventSourcedAgreements.Agreements.Expiring;
global using EventSourcedAgreements.Agreements.Reinstating;
global using EventSourcedAgreements.Agreements.Rejecting;
global using EventSourcedAgreements.Agreements.Renewing;
global using EventSourcedAgreements.Agreements.Requesting;
global using EventSourcedAgreements.Agreements.Signing;
global using EventSourcedAgreements.Agreements.Suspending;
global using EventSourcedAgreements.Agreements.Terminating;
global using EventSourcedAgreements.Agreements.Withdrawing;
