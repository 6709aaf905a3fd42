using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

// A web application that signs its users in through Gatehouse with ASP.NET Core's standard OpenID Connect handler,
// shows their claims and calls Gatehouse's Auth API with the access token. Settings: Gatehouse__Authority,
// Gatehouse__ClientId, Gatehouse__ClientSecret, Urls.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
var gatehouse = builder.Configuration.GetSection("Gatehouse");
var authority = gatehouse["Authority"] ?? "http://localhost:8080";

builder.Services.AddAuthentication(options =>
    {
        options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
    })
    .AddCookie(options => options.Cookie.Name = "sample.auth")
    .AddOpenIdConnect(options =>
    {
        options.Authority = authority;
        options.RequireHttpsMetadata = authority.StartsWith("https:", StringComparison.Ordinal);
        options.ClientId = gatehouse["ClientId"];
        options.ClientSecret = gatehouse["ClientSecret"];
        options.ResponseType = "code";
        options.UsePkce = true;
        // The code comes back in a top-level GET, so the Lax correlation cookies are sent over plain http too.
        options.ResponseMode = "query";
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("email");
        options.Scope.Add("urn:zitadel:iam:org:project:id:zitadel:aud");
        options.SaveTokens = true;
        options.GetClaimsFromUserInfoEndpoint = true;
        options.MapInboundClaims = false;
        options.TokenValidationParameters.NameClaimType = "name";
        options.Events.OnRedirectToIdentityProvider = context =>
        {
            if (context.Properties.Items.TryGetValue("acr_values", out var acr))
            {
                context.ProtocolMessage.AcrValues = acr;
            }

            return Task.CompletedTask;
        };
    });

var app = builder.Build();
app.UseAuthentication();

app.MapGet("/", async (HttpContext http) =>
{
    string body;
    if (http.User.Identity?.IsAuthenticated != true)
    {
        body = """
            <p>You are not signed in.</p>
            <p><a id="sign-in" href="/login">Sign in with Gatehouse</a></p>
            <p><a id="sign-in-mfa" href="/login?mfa=true">Sign in with a second factor required</a></p>
            """;
    }
    else
    {
        var accessToken = await http.GetTokenAsync("access_token") ?? "";
        var claims = string.Join("\n", http.User.Claims.Select(c => $"<tr><th scope=\"row\">{E(c.Type)}</th><td>{E(c.Value)}</td></tr>"));
        body = $"""
            <p>Hello, <strong id="name">{E(http.User.Identity.Name)}</strong>. Signed in with: <code id="amr">{E(string.Join(" ", http.User.FindAll("amr").Select(c => c.Value)))}</code></p>
            <h2>Claims</h2>
            <table>{claims}</table>
            <h2>Access token</h2>
            <p>Accepted by Gatehouse's Auth API as a bearer token.</p>
            <pre id="access-token">{E(accessToken)}</pre>
            <form method="post" action="/logout"><button id="sign-out" type="submit">Sign out</button></form>
            """;
    }

    return Results.Content($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Sample client</title>
        <style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}th,td{text-align:left;padding:.3rem;border-bottom:1px solid #ddd;font-size:.9rem}
        pre{white-space:pre-wrap;word-break:break-all;background:#f3f4f6;padding:.5rem;font-size:.75rem;max-height:6rem;overflow:auto}</style></head>
        <body><h1>Sample client</h1>{{body}}</body></html>
        """, "text/html; charset=utf-8");
});

app.MapGet("/login", (bool? mfa) =>
{
    var properties = new AuthenticationProperties { RedirectUri = "/" };
    if (mfa == true)
    {
        properties.Items["acr_values"] = "mfa";
    }

    return Results.Challenge(properties, [OpenIdConnectDefaults.AuthenticationScheme]);
});

app.MapPost("/logout", () => Results.SignOut(new AuthenticationProperties { RedirectUri = "/" },
    [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]));

await app.RunAsync();

static string E(string? text) => WebUtility.HtmlEncode(text ?? "");
