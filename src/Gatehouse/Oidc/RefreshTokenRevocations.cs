using Gatehouse.EventStore;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Oidc;

/// <summary>
/// Ends refresh token families in the transaction of the event that takes away what they stand on: the login session
/// ended, the user locked or removed, or a factor removed (the sign-in they carry forward no longer matches the
/// account). Being inline, a family is dead on every node the moment the event is stored. Only families that existed
/// at the event are touched, so replaying the log (a rebuild) does not end families made after an unlock.
/// </summary>
internal sealed class RefreshTokenRevocations : IInlineProjection
{
    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            var column = stored.Stream.AggregateType switch
            {
                UserEvents.AggregateType when UserEvents.Codec.Decode(stored) is UserLocked or UserRemoved or OtpEmailRemoved => "user_id",
                SessionEvents.AggregateType when SessionEvents.Codec.Decode(stored) is SessionTerminated => "session_id",
                _ => null,
            };
            if (column is null)
            {
                continue;
            }

            var at = UnixMicroseconds.From(stored.CreatedAt);
            statements.Execute(
                $"UPDATE oidc_refresh_families SET revoked_at = @at WHERE {column} = @id AND revoked_at IS NULL AND created_at <= @at",
                ("@at", at), ("@id", stored.Stream.AggregateId));
        }
    }
}
