using Gatehouse.Instance;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;

namespace Gatehouse.Login;

/// <summary>What the set-up's form post needs besides the page's own services, bound by minimal APIs (<c>[AsParameters]</c>).</summary>
internal readonly record struct OtpEmailSetUpRequest(
    LoginPolicy Policy,
    OtpEmailPolicy OtpEmailPolicy,
    OtpEmailEnrolment Enrolment,
    LoginCookie Cookie,
    SignIn SignIn,
    TimeProvider Time);
