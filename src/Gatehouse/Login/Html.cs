using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Gatehouse.Login;

/// <summary>
/// Server-rendered pages without JavaScript: every value is HTML-encoded here, every form carries the antiforgery
/// token, and the page may not be framed (clickjacking) or load anything from elsewhere.
/// </summary>
internal sealed class Html(IAntiforgery antiforgery)
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;background:#f3f4f6;color:#111827;margin:0}
        main{max-width:28rem;margin:3rem auto;background:#fff;border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.15);padding:2rem}
        main.wide{max-width:44rem}
        header{display:flex;justify-content:space-between;align-items:center;margin-bottom:1.5rem}
        .brand{font-weight:700;font-size:1.1rem;color:#1d4ed8}
        h1{font-size:1.4rem;margin:0 0 1rem}
        h2{font-size:1.1rem;margin:1.75rem 0 .75rem}
        label{display:block;font-weight:600;margin:.75rem 0 .25rem}
        .hint{color:#4b5563;font-size:.9rem;margin:.25rem 0}
        input[type=text],input[type=password],input[type=email]{width:100%;box-sizing:border-box;padding:.6rem;border:1px solid #9ca3af;border-radius:.4rem;font-size:1rem}
        input:focus,button:focus,a:focus{outline:3px solid #2563eb;outline-offset:2px}
        button{margin-top:1rem;padding:.6rem 1.2rem;border:0;border-radius:.4rem;background:#1d4ed8;color:#fff;font-size:1rem;cursor:pointer}
        button.secondary{background:#e5e7eb;color:#111827}
        button.danger{background:#b91c1c}
        .error{background:#fef2f2;border:1px solid #b91c1c;color:#7f1d1d;padding:.75rem;border-radius:.4rem}
        .notice{background:#ecfdf5;border:1px solid #047857;color:#064e3b;padding:.75rem;border-radius:.4rem}
        table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e5e7eb}
        .row{display:flex;justify-content:space-between;align-items:center;gap:1rem}
        .badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-size:.8rem;background:#e5e7eb}
        .badge.on{background:#d1fae5;color:#064e3b}
        form.inline{display:inline}form.inline button{margin-top:0}
        a{color:#1d4ed8}
        """;

    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    public static string Text(string key, string language, params object[] values) =>
        values.Length == 0
            ? E(LoginTexts.Get(key, language))
            : E(string.Format(CultureInfo.InvariantCulture, LoginTexts.Get(key, language), values));

    /// <summary>The hidden antiforgery field for a form of this response.</summary>
    public string Antiforgery(HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken)}">""";
    }

    public Task<bool> IsValidFormAsync(HttpContext http) => antiforgery.IsRequestValidAsync(http);

    public static IResult Page(HttpContext http, string language, string title, string body, bool wide = false, int statusCode = StatusCodes.Status200OK)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (http.Request.Query["lang"].ToString() is "de" or "en")
        {
            http.Response.Cookies.Append(LoginTexts.LanguageCookie, language, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(365),
            });
        }

        var other = language == "de" ? "en" : "de";
        var query = http.Request.Query.Where(q => q.Key != "lang").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("lang", (string?)other));
        var switchUrl = http.Request.Path + QueryString.Create(query);
        var html = $"""
            <!DOCTYPE html>
            <html lang="{language}">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)} · Gatehouse</title><style>{Style}</style></head>
            <body><main class="{(wide ? "wide" : "")}">
            <header><span class="brand">Gatehouse</span><a href="{E(switchUrl)}" hreflang="{other}" lang="{other}">{Text("Language", language)}</a></header>
            <h1>{E(title)}</h1>
            {body}
            </main></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: statusCode);
    }

    public static string Message(string? error, string? notice) =>
        (error is null ? "" : $"""<p class="error" role="alert">{E(error)}</p>""")
        + (notice is null ? "" : $"""<p class="notice" role="status">{E(notice)}</p>""");

    /// <summary><c>j•••@example.com</c>: enough to recognise one's address, too little to learn someone else's.</summary>
    public static string MaskEmail(string? email)
    {
        if (email is null || email.IndexOf('@', StringComparison.Ordinal) is not (var at and > 0))
        {
            return "•••";
        }

        return string.Concat(email.AsSpan(0, 1), "•••", email.AsSpan(at));
    }
}
