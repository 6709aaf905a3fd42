using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gatehouse.Login;

/// <summary>
/// Renders a hosted page (a Razor component under <c>Pages/</c>, rendered statically on the server, no JavaScript).
/// Razor encodes every value; forms carry the antiforgery token; the page may not be framed (clickjacking) and may
/// load nothing but its own stylesheet.
/// </summary>
internal static class LoginPage
{
    public const string StylesheetPath = "/ui/gatehouse.css";
    private const string StylesheetResource = "Gatehouse.Login.gatehouse.css";

    private static readonly Lazy<byte[]> Stylesheet = new(ReadStylesheet);

    public static IServiceCollection AddGatehouseLoginPages(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddLocalization();
        return services;
    }

    public static IResult Show<TPage>(HttpContext http, IReadOnlyDictionary<string, object?>? parameters = null, int statusCode = StatusCodes.Status200OK)
        where TPage : IComponent
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        LoginLanguage.Remember(http);
        return new RazorComponentResult<TPage>(parameters ?? new Dictionary<string, object?>()) { StatusCode = statusCode };
    }

    public static void MapGatehouseLoginStylesheet(this IEndpointRouteBuilder app) =>
        app.MapGet(StylesheetPath, (HttpContext http) =>
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(Stylesheet.Value, "text/css; charset=utf-8");
        });

    private static byte[] ReadStylesheet()
    {
        using var stream = typeof(LoginPage).Assembly.GetManifestResourceStream(StylesheetResource)
            ?? throw new InvalidOperationException($"The resource {StylesheetResource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
