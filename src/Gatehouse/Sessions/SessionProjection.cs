using System.Data.Common;
using Gatehouse.EventStore;
using Gatehouse.Storage;

namespace Gatehouse.Sessions;

/// <summary>
/// The <c>sessions</c> read model and the session tokens in <c>access_tokens</c>, kept in the append's transaction so
/// a rotated token stops working the moment the new one is handed out.
/// </summary>
internal sealed class SessionProjection : IInlineProjection
{
    public async Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != SessionEvents.AggregateType || SessionEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            var id = ("@id", (object?)stored.Stream.AggregateId);
            var ct = cancellationToken;
            await (e switch
            {
                SessionAdded added => transaction.ExecuteAsync(
                    "INSERT INTO sessions (id, creator, sequence, created_at, changed_at, user_agent) VALUES (@id, @creator, @seq, @at, @at, @agent)", ct,
                    id, ("@creator", stored.Creator), ("@seq", stored.Sequence), ("@at", UnixMicros.From(stored.CreatedAt)),
                    ("@agent", added.UserAgent?.Description)),
                UserChecked user => transaction.ExecuteAsync(
                    "UPDATE sessions SET user_id = @user, user_org_id = @org, user_checked_at = @at WHERE id = @id", ct,
                    id, ("@user", user.UserId), ("@org", user.UserResourceOwner), ("@at", UnixMicros.From(user.CheckedAt))),
                PasswordChecked password => transaction.ExecuteAsync(
                    "UPDATE sessions SET password_checked_at = @at WHERE id = @id", ct, id, ("@at", UnixMicros.From(password.CheckedAt))),
                OtpEmailChecked otp => transaction.ExecuteAsync(
                    "UPDATE sessions SET otp_email_checked_at = @at WHERE id = @id", ct, id, ("@at", UnixMicros.From(otp.CheckedAt))),
                LifetimeSet lifetime => transaction.ExecuteAsync(
                    "UPDATE sessions SET expires_at = @at WHERE id = @id", ct,
                    id, ("@at", UnixMicros.From(stored.CreatedAt + TimeSpan.FromTicks(lifetime.Lifetime / 100)))),
                TokenSet token => SetTokenAsync(transaction, stored.Stream.AggregateId, token, ct),
                SessionTerminated => transaction.ExecuteAsync("UPDATE sessions SET terminated = 1 WHERE id = @id", ct, id),
                _ => Task.CompletedTask,
            });

            await transaction.ExecuteAsync("UPDATE sessions SET sequence = @seq, changed_at = @at WHERE id = @id", ct,
                id, ("@seq", stored.Sequence), ("@at", UnixMicros.From(stored.CreatedAt)));
        }
    }

    private static async Task SetTokenAsync(DbTransaction transaction, string sessionId, TokenSet token, CancellationToken ct)
    {
        await transaction.ExecuteAsync("DELETE FROM access_tokens WHERE session_id = @id", ct, ("@id", sessionId));
        await transaction.ExecuteAsync(
            "INSERT INTO access_tokens (token_hash, kind, token_id, session_id) VALUES (@hash, 'session', @tokenId, @id)", ct,
            ("@hash", token.TokenHash), ("@tokenId", token.TokenId), ("@id", sessionId));
        await transaction.ExecuteAsync("UPDATE sessions SET token_id = @tokenId WHERE id = @id", ct, ("@tokenId", token.TokenId), ("@id", sessionId));
    }
}
