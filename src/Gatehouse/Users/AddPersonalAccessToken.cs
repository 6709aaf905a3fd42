using Gatehouse.Kernel;

namespace Gatehouse.Users;

/// <summary>
/// A personal access token for a machine user (docs/zitadel-wire.md §6.3). Only the token's keyed hash is recorded; the plain
/// token is returned once. Without an expiry ZITADEL uses 9999-12-31T23:59:59Z.
/// </summary>
internal static class AddPersonalAccessToken
{
    public static readonly DateTimeOffset NoExpiry = new(9999, 12, 31, 23, 59, 59, TimeSpan.Zero);

    public static readonly IReadOnlyList<string> Scopes =
        ["openid", "profile", "urn:zitadel:iam:user:metadata", "urn:zitadel:iam:user:resourceowner"];

    public static Decision<UserEvent> Decide(UserState state, string userId, string tokenId, string tokenHash, DateTimeOffset? expiration, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(userId))
        {
            return UserErrors.PatUserIdMissing;
        }

        if (expiration is { } at && at < now)
        {
            return UserErrors.PatExpiredBeforeNow;
        }

        if (!state.Exists)
        {
            return UserErrors.PatUserNotFound;
        }

        if (state.Kind != UserKind.Machine)
        {
            return UserErrors.PatWrongUserType;
        }

        return Decision<UserEvent>.Accept(new PersonalAccessTokenAdded(tokenId, tokenHash, expiration ?? NoExpiry, Scopes));
    }
}
