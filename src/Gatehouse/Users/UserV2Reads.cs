using Google.Protobuf.WellKnownTypes;
using Zitadel.User.V2;
using V2UserState = Zitadel.User.V2.UserState;

namespace Gatehouse.Users;

/// <summary>
/// A users row as the v2 reads answer it (docs/zitadel-wire.md §6.4). Login names are user names, unique in the
/// instance, without an organization domain (the domain settings say so), so a user has exactly one.
/// </summary>
internal static class UserV2Reads
{
    public static User ToUser(UserRow row)
    {
        var state = StateOf(row.State);
        var user = new User
        {
            UserId = row.Id,
            State = state,
            Username = row.UserName,
            PreferredLoginName = row.UserName,
            Details = new Zitadel.Object.V2.Details
            {
                Sequence = (ulong)row.Sequence,
                ResourceOwner = row.OrgId,
                CreationDate = Timestamp.FromDateTimeOffset(row.CreatedAt),
                ChangeDate = Timestamp.FromDateTimeOffset(row.ChangedAt),
            },
        };
        user.LoginNames.Add(row.UserName);
        if (row.IsHuman)
        {
            user.Human = Human(row, state);
        }
        else
        {
            user.Machine = new MachineUser { Name = row.MachineName ?? "", Description = row.MachineDescription ?? "" };
        }

        return user;
    }

    private static HumanUser Human(UserRow row, V2UserState state)
    {
        var profile = new HumanProfile
        {
            GivenName = row.FirstName ?? "",
            FamilyName = row.LastName ?? "",
            DisplayName = row.DisplayName ?? $"{row.FirstName} {row.LastName}".Trim(),
            Gender = (Gender)row.Gender,
        };
        if (row.NickName is { } nick)
        {
            profile.NickName = nick;
        }

        if (row.PreferredLanguage is { } language)
        {
            profile.PreferredLanguage = language;
        }

        var human = new HumanUser
        {
            UserId = row.Id,
            State = state,
            Username = row.UserName,
            PreferredLoginName = row.UserName,
            Profile = profile,
            Email = new HumanEmail { Email = row.Email ?? "", IsVerified = row.EmailVerified },
            Phone = new HumanPhone(),
            PasswordChanged = row.PasswordChangedAt is { } changed ? Timestamp.FromDateTimeOffset(changed) : null,
            MfaInitSkipped = row.MfaInitSkippedAt is { } skipped ? Timestamp.FromDateTimeOffset(skipped) : null,
        };
        human.LoginNames.Add(row.UserName);
        return human;
    }

    /// <summary>The read model stores v1 state numbers; v2 numbers INITIAL differently (5, not 6).</summary>
    public static V2UserState StateOf(long stored) => stored switch
    {
        UserStates.Active => V2UserState.Active,
        UserStates.Inactive => V2UserState.Inactive,
        UserStates.Deleted => V2UserState.Deleted,
        UserStates.Locked => V2UserState.Locked,
        6 => V2UserState.Initial,
        _ => V2UserState.Unspecified,
    };
}
