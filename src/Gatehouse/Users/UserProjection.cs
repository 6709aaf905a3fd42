using Gatehouse.EventStore;

namespace Gatehouse.Users;

/// <summary>
/// The <c>users</c> read model behind GetMyUser, GetMyEmail, ListMyAuthFactors and the session's user check, and
/// personal access tokens in <c>access_tokens</c>. It runs inside the append's transaction, so unlike ZITADEL's
/// asynchronous projections a just-added factor is never missing from the next read (docs/otp-email.md §8.18).
/// </summary>
internal sealed class UserProjection : IInlineProjection
{
    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        // The version columns (and the OTP Email flag, the seed call's only change) are written once per user and
        // append, after the statements of the events that need their own.
        StoredEvent? last = null;
        long? otpEmail = null;
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != UserEvents.AggregateType || UserEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            if (last is not null && last.Stream.AggregateId != stored.Stream.AggregateId)
            {
                WriteVersion(statements, last, otpEmail);
                otpEmail = null;
            }

            otpEmail = e switch
            {
                OtpEmailAdded => 1,
                OtpEmailRemoved or UserRemoved => 0,
                _ => otpEmail,
            };
            Apply(statements, stored, e);
            last = stored;
        }

        if (last is not null)
        {
            WriteVersion(statements, last, otpEmail);
        }
    }

    private static void WriteVersion(IProjectionStatements statements, StoredEvent last, long? otpEmail) =>
        statements.Execute(
            "UPDATE users SET otp_email = COALESCE(@otp, otp_email), sequence = @seq, changed_at = @at WHERE id = @id",
            ("@otp", otpEmail), ("@seq", last.Sequence), ("@at", UnixMicroseconds.From(last.CreatedAt)), ("@id", last.Stream.AggregateId));

    /// <summary>A removed user's credentials go with it, as ZITADEL's key projection drops them on <c>user.removed</c>.</summary>
    private static void RemoveUser(IProjectionStatements statements, string userId)
    {
        statements.Execute("UPDATE users SET state = @state, otp_email = 0, machine_secret_hash = NULL WHERE id = @id",
            ("@id", userId), ("@state", UserStates.Deleted));
        statements.Execute("DELETE FROM machine_keys WHERE user_id = @id", ("@id", userId));
    }

    private static void Apply(IProjectionStatements statements, StoredEvent stored, UserEvent e)
    {
        var id = ("@id", (object?)stored.Stream.AggregateId);
        switch (e)
        {
            case HumanAdded h:
                AddHuman(statements, stored, h);
                break;
            case MachineAdded m:
                AddMachine(statements, stored, m);
                break;
            case EmailChanged c:
                statements.Execute("UPDATE users SET email = @email, email_verified = 0 WHERE id = @id", id, ("@email", c.Email));
                break;
            case EmailVerified:
                statements.Execute("UPDATE users SET email_verified = 1, verified_email = email WHERE id = @id", id);
                break;
            case UserLocked:
                statements.Execute("UPDATE users SET state = @state WHERE id = @id", id, ("@state", UserStates.Locked));
                break;
            case UserUnlocked:
                statements.Execute("UPDATE users SET state = @state WHERE id = @id", id, ("@state", UserStates.Active));
                break;
            case UserRemoved:
                RemoveUser(statements, stored.Stream.AggregateId);
                break;
            case MachineSecretSet secret:
                statements.Execute("UPDATE users SET machine_secret_hash = @hash WHERE id = @id", id, ("@hash", secret.HashedSecret));
                break;
            case MachineSecretRemoved:
                statements.Execute("UPDATE users SET machine_secret_hash = NULL WHERE id = @id", id);
                break;
            case MachineKeyAdded key:
                AddMachineKey(statements, stored, key);
                break;
            case MachineKeyRemoved key:
                statements.Execute("DELETE FROM machine_keys WHERE key_id = @key AND user_id = @id", id, ("@key", key.KeyId));
                break;
            case MfaInitSkipped:
                statements.Execute("UPDATE users SET mfa_init_skipped_at = @at WHERE id = @id", id,
                    ("@at", UnixMicroseconds.From(stored.CreatedAt)));
                break;
            case PersonalAccessTokenAdded pat:
                statements.Execute(
                    "INSERT INTO access_tokens (token_hash, kind, token_id, user_id, expires_at) VALUES (@hash, 'pat', @tokenId, @id, @expires)",
                    id, ("@hash", pat.TokenHash), ("@tokenId", pat.TokenId), ("@expires", UnixMicroseconds.From(pat.Expiration)));
                break;
        }
    }

    private static void AddHuman(IProjectionStatements statements, StoredEvent stored, HumanAdded h)
    {
        var id = ("@id", (object?)stored.Stream.AggregateId);
        statements.Execute(
            """
            INSERT INTO users (id, org_id, kind, state, user_name, first_name, last_name, nick_name, display_name,
                preferred_language, gender, email, password_changed_at, sequence, created_at, changed_at)
            VALUES (@id, @org, 'human', @state, @userName, @first, @last, @nick, @display, @lang, @gender, @email, @pwd, @seq, @at, @at)
            """,
            id, ("@org", stored.ResourceOwner), ("@state", UserStates.Active), ("@userName", h.UserName), ("@first", h.FirstName),
            ("@last", h.LastName), ("@nick", h.NickName), ("@display", h.DisplayName), ("@lang", h.PreferredLanguage),
            ("@gender", (long)h.Gender), ("@email", h.Email),
            ("@pwd", h.EncodedHash is null ? null : UnixMicroseconds.From(stored.CreatedAt)),
            ("@seq", stored.Sequence), ("@at", UnixMicroseconds.From(stored.CreatedAt)));
    }

    private static void AddMachine(IProjectionStatements statements, StoredEvent stored, MachineAdded m)
    {
        var id = ("@id", (object?)stored.Stream.AggregateId);
        statements.Execute(
            """
            INSERT INTO users (id, org_id, kind, state, user_name, machine_name, machine_description, sequence, created_at, changed_at)
            VALUES (@id, @org, 'machine', @state, @userName, @name, @description, @seq, @at, @at)
            """,
            id, ("@org", stored.ResourceOwner), ("@state", UserStates.Active), ("@userName", m.UserName), ("@name", m.Name),
            ("@description", m.Description), ("@seq", stored.Sequence), ("@at", UnixMicroseconds.From(stored.CreatedAt)));
    }

    private static void AddMachineKey(IProjectionStatements statements, StoredEvent stored, MachineKeyAdded key)
    {
        var id = ("@id", (object?)stored.Stream.AggregateId);
        statements.Execute(
            """
            INSERT INTO machine_keys (key_id, user_id, org_id, public_key, expires_at, created_at, changed_at)
            VALUES (@key, @id, @org, @public, @expires, @at, @at)
            """,
            id, ("@key", key.KeyId), ("@org", stored.ResourceOwner), ("@public", key.PublicKey),
            ("@expires", UnixMicroseconds.From(key.ExpirationDate)), ("@at", UnixMicroseconds.From(stored.CreatedAt)));
    }
}
