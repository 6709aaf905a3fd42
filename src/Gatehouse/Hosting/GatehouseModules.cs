using Gatehouse.Api;
using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Login;
using Gatehouse.Notifications;
using Gatehouse.Observability;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Hosting;

/// <summary>The capabilities Gatehouse is made of, one line each, in the order they register, set up and map.</summary>
internal static class GatehouseModules
{
    public static IReadOnlyList<GatehouseModule> Create() =>
    [
        new ObservabilityModule(),
        new NotificationsModule(),
        new ApiModule(),
        new UsersModule(),
        // After users, before sessions: sessions compose its challenge and check.
        new OtpEmailModule(),
        new SessionsModule(),
        // After users: the first start creates the administrator and the login client.
        new InstanceModule(),
        // After the instance: the signing keys are set up after the first start.
        new OidcModule(),
        new LoginModule(),
    ];
}
