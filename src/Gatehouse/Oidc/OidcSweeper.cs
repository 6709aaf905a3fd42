using Gatehouse.EventStore;

namespace Gatehouse.Oidc;

/// <summary>
/// Deletes the provider's rows that can no longer change an answer: revocations and redeemed codes whose tokens have
/// expired anyway, used assertions past their <c>exp</c>, auth requests a day past their end, and refresh families that
/// ended or whose every token expired, with their tokens. Every node sweeps; the deletes are idempotent, so two nodes
/// sweeping at once only repeat each other. Kept off the request paths, which used to delete inline on every write.
/// </summary>
internal sealed class OidcSweeper(IReadModels readModels, OidcSettings settings, TimeProvider time, ILogger<OidcSweeper> logger) : BackgroundService
{
    /// <summary>Auth requests stay this long after their end, so a late call is told "already handled" rather than "unknown".</summary>
    public static readonly TimeSpan AuthRequestGrace = TimeSpan.FromDays(1);

    // A family is written just before its first token: one younger than this may have no token yet and is not idle.
    private static readonly TimeSpan FamilyBeingWritten = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var deleted = await SweepAsync(stoppingToken);
                logger.LogDebug("OIDC sweep deleted {Rows} expired rows", deleted);
            }
            catch (StoreUnavailableException e)
            {
                logger.LogWarning("OIDC sweep skipped, database unavailable: {Reason}", e.Message);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var at = ("@now", (object?)UnixMicroseconds.From(now));
        var deleted = await readModels.ExecuteAsync("DELETE FROM oidc_revoked_tokens WHERE expires_at < @now", ct, at);
        deleted += await readModels.ExecuteAsync("DELETE FROM oidc_redeemed_codes WHERE expires_at < @now", ct, at);
        deleted += await readModels.ExecuteAsync("DELETE FROM oidc_used_assertions WHERE expires_at < @now", ct, at);
        deleted += await readModels.ExecuteAsync("DELETE FROM oidc_auth_requests WHERE expires_at < @cutoff", ct,
            ("@cutoff", UnixMicroseconds.From(now - AuthRequestGrace)));
        deleted += await readModels.ExecuteAsync(
            """
            DELETE FROM oidc_refresh_families
            WHERE expires_at < @now
               OR (created_at < @settled
                   AND NOT EXISTS (SELECT 1 FROM oidc_refresh_tokens t WHERE t.family_id = oidc_refresh_families.family_id AND t.expires_at > @now))
            """, ct, at, ("@settled", UnixMicroseconds.From(now - FamilyBeingWritten)));
        deleted += await readModels.ExecuteAsync(
            """
            DELETE FROM oidc_refresh_tokens
            WHERE NOT EXISTS (SELECT 1 FROM oidc_refresh_families f WHERE f.family_id = oidc_refresh_tokens.family_id)
            """, ct);
        return deleted;
    }
}
