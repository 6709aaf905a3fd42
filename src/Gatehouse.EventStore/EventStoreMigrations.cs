namespace Gatehouse.EventStore;

/// <summary>The event store's own schema (module <c>eventstore</c>). Append new versions; never edit applied ones.</summary>
internal static class EventStoreMigrations
{
    public const string Module = "eventstore";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(Module, 1, "events and unique claims", """
            CREATE TABLE events (
                position {identity},
                aggregate_type TEXT NOT NULL,
                aggregate_id TEXT NOT NULL,
                sequence BIGINT NOT NULL,
                event_type TEXT NOT NULL,
                payload TEXT NULL,
                -- Microseconds since the Unix epoch (UTC), the precision ZITADEL stores; one value per append.
                created_at BIGINT NOT NULL,
                resource_owner TEXT NOT NULL,
                creator TEXT NOT NULL,
                -- The last line of defence for optimistic concurrency, and the index for reading a stream.
                CONSTRAINT events_stream_sequence UNIQUE (aggregate_type, aggregate_id, sequence)
            );
            CREATE TABLE unique_claims (
                claim_type TEXT NOT NULL,
                claim_value TEXT NOT NULL,
                aggregate_id TEXT NOT NULL,
                PRIMARY KEY (claim_type, claim_value)
            );
            """),
        new(Module, 2, "transactional outbox", """
            CREATE TABLE outbox (
                id TEXT PRIMARY KEY,
                payload TEXT NOT NULL,
                enqueued_at BIGINT NOT NULL,
                not_after BIGINT NULL,
                next_attempt_at BIGINT NOT NULL,
                leased_until BIGINT NULL,
                leased_by TEXT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                last_error TEXT NULL
            );
            CREATE INDEX outbox_due ON outbox (next_attempt_at);
            """),
        // Serves the lease's two branches, codes first (see SqlOutbox.SelectDue); together the two cover every row, so
        // the single index they replace would only cost writes.
        new(Module, 3, "outbox codes before notices", """
            DROP INDEX outbox_due;
            CREATE INDEX outbox_due_codes ON outbox (next_attempt_at, id) WHERE not_after IS NOT NULL;
            CREATE INDEX outbox_due_notices ON outbox (next_attempt_at, id) WHERE not_after IS NULL;
            """),
    ];
}
