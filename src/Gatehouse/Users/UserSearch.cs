using Gatehouse.Kernel;
using Zitadel.User.V2;
using V2UserState = Zitadel.User.V2.UserState;

namespace Gatehouse.Users;

/// <summary>
/// ListUsers' queries as one pure predicate over a users row (ZITADEL ands the top-level queries; or, and, not nest).
/// Gatehouse stores no phone numbers, so a phone query matches nobody.
/// </summary>
internal static class UserSearch
{
    public static bool Matches(UserRow row, SearchQuery query) => query.QueryCase switch
    {
        SearchQuery.QueryOneofCase.UserNameQuery => Text(row.UserName, query.UserNameQuery.UserName, query.UserNameQuery.Method),
        // Login names are case-insensitive (unique ignoring case, as ZITADEL's), so every method on them ignores case:
        // Login V2 searches what the user typed with EQUALS.
        SearchQuery.QueryOneofCase.LoginNameQuery =>
            TextMatch.Matches(row.UserName, query.LoginNameQuery.LoginName, (int)query.LoginNameQuery.Method | 1),
        SearchQuery.QueryOneofCase.FirstNameQuery => Text(row.FirstName, query.FirstNameQuery.FirstName, query.FirstNameQuery.Method),
        SearchQuery.QueryOneofCase.LastNameQuery => Text(row.LastName, query.LastNameQuery.LastName, query.LastNameQuery.Method),
        SearchQuery.QueryOneofCase.NickNameQuery => Text(row.NickName, query.NickNameQuery.NickName, query.NickNameQuery.Method),
        SearchQuery.QueryOneofCase.DisplayNameQuery => Text(UserV2Reads.ToUser(row).Human?.Profile.DisplayName, query.DisplayNameQuery.DisplayName, query.DisplayNameQuery.Method),
        SearchQuery.QueryOneofCase.EmailQuery => Text(row.Email, query.EmailQuery.EmailAddress, query.EmailQuery.Method),
        SearchQuery.QueryOneofCase.PhoneQuery => false,
        SearchQuery.QueryOneofCase.StateQuery => UserV2Reads.StateOf(row.State) == query.StateQuery.State,
        SearchQuery.QueryOneofCase.TypeQuery => query.TypeQuery.Type == (row.IsHuman ? Zitadel.User.V2.Type.Human : Zitadel.User.V2.Type.Machine),
        SearchQuery.QueryOneofCase.InUserIdsQuery => query.InUserIdsQuery.UserIds.Contains(row.Id),
        SearchQuery.QueryOneofCase.InUserEmailsQuery => row.Email is { } email && query.InUserEmailsQuery.UserEmails.Contains(email, StringComparer.OrdinalIgnoreCase),
        SearchQuery.QueryOneofCase.OrganizationIdQuery => row.OrgId == query.OrganizationIdQuery.OrganizationId,
        SearchQuery.QueryOneofCase.OrQuery => query.OrQuery.Queries.Any(inner => Matches(row, inner)),
        SearchQuery.QueryOneofCase.AndQuery => query.AndQuery.Queries.All(inner => Matches(row, inner)),
        SearchQuery.QueryOneofCase.NotQuery => query.NotQuery.Query is { } inner && !Matches(row, inner),
        // An empty query object constrains nothing, as in ZITADEL.
        _ => true,
    };

    public static IEnumerable<UserRow> Sort(IEnumerable<UserRow> rows, UserFieldName column) => column switch
    {
        UserFieldName.UserName => rows.OrderBy(r => r.UserName, StringComparer.Ordinal),
        UserFieldName.FirstName => rows.OrderBy(r => r.FirstName ?? "", StringComparer.Ordinal),
        UserFieldName.LastName => rows.OrderBy(r => r.LastName ?? "", StringComparer.Ordinal),
        UserFieldName.NickName => rows.OrderBy(r => r.NickName ?? "", StringComparer.Ordinal),
        UserFieldName.DisplayName => rows.OrderBy(r => r.DisplayName ?? $"{r.FirstName} {r.LastName}", StringComparer.Ordinal),
        UserFieldName.Email => rows.OrderBy(r => r.Email ?? "", StringComparer.Ordinal),
        UserFieldName.State => rows.OrderBy(r => r.State),
        UserFieldName.Type => rows.OrderBy(r => r.IsHuman ? 0 : 1),
        UserFieldName.CreationDate => rows.OrderBy(r => r.CreatedAt),
        _ => rows.OrderBy(r => r.Id, StringComparer.Ordinal),
    };

    /// <summary>The text methods of every query, nested ones included, for validation before the search runs.</summary>
    public static IEnumerable<(int Method, string Text)> TextsOf(SearchQuery query) => query.QueryCase switch
    {
        SearchQuery.QueryOneofCase.UserNameQuery => [((int)query.UserNameQuery.Method, query.UserNameQuery.UserName)],
        SearchQuery.QueryOneofCase.LoginNameQuery => [((int)query.LoginNameQuery.Method, query.LoginNameQuery.LoginName)],
        SearchQuery.QueryOneofCase.FirstNameQuery => [((int)query.FirstNameQuery.Method, query.FirstNameQuery.FirstName)],
        SearchQuery.QueryOneofCase.LastNameQuery => [((int)query.LastNameQuery.Method, query.LastNameQuery.LastName)],
        SearchQuery.QueryOneofCase.NickNameQuery => [((int)query.NickNameQuery.Method, query.NickNameQuery.NickName)],
        SearchQuery.QueryOneofCase.DisplayNameQuery => [((int)query.DisplayNameQuery.Method, query.DisplayNameQuery.DisplayName)],
        SearchQuery.QueryOneofCase.EmailQuery => [((int)query.EmailQuery.Method, query.EmailQuery.EmailAddress)],
        SearchQuery.QueryOneofCase.PhoneQuery => [((int)query.PhoneQuery.Method, query.PhoneQuery.Number)],
        SearchQuery.QueryOneofCase.OrQuery => query.OrQuery.Queries.SelectMany(TextsOf),
        SearchQuery.QueryOneofCase.AndQuery => query.AndQuery.Queries.SelectMany(TextsOf),
        SearchQuery.QueryOneofCase.NotQuery when query.NotQuery.Query is { } inner => TextsOf(inner),
        _ => [],
    };

    private static bool Text(string? value, string query, Zitadel.Object.V2.TextQueryMethod method) =>
        value is not null && TextMatch.Matches(value, query, (int)method);
}
