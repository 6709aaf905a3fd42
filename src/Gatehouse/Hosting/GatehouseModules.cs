using Gatehouse.Auth;
using Gatehouse.Instance;
using Gatehouse.Kernel;
using Gatehouse.Login;
using Gatehouse.Notifications;
using Gatehouse.Observability;
using Gatehouse.Oidc;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Settings;
using Gatehouse.Users;
using Gatehouse.Transport;

namespace Gatehouse.Hosting;

/// <summary>The capabilities Gatehouse is made of, one line each, in the order they register, set up and map.</summary>
internal static class GatehouseModules
{
    public static IReadOnlyList<GatehouseModule> Create() =>
    [
        new ObservabilityModule(),
        new NotificationsModule(),
        new TransportModule(),
        new UsersModule(),
        // After users, before sessions: sessions compose its challenge and check.
        new OtpEmailModule(),
        new SessionsModule(),
        new InstanceModule(),
        // After users and the instance: the first start creates the instance, the administrator and the login client.
        new FirstStartModule(),
        new SettingsModule(),
        // After the instance: the signing keys are set up after the first start.
        new OidcModule(),
        new LoginModule(),
        // Above every feature whose events end a token.
        new AuthModule(),
    ];
}
