using Gatehouse.Auth;
using Gatehouse.Kernel;
using Gatehouse.Users;

namespace Gatehouse.Tests.Auth;

public sealed class TokenValidityTests
{
    private const long Now = 1_000_000;
    private const long Later = Now + 1;
    private const long Earlier = Now - 1;

    private static TokenFacts Session(TokenKind kind = TokenKind.Session) =>
        new(kind, UserFound: true, UserStates.Active, ExpiresAt: Later, SessionEnded: false,
            PasswordCheckedAt: Earlier, OtpEmailCheckedAt: null, UserHasPassword: true, UserHasOtpEmail: false);

    private static TokenFacts Pat() => new(TokenKind.PersonalAccessToken, UserFound: true, UserStates.Active, ExpiresAt: null);

    [Fact]
    public void A_personal_access_token_of_an_active_user_is_valid_with_every_factor()
    {
        Assert.Equal(TokenVerdict.Valid(passedEveryFactor: true), TokenValidity.Check(Pat(), Now));
    }

    [Fact]
    public void An_expired_personal_access_token_is_invalid()
    {
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Pat() with { ExpiresAt = Earlier }, Now).Error);
    }

    [Fact]
    public void A_token_of_a_locked_user_is_invalid_whatever_its_kind()
    {
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Pat() with { UserState = UserStates.Locked }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Session() with { UserState = UserStates.Locked }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Session(TokenKind.Oidc) with { UserState = UserStates.Locked }, Now).Error);
    }

    [Fact]
    public void A_personal_access_token_without_its_user_is_invalid()
    {
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Pat() with { UserFound = false }, Now).Error);
    }

    [Fact]
    public void A_session_token_of_an_ended_session_says_the_session_does_not_exist()
    {
        Assert.Equal(AuthErrors.SessionNotExisting, TokenValidity.Check(Session() with { SessionEnded = true }, Now).Error);
    }

    [Fact]
    public void A_session_token_of_an_expired_session_says_the_session_expired()
    {
        Assert.Equal(AuthErrors.SessionExpired, TokenValidity.Check(Session() with { ExpiresAt = Earlier }, Now).Error);
    }

    [Fact]
    public void An_oidc_token_of_an_ended_or_expired_session_is_simply_invalid()
    {
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Session(TokenKind.Oidc) with { SessionEnded = true }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Session(TokenKind.Oidc) with { ExpiresAt = Earlier }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(Session(TokenKind.Oidc) with { UserFound = false }, Now).Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_session_that_checked_no_factor_needs_authentication(bool oidc)
    {
        var facts = Session(oidc ? TokenKind.Oidc : TokenKind.Session) with { PasswordCheckedAt = null, OtpEmailCheckedAt = null };
        Assert.Equal(AuthErrors.AuthenticationRequired, TokenValidity.Check(facts, Now).Error);
    }

    [Fact]
    public void A_session_token_without_its_user_needs_authentication()
    {
        Assert.Equal(AuthErrors.AuthenticationRequired, TokenValidity.Check(Session() with { UserFound = false }, Now).Error);
    }

    [Fact]
    public void A_session_token_of_a_locked_user_that_checked_no_factor_needs_authentication_first()
    {
        // The order of ZITADEL's answers for a session token, kept as it was: the missing factor is reported first.
        var facts = Session() with { UserState = UserStates.Locked, PasswordCheckedAt = null };
        Assert.Equal(AuthErrors.AuthenticationRequired, TokenValidity.Check(facts, Now).Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_session_that_checked_the_password_of_a_user_with_otp_email_is_valid_but_partial(bool oidc)
    {
        var facts = Session(oidc ? TokenKind.Oidc : TokenKind.Session) with { UserHasOtpEmail = true };
        Assert.Equal(TokenVerdict.Valid(passedEveryFactor: false), TokenValidity.Check(facts, Now));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_session_that_checked_every_enrolled_factor_is_valid_and_full(bool oidc)
    {
        var facts = Session(oidc ? TokenKind.Oidc : TokenKind.Session) with { UserHasOtpEmail = true, OtpEmailCheckedAt = Earlier };
        Assert.Equal(TokenVerdict.Valid(passedEveryFactor: true), TokenValidity.Check(facts, Now));
    }

    [Fact]
    public void A_machine_users_oidc_token_counts_only_while_the_user_is_active()
    {
        var machine = new TokenFacts(TokenKind.OidcMachine, UserFound: true, UserStates.Active, ExpiresAt: null);
        Assert.Equal(TokenVerdict.Valid(passedEveryFactor: true), TokenValidity.Check(machine, Now));
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(machine with { UserState = UserStates.Locked }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(machine with { UserState = UserStates.Deleted }, Now).Error);
        Assert.Equal(AuthErrors.TokenInvalid, TokenValidity.Check(machine with { UserFound = false, UserState = null }, Now).Error);
    }
}
