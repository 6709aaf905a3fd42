using Gatehouse.Kernel;

namespace Gatehouse.Auth;

/// <summary>
/// Bearer tokens: the authenticator behind <see cref="IAuthenticator"/>, and the token cache every node keeps in step
/// by following the log. It sits above the features whose events end a token (docs/architecture.md).
/// </summary>
internal sealed class AuthModule : GatehouseModule
{
    public override void AddCore(IServiceCollection services, HostContext host) => services.AddSingleton<TokenCache>();

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton<BearerAuthenticator>();
        services.AddSingleton<IAuthenticator>(provider => provider.GetRequiredService<BearerAuthenticator>());
        // Writes of other nodes and processes reach the token cache by following the log.
        services.AddHostedService<TokenCacheFollower>();
    }
}
