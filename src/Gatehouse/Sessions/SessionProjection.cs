using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.OtpEmail;

namespace Gatehouse.Sessions;

/// <summary>
/// The <c>sessions</c> read model and the session tokens in <c>access_tokens</c>, kept in the append's transaction so
/// a rotated token stops working the moment the new one is handed out.
/// <para>
/// A sign-in step appends several session events at once (added, user checked, challenged, token set, …). They are
/// folded into one row change per session and append, written with one statement (and the token's two), instead of
/// two statements per event: no event clears a column, so an update only sets what the events set.
/// </para>
/// </summary>
internal sealed class SessionProjection : IInlineProjection
{
    private const string Insert = """
        INSERT INTO sessions (id, creator, user_id, user_org_id, token_id, user_checked_at, password_checked_at, otp_email_checked_at,
            expires_at, terminated, sequence, created_at, changed_at, user_agent)
        VALUES (@id, @creator, @user, @org, @tokenId, @userAt, @passwordAt, @otpAt, @expires, @terminated, @seq, @createdAt, @at, @agent)
        """;

    private const string Update = """
        UPDATE sessions SET user_id = COALESCE(@user, user_id), user_org_id = COALESCE(@org, user_org_id),
            token_id = COALESCE(@tokenId, token_id), user_checked_at = COALESCE(@userAt, user_checked_at),
            password_checked_at = COALESCE(@passwordAt, password_checked_at), otp_email_checked_at = COALESCE(@otpAt, otp_email_checked_at),
            expires_at = COALESCE(@expires, expires_at), terminated = CASE WHEN @terminated = 1 THEN 1 ELSE terminated END,
            sequence = @seq, changed_at = @at
        WHERE id = @id
        """;

    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        Change? change = null;
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != SessionEvents.AggregateType || SessionEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            if (change is not null && change.Id != stored.Stream.AggregateId)
            {
                Write(statements, change);
                change = null;
            }

            change ??= new Change(stored.Stream.AggregateId);
            change.Apply(stored, e);
        }

        if (change is not null)
        {
            Write(statements, change);
        }
    }

    private static void Write(IProjectionStatements statements, Change change)
    {
        (string, object?)[] columns =
        [
            ("@id", change.Id), ("@user", change.UserId), ("@org", change.UserOrgId), ("@tokenId", change.Token?.TokenId),
            ("@userAt", change.UserCheckedAt), ("@passwordAt", change.PasswordCheckedAt), ("@otpAt", change.OtpEmailCheckedAt),
            ("@expires", change.ExpiresAt), ("@terminated", change.Terminated ? 1L : 0L), ("@seq", change.Sequence), ("@at", change.ChangedAt),
        ];
        if (change.Added)
        {
            statements.Execute(Insert, [.. columns, ("@creator", change.Creator), ("@createdAt", change.CreatedAt), ("@agent", change.UserAgent)]);
        }
        else
        {
            statements.Execute(Update, columns);
        }

        if (change.Token is { } token)
        {
            if (!change.Added)
            {
                statements.Execute("DELETE FROM access_tokens WHERE session_id = @id", ("@id", change.Id));
            }

            statements.Execute(
                "INSERT INTO access_tokens (token_hash, kind, token_id, session_id) VALUES (@hash, 'session', @tokenId, @id)",
                ("@hash", token.TokenHash), ("@tokenId", token.TokenId), ("@id", change.Id));
        }
    }

    /// <summary>What the events of one append did to one session's row; null means "left as it is".</summary>
    private sealed class Change(string id)
    {
        public string Id { get; } = id;

        public bool Added { get; private set; }

        public string? Creator { get; private set; }

        public string? UserAgent { get; private set; }

        public string? UserId { get; private set; }

        public string? UserOrgId { get; private set; }

        public long? UserCheckedAt { get; private set; }

        public long? PasswordCheckedAt { get; private set; }

        public long? OtpEmailCheckedAt { get; private set; }

        public long? ExpiresAt { get; private set; }

        public TokenSet? Token { get; private set; }

        public bool Terminated { get; private set; }

        public long Sequence { get; private set; }

        public long? CreatedAt { get; private set; }

        public long ChangedAt { get; private set; }

        public void Apply(StoredEvent stored, SessionEvent e)
        {
            switch (e)
            {
                case SessionAdded added:
                    (Added, Creator, CreatedAt, UserAgent) = (true, stored.Creator, UnixMicroseconds.From(stored.CreatedAt), added.UserAgent?.Description);
                    break;
                case UserChecked user:
                    (UserId, UserOrgId, UserCheckedAt) = (user.UserId, user.UserResourceOwner, UnixMicroseconds.From(user.CheckedAt));
                    break;
                case PasswordChecked password:
                    PasswordCheckedAt = UnixMicroseconds.From(password.CheckedAt);
                    break;
                case OtpEmailChecked otp:
                    OtpEmailCheckedAt = UnixMicroseconds.From(otp.CheckedAt);
                    break;
                case LifetimeSet lifetime:
                    ExpiresAt = UnixMicroseconds.From(stored.CreatedAt + TimeSpan.FromTicks(lifetime.Lifetime / 100));
                    break;
                case TokenSet token:
                    Token = token;
                    break;
                case SessionTerminated:
                    Terminated = true;
                    break;
                default:
                    break;
            }

            (Sequence, ChangedAt) = (stored.Sequence, UnixMicroseconds.From(stored.CreatedAt));
        }
    }
}
