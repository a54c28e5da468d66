// What every slice speaks: the shared kernel (input, rules, problems, the clock), the Wolverine.Http endpoint and Marten
// aggregate attributes, ASP.NET Core's ProblemDetails and authorization, and the roles.
global using EventSourcedAgreements.Core;
global using Microsoft.AspNetCore.Authorization;
global using Microsoft.AspNetCore.Mvc;
global using Wolverine.Http;
global using Wolverine.Marten;
global using static EventSourcedAgreements.Security.Roles;
