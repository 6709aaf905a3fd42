using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Gatehouse.Transport;

namespace Gatehouse.Login;

/// <summary>
/// The language of the hosted pages, set as the request's UI culture by ASP.NET Core's request localization: the
/// switch in the corner (<c>?lang=</c>, then the cookie it leaves) wins over Accept-Language, and English is the
/// default. A language is added here and with a <c>LoginTexts.{language}.resx</c>.
/// </summary>
internal static class LoginLanguage
{
    public const string Cookie = "gatehouse.lang";
    private static readonly string[] Supported = ["en", "de"];

    public static IApplicationBuilder UseGatehouseLoginLanguage(this IApplicationBuilder app) =>
        app.UseRequestLocalization(options =>
        {
            options.AddSupportedCultures(Supported).AddSupportedUICultures(Supported).SetDefaultCulture(Supported[0]);
            options.RequestCultureProviders =
                [new CustomRequestCultureProvider(http => Task.FromResult<ProviderCultureResult?>(new(Of(http))))];
        });

    /// <summary>The language this request's pages are shown in.</summary>
    public static string Current => CultureInfo.CurrentUICulture.Name is { Length: > 0 } name ? name : Supported[0];

    /// <summary>The language the switch offers: the other one.</summary>
    public static string Other => Current == "de" ? "en" : "de";

    public static string Of(HttpContext http)
    {
        if (Switched(http) is { } chosen)
        {
            return chosen;
        }

        return http.Request.Cookies[Cookie] is { } remembered && Supported.Contains(remembered, StringComparer.Ordinal)
            ? remembered
            : Transport.ErrorTexts.LanguageOf(http.Request.Headers.AcceptLanguage.ToString());
    }

    /// <summary>Keeps a language chosen with the switch for the next visits.</summary>
    public static void Remember(HttpContext http)
    {
        if (Switched(http) is { } chosen)
        {
            http.Response.Cookies.Append(Cookie, chosen, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }
    }

    private static string? Switched(HttpContext http) =>
        http.Request.Query["lang"].ToString() is var lang && Supported.Contains(lang, StringComparer.Ordinal) ? lang : null;
}
