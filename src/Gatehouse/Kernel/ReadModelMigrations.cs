using Gatehouse.EventStore;

namespace Gatehouse.Kernel;

/// <summary>
/// The application's read-model tables, versioned like the event store's own schema. Numbers are BIGINT and flags
/// are 0/1 so one statement runs on SQLite and PostgreSQL. Read models can always be rebuilt from the log.
/// </summary>
internal static class ReadModelMigrations
{
    public const string Module = "gatehouse";

    public static readonly IReadOnlyList<Migration> All =
    [
        new(Module, 1, "read models for users, tokens, sessions, organizations and members", """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                org_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                state BIGINT NOT NULL,
                user_name TEXT NOT NULL,
                first_name TEXT, last_name TEXT, nick_name TEXT, display_name TEXT, preferred_language TEXT,
                gender BIGINT NOT NULL DEFAULT 0,
                email TEXT, email_verified BIGINT NOT NULL DEFAULT 0, verified_email TEXT,
                password_changed_at BIGINT,
                machine_name TEXT, machine_description TEXT,
                otp_email BIGINT NOT NULL DEFAULT 0,
                sequence BIGINT NOT NULL, created_at BIGINT NOT NULL, changed_at BIGINT NOT NULL);
            CREATE TABLE access_tokens (
                token_hash TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                token_id TEXT NOT NULL,
                user_id TEXT,
                session_id TEXT,
                expires_at BIGINT);
            CREATE INDEX access_tokens_session ON access_tokens (session_id);
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                creator TEXT NOT NULL,
                user_id TEXT, user_org_id TEXT,
                token_id TEXT,
                user_checked_at BIGINT, password_checked_at BIGINT, otp_email_checked_at BIGINT,
                expires_at BIGINT,
                terminated BIGINT NOT NULL DEFAULT 0,
                sequence BIGINT NOT NULL, created_at BIGINT NOT NULL, changed_at BIGINT NOT NULL);
            CREATE TABLE orgs (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL);
            CREATE TABLE members (user_id TEXT NOT NULL, scope TEXT NOT NULL, roles TEXT NOT NULL, PRIMARY KEY (user_id, scope));
            CREATE TABLE instances (id TEXT PRIMARY KEY, name TEXT NOT NULL, default_org_id TEXT, created_at BIGINT NOT NULL);
            """),
        new(Module, 2, "one-time code mails per address, for the send limit", """
            CREATE TABLE otp_email_sends (recipient TEXT NOT NULL, sent_at BIGINT NOT NULL);
            CREATE INDEX otp_email_sends_recipient ON otp_email_sends (recipient, sent_at);
            """),
        new(Module, 3, "OpenID Connect: applications, signing keys, redeemed codes, revoked tokens; sign-ins per user", """
            CREATE TABLE oidc_clients (
                client_id TEXT PRIMARY KEY,
                display_name TEXT NOT NULL,
                secret_hash TEXT,
                redirect_uris TEXT NOT NULL,
                post_logout_redirect_uris TEXT NOT NULL,
                require_mfa BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL);
            CREATE TABLE oidc_signing_keys (
                id TEXT PRIMARY KEY,
                sealed_key TEXT NOT NULL,
                created_at BIGINT NOT NULL);
            CREATE TABLE oidc_redeemed_codes (code_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
            CREATE TABLE oidc_revoked_tokens (token_hash TEXT PRIMARY KEY, expires_at BIGINT NOT NULL);
            ALTER TABLE sessions ADD COLUMN user_agent TEXT;
            CREATE INDEX sessions_user ON sessions (user_id, created_at);
            """),
    ];
}
