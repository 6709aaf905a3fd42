using System.Data.Common;
using System.Text.Json;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>The <c>oidc_clients</c> read model, in the append's transaction: a new application can sign in at once.</summary>
internal sealed class OidcAppProjection : IInlineProjection
{
    public async Task ApplyAsync(DbTransaction transaction, IReadOnlyList<StoredEvent> events, CancellationToken cancellationToken)
    {
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != OidcAppEvents.AggregateType || OidcAppEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            var id = ("@id", (object?)stored.Stream.AggregateId);
            await (e switch
            {
                OidcAppAdded added => transaction.ExecuteAsync(
                    """
                    INSERT INTO oidc_clients (client_id, display_name, secret_hash, redirect_uris, post_logout_redirect_uris, require_mfa, allow_refresh_tokens, created_at)
                    VALUES (@id, @name, @secret, @redirects, @logouts, @mfa, @refresh, @at)
                    """, cancellationToken,
                    id, ("@name", added.Name), ("@secret", added.ClientSecretHash),
                    ("@redirects", JsonSerializer.Serialize(added.RedirectUris, OidcJson.Default.IReadOnlyListString)),
                    ("@logouts", JsonSerializer.Serialize(added.PostLogoutRedirectUris, OidcJson.Default.IReadOnlyListString)),
                    ("@mfa", added.RequireMfa ? 1L : 0L), ("@refresh", added.AllowRefreshTokens ? 1L : 0L), ("@at", UnixMicroseconds.From(stored.CreatedAt))),
                OidcAppRemoved => transaction.ExecuteAsync("DELETE FROM oidc_clients WHERE client_id = @id", cancellationToken, id),
                _ => Task.CompletedTask,
            });
        }
    }
}
