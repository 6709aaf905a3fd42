using Gatehouse.Users;

namespace Gatehouse.Sessions;

/// <summary>
/// DeleteSession's decision, after the caller was authorized on the session as it was read. An unknown or already ended
/// session ends without an event, as in ZITADEL. When the caller proved itself with the session's token, a token that
/// rotated since (a sign-in step in between) no longer counts: the caller must ask again with the new one.
/// </summary>
internal static class EndSession
{
    public static SessionDecision Decide(SessionState session, string? authorizedTokenHash)
    {
        if (!session.Exists)
        {
            return new SessionDecision([], []);
        }

        if (authorizedTokenHash is not null && session.TokenHash != authorizedTokenHash)
        {
            return SessionErrors.TokenMismatch;
        }

        return new SessionDecision([new SessionTerminated()], []);
    }
}
