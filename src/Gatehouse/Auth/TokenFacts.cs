using Gatehouse.Kernel;

namespace Gatehouse.Auth;

/// <summary>
/// What the read models say about a presented token, whatever its kind: its user, and for session-bound tokens
/// (session tokens, OIDC access tokens) the session behind it. Times are Unix microseconds.
/// </summary>
/// <param name="UserFound">The token's user and its organization exist (for OIDC: the user and the session).</param>
/// <param name="ExpiresAt">When the token (a personal access token) or its session ends; null: never.</param>
/// <param name="SessionEnded">The session was terminated (signed out, deleted by an admin).</param>
internal sealed record TokenFacts(
    TokenKind Kind,
    bool UserFound,
    long? UserState,
    long? ExpiresAt,
    bool SessionEnded = false,
    long? PasswordCheckedAt = null,
    long? OtpEmailCheckedAt = null,
    bool UserHasPassword = false,
    bool UserHasOtpEmail = false);
