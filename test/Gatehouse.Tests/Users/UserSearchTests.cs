using Gatehouse.Users;
using Zitadel.Object.V2;
using Zitadel.User.V2;

namespace Gatehouse.Tests.Users;

/// <summary>ListUsers' queries over a users row (docs/zitadel-wire.md §6.5), as Login V2 sends them.</summary>
public sealed class UserSearchTests
{
    private static readonly UserRow Alice = new(
        "1", "org-1", true, 1, "alice", "Alice", "Liddell", null, null, "en", 0, "alice@example.com", true, "alice@example.com",
        null, null, null, false, 3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    private static SearchQuery LoginName(string name, TextQueryMethod method = TextQueryMethod.Equals) =>
        new() { LoginNameQuery = new LoginNameQuery { LoginName = name, Method = method } };

    [Fact]
    public void Login_v2s_exact_login_name_search_ignores_case_as_login_names_do()
    {
        Assert.True(UserSearch.Matches(Alice, LoginName("Alice")));
        Assert.False(UserSearch.Matches(Alice, LoginName("alic")));
        Assert.True(UserSearch.Matches(Alice, LoginName("ALI", TextQueryMethod.StartsWith)));
    }

    [Fact]
    public void Or_and_and_not_nest()
    {
        var email = new SearchQuery { EmailQuery = new EmailQuery { EmailAddress = "ALICE@example.com", Method = TextQueryMethod.EqualsIgnoreCase } };
        var phone = new SearchQuery { PhoneQuery = new PhoneQuery { Number = "+4100" } };
        var or = new SearchQuery { OrQuery = new OrQuery { Queries = { email, phone } } };
        var org = new SearchQuery { OrganizationIdQuery = new OrganizationIdQuery { OrganizationId = "org-1" } };
        var notOrg = new SearchQuery { NotQuery = new NotQuery { Query = org } };

        Assert.True(UserSearch.Matches(Alice, or));
        Assert.False(UserSearch.Matches(Alice, phone));
        Assert.True(UserSearch.Matches(Alice, new SearchQuery { AndQuery = new AndQuery { Queries = { or, org } } }));
        Assert.False(UserSearch.Matches(Alice, notOrg));
    }

    [Fact]
    public void Type_state_and_ids_match_the_row()
    {
        Assert.True(UserSearch.Matches(Alice, new SearchQuery { TypeQuery = new TypeQuery { Type = Zitadel.User.V2.Type.Human } }));
        Assert.True(UserSearch.Matches(Alice, new SearchQuery { StateQuery = new StateQuery { State = Zitadel.User.V2.UserState.Active } }));
        Assert.True(UserSearch.Matches(Alice, new SearchQuery { InUserIdsQuery = new InUserIDQuery { UserIds = { "9", "1" } } }));
        Assert.False(UserSearch.Matches(Alice, new SearchQuery { InUserEmailsQuery = new InUserEmailsQuery { UserEmails = { "bob@example.com" } } }));
    }

    [Fact]
    public void The_v2_answer_has_one_login_name_the_profile_and_the_email_with_its_verification()
    {
        var user = UserV2Reads.ToUser(Alice);

        Assert.Equal(["alice"], user.LoginNames);
        Assert.Equal("alice", user.PreferredLoginName);
        Assert.Equal("Alice Liddell", user.Human.Profile.DisplayName);
        Assert.True(user.Human.Email.IsVerified);
        Assert.Equal("org-1", user.Details.ResourceOwner);
        Assert.Equal(Zitadel.User.V2.UserState.Active, user.State);
    }
}
