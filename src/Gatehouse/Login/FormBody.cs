namespace Gatehouse.Login;

/// <summary>
/// The form posts of the login and the security page accept only a form body. Anything else (JSON, text, a
/// multipart body without its boundary or cut short, too many fields) is the client's mistake or a probe, and is
/// answered 400 with a page that says so, before the endpoint runs, instead of an exception, a 500 and an
/// error-level stack trace in the log (SECURITY.md, malformed input). The form read here is cached by ASP.NET Core,
/// so the endpoint and the antiforgery check read it again for free.
/// </summary>
internal static class FormBody
{
    public static TBuilder RequireFormBody<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!http.Request.HasFormContentType)
            {
                return Refused(http, StatusCodes.Status400BadRequest);
            }

            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException e)
            {
                // Kestrel's own limits (a body over MaxRequestBodyBytes is 413) keep their status.
                return Refused(http, e.StatusCode);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                return Refused(http, StatusCodes.Status400BadRequest);
            }

            return await next(context);
        });

    private static IResult Refused(HttpContext http, int statusCode) => LoginPage.Show<Pages.BadFormPage>(http, statusCode: statusCode);
}
