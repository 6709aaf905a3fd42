using Zitadel.Filter.V2;
using Zitadel.User.V2;

namespace Gatehouse.Users;

/// <summary>ListKeys' filters and sorting over the <c>machine_keys</c> rows (docs/zitadel-wire.md §6.7).</summary>
internal static class MachineKeySearch
{
    public static bool Matches(MachineKeyRow key, KeysSearchFilter filter) => filter.FilterCase switch
    {
        KeysSearchFilter.FilterOneofCase.KeyIdFilter => key.KeyId == filter.KeyIdFilter.Id,
        KeysSearchFilter.FilterOneofCase.UserIdFilter => key.UserId == filter.UserIdFilter.Id,
        KeysSearchFilter.FilterOneofCase.OrganizationIdFilter => key.OrgId == filter.OrganizationIdFilter.Id,
        KeysSearchFilter.FilterOneofCase.CreatedDateFilter => Compare(key.CreatedAt, filter.CreatedDateFilter),
        KeysSearchFilter.FilterOneofCase.ExpirationDateFilter => Compare(key.ExpiresAt, filter.ExpirationDateFilter),
        _ => true,
    };

    public static IEnumerable<MachineKeyRow> Sort(IEnumerable<MachineKeyRow> keys, KeyFieldName column) => column switch
    {
        KeyFieldName.Id => keys.OrderBy(k => k.KeyId, StringComparer.Ordinal),
        KeyFieldName.UserId => keys.OrderBy(k => k.UserId, StringComparer.Ordinal).ThenBy(k => k.CreatedAt),
        KeyFieldName.OrganizationId => keys.OrderBy(k => k.OrgId, StringComparer.Ordinal).ThenBy(k => k.CreatedAt),
        KeyFieldName.KeyExpirationDate => keys.OrderBy(k => k.ExpiresAt).ThenBy(k => k.KeyId, StringComparer.Ordinal),
        _ => keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.KeyId, StringComparer.Ordinal),
    };

    private static bool Compare(DateTimeOffset value, TimestampFilter filter)
    {
        var at = filter.Timestamp?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        return filter.Method switch
        {
            TimestampFilterMethod.After => value > at,
            TimestampFilterMethod.AfterOrEquals => value >= at,
            TimestampFilterMethod.Before => value < at,
            TimestampFilterMethod.BeforeOrEquals => value <= at,
            _ => value == at,
        };
    }
}
