using Gatehouse.Oidc;
using Gatehouse.Sessions;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>What the code step's form posts need, bound by minimal APIs (<c>[AsParameters]</c>).</summary>
internal readonly record struct CodeStepRequest(
    HttpContext Http,
    IAntiforgery Antiforgery,
    IStringLocalizer<LoginTexts> Texts,
    BrowserSessions Browser,
    LoginCookie Cookie,
    SignIn SignIn,
    TimeProvider Time);
