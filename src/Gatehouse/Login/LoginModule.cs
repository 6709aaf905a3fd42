using Gatehouse.Kernel;
using Gatehouse.Oidc;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Gatehouse.Login;

/// <summary>The hosted login, its browser session cookie and the security page (section <c>Login</c>).</summary>
internal sealed class LoginModule : GatehouseModule
{
    private LoginSettings login = new();

    public override void ReadSettings(SettingsReader settings) => login = LoginSettings.Read(settings);

    public override void AddServer(IServiceCollection services, HostContext host)
    {
        services.AddSingleton(login);
        services.AddGatehouseLoginRateLimit(login);
        services.AddSingleton<LoginCookie>();
        services.AddSingleton<ISignOutPrompt, SignOutPrompt>();
        services.AddGatehouseLoginPages();
        services.AddAuthentication().AddCookie(BrowserSessions.Scheme, options =>
        {
            options.Cookie.Name = BrowserSessions.CookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.CookieManager = new HostPrefixedCookieManager();
            options.SlidingExpiration = false;
            options.LoginPath = "/ui/login";
        });
        services.AddOptions<CookieAuthenticationOptions>(BrowserSessions.Scheme)
            .Configure<OidcSettings>((options, oidc) => options.ExpireTimeSpan = oidc.LoginSessionLifetime);
    }

    public override void Map(WebApplication app)
    {
        app.MapGatehouseLogin();
        app.MapGatehouseSecurityPage();
        app.MapGet("/", () => Results.Redirect(ReturnUrl.Home));
    }
}
