using Gatehouse.Users;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Zitadel.Session.V2;

namespace Gatehouse.Sessions;

/// <summary>Session state as ZITADEL's Session message: factors are absent until a user was checked.</summary>
internal static class SessionMapping
{
    // Long: copies the fields of ZITADEL's Session message in the proto's order; it decides nothing.
    public static Session ToSession(string id, SessionState state, UserRow? user)
    {
        var session = new Session
        {
            Id = id,
            CreationDate = Timestamp.FromDateTimeOffset(state.Version.CreatedAt),
            ChangeDate = Timestamp.FromDateTimeOffset(state.Version.ChangedAt),
            Sequence = (ulong)state.Version.Sequence,
        };

        foreach (var (key, value) in state.Metadata)
        {
            session.Metadata[key] = ByteString.FromBase64(value);
        }

        if (state.ExpiresAt is { } expires)
        {
            session.ExpirationDate = Timestamp.FromDateTimeOffset(expires);
        }

        if (state.UserAgent is { } agent)
        {
            var userAgent = new UserAgent();
            if (agent.FingerprintId is not null)
            {
                userAgent.FingerprintId = agent.FingerprintId;
            }

            if (agent.Ip is not null)
            {
                userAgent.Ip = agent.Ip;
            }

            if (agent.Description is not null)
            {
                userAgent.Description = agent.Description;
            }

            foreach (var (name, values) in agent.Header ?? new Dictionary<string, IReadOnlyList<string>>())
            {
                userAgent.Header[name] = new UserAgent.Types.HeaderValues { Values = { values } };
            }

            session.UserAgent = userAgent;
        }

        if (state.User is { } checkedUser)
        {
            session.Factors = new Factors
            {
                User = new UserFactor
                {
                    VerifiedAt = Timestamp.FromDateTimeOffset(checkedUser.CheckedAt),
                    Id = checkedUser.UserId,
                    LoginName = user?.UserName ?? "",
                    DisplayName = user?.DisplayName ?? user?.UserName ?? "",
                    OrganizationId = checkedUser.UserResourceOwner,
                },
            };
            if (state.PasswordCheckedAt is { } passwordAt)
            {
                session.Factors.Password = new PasswordFactor { VerifiedAt = Timestamp.FromDateTimeOffset(passwordAt) };
            }

            if (state.OtpEmailCheckedAt is { } otpAt)
            {
                session.Factors.OtpEmail = new OTPFactor { VerifiedAt = Timestamp.FromDateTimeOffset(otpAt) };
            }
        }

        return session;
    }
}
