using System.Text.Json;
using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>The <c>oidc_clients</c> read model, in the append's transaction: a new application can sign in at once.</summary>
internal sealed class OidcAppProjection : IInlineProjection
{
    public void Apply(IProjectionStatements statements, IReadOnlyList<StoredEvent> events)
    {
        foreach (var stored in events)
        {
            if (stored.Stream.AggregateType != OidcAppEvents.AggregateType || OidcAppEvents.Codec.Decode(stored) is not { } e)
            {
                continue;
            }

            var id = ("@id", (object?)stored.Stream.AggregateId);
            switch (e)
            {
                case OidcAppAdded added:
                    statements.Execute(
                        """
                        INSERT INTO oidc_clients (client_id, display_name, secret_hash, redirect_uris, post_logout_redirect_uris, require_mfa, allow_refresh_tokens, created_at)
                        VALUES (@id, @name, @secret, @redirects, @logouts, @mfa, @refresh, @at)
                        """,
                        id, ("@name", added.Name), ("@secret", added.ClientSecretHash),
                        ("@redirects", JsonSerializer.Serialize(added.RedirectUris, OidcJson.Default.IReadOnlyListString)),
                        ("@logouts", JsonSerializer.Serialize(added.PostLogoutRedirectUris, OidcJson.Default.IReadOnlyListString)),
                        ("@mfa", added.RequireMfa ? 1L : 0L), ("@refresh", added.AllowRefreshTokens ? 1L : 0L), ("@at", UnixMicroseconds.From(stored.CreatedAt)));
                    break;
                case OidcAppRemoved:
                    statements.Execute("DELETE FROM oidc_clients WHERE client_id = @id", id);
                    break;
            }
        }
    }
}
