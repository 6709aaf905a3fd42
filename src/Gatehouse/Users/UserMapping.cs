using Google.Protobuf.WellKnownTypes;
using UserV1 = Zitadel.User.V1;
using Gatehouse.Transport;

namespace Gatehouse.Users;

/// <summary>Read-model rows as ZITADEL's v1 user messages.</summary>
internal static class UserMapping
{
    public static UserV1.User ToV1(UserRow user)
    {
        var result = new UserV1.User
        {
            Id = user.Id,
            Details = DetailsMapping.V1ReadModel(user.Sequence, user.CreatedAt, user.ChangedAt, user.OrgId),
            State = (UserV1.UserState)user.State,
            UserName = user.UserName,
            LoginNames = { user.UserName },
            PreferredLoginName = user.UserName,
        };

        if (user.IsHuman)
        {
            result.Human = new UserV1.Human
            {
                Profile = new UserV1.Profile
                {
                    FirstName = user.FirstName ?? "",
                    LastName = user.LastName ?? "",
                    NickName = user.NickName ?? "",
                    DisplayName = user.DisplayName ?? "",
                    PreferredLanguage = user.PreferredLanguage ?? "",
                    Gender = (UserV1.Gender)user.Gender,
                },
                Email = new UserV1.Email { Email_ = user.Email ?? "", IsEmailVerified = user.EmailVerified },
                Phone = new UserV1.Phone(),
                PasswordChanged = user.PasswordChangedAt is { } changed ? Timestamp.FromDateTimeOffset(changed) : null,
            };
        }
        else
        {
            result.Machine = new UserV1.Machine { Name = user.MachineName ?? "", Description = user.MachineDescription ?? "" };
        }

        return result;
    }
}
