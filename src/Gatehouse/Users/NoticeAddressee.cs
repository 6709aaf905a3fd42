namespace Gatehouse.Users;

/// <summary>Who a <see cref="SecurityNotice"/> goes to: the verified address, in the user's language, with their names.</summary>
internal sealed record NoticeAddressee(string? VerifiedEmail, string? Language, string DisplayName, string LoginName)
{
    public static NoticeAddressee Of(UserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(state.VerifiedEmail, state.PreferredLanguage, state.DisplayName, state.UserName);
    }
}
