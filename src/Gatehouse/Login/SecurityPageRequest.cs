using Gatehouse.Oidc;
using Gatehouse.EventStore;
using Gatehouse.OtpEmail;
using Gatehouse.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Localization;

namespace Gatehouse.Login;

/// <summary>What every form post of the security page needs, bound by minimal APIs (<c>[AsParameters]</c>).</summary>
internal readonly record struct SecurityPageRequest(
    HttpContext Http,
    IAntiforgery Antiforgery,
    IStringLocalizer<LoginTexts> Texts,
    BrowserSessions Browser,
    IReadModels Db,
    TimeProvider Time,
    MyAccount Account,
    OtpEmailEnrolment OtpEmail);
