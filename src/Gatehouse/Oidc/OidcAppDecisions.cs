using Gatehouse.Kernel;

namespace Gatehouse.Oidc;

/// <summary>Registering and removing applications through the admin API.</summary>
internal static class OidcAppDecisions
{
    public static readonly DomainError AlreadyExists = new(ErrorKind.AlreadyExists, "OIDC-app01", "Errors.Project.App.AlreadyExists");
    public static readonly DomainError NotFound = new(ErrorKind.NotFound, "OIDC-app02", "Errors.Project.App.NotFound");

    /// <summary>A registration <see cref="OidcClient.Problem"/> refuses; the hint says which address and why.</summary>
    public static DomainError Invalid(string problem) => new(ErrorKind.InvalidArgument, "OIDC-app03", "Errors.Project.App.Invalid") { Hint = problem };

    public static Decision<OidcAppEvent> Add(OidcAppState state, OidcAppAdded added, bool configured) =>
        state.Exists || configured ? AlreadyExists : Decision<OidcAppEvent>.Accept(added);

    public static Decision<OidcAppEvent> Remove(OidcAppState state) =>
        state.Exists ? Decision<OidcAppEvent>.Accept(new OidcAppRemoved()) : NotFound;
}
