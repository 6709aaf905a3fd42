using Gatehouse.OtpEmail;
using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// What a session decision decides on, read fresh for every attempt: the session, its user (null while the session
/// names none), and the OTP Email facts of both.
/// </summary>
internal sealed record SessionFacts(SessionState Session, UserState? User, OtpEmailState OtpEmail)
{
    public static SessionFacts Of(SessionState session) => new(session, null, new OtpEmailState { Challenge = session.OtpEmailChallenge });
}
