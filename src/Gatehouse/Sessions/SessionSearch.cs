using System.Globalization;
using Gatehouse.EventStore;
using Gatehouse.Kernel;
using Gatehouse.Transport;
using Zitadel.Session.V2;

namespace Gatehouse.Sessions;

/// <summary>
/// ListSessions' queries as one SQL filter over the <c>sessions</c> read model (docs/zitadel-wire.md §7.5): every query
/// must hold (ZITADEL ands them), terminated sessions are never listed. The user-agent query is not in the table and
/// is answered from the session's own stream (<see cref="Fingerprints"/>).
/// </summary>
internal sealed record SessionSearch(string Where, IReadOnlyList<(string Name, object? Value)> Parameters, IReadOnlyList<string> Fingerprints)
{
    /// <summary>At most this many ids in one query: Login V2 sends the sessions of its cookie, a handful.</summary>
    public const int MaxIds = 1000;

    public static SessionSearch Of(IEnumerable<SearchQuery> queries, string callerUserId)
    {
        var where = new List<string> { "terminated = 0" };
        var parameters = new List<(string, object?)>();
        var fingerprints = new List<string>();
        foreach (var (query, index) in queries.Select((q, i) => (q, i)))
        {
            var name = "@q" + index.ToString(CultureInfo.InvariantCulture);
            switch (query.QueryCase)
            {
                case SearchQuery.QueryOneofCase.IdsQuery:
                    var ids = query.IdsQuery.Ids;
                    if (ids.Count > MaxIds)
                    {
                        throw ValidationErrors.Invalid("IDsQuery.Ids", $"value must contain at most {MaxIds} item(s)");
                    }

                    var names = ids.Select((id, i) => (Name: $"{name}_{i}", Id: id)).ToList();
                    where.Add(names.Count == 0 ? "1 = 0" : $"id IN ({string.Join(", ", names.Select(n => n.Name))})");
                    parameters.AddRange(names.Select(n => (n.Name, (object?)n.Id)));
                    break;
                case SearchQuery.QueryOneofCase.UserIdQuery:
                    where.Add($"user_id = {name}");
                    parameters.Add((name, query.UserIdQuery.Id));
                    break;
                case SearchQuery.QueryOneofCase.CreatorQuery:
                    where.Add($"creator = {name}");
                    parameters.Add((name, query.CreatorQuery.HasId && query.CreatorQuery.Id.Length > 0 ? query.CreatorQuery.Id : callerUserId));
                    break;
                case SearchQuery.QueryOneofCase.CreationDateQuery:
                    where.Add(Compare("created_at", query.CreationDateQuery.Method, name, "CreationDateQuery.Method"));
                    parameters.Add((name, UnixMicroseconds.From(Required(query.CreationDateQuery.CreationDate, "CreationDateQuery.CreationDate"))));
                    break;
                case SearchQuery.QueryOneofCase.ExpirationDateQuery:
                    where.Add(Compare("expires_at", query.ExpirationDateQuery.Method, name, "ExpirationDateQuery.Method"));
                    parameters.Add((name, UnixMicroseconds.From(Required(query.ExpirationDateQuery.ExpirationDate, "ExpirationDateQuery.ExpirationDate"))));
                    break;
                case SearchQuery.QueryOneofCase.UserAgentQuery:
                    fingerprints.Add(query.UserAgentQuery.HasFingerprintId && query.UserAgentQuery.FingerprintId.Length > 0
                        ? query.UserAgentQuery.FingerprintId
                        : throw ValidationErrors.Required("UserAgentQuery.FingerprintId"));
                    break;
                default:
                    throw ValidationErrors.Required("SearchQuery.Query");
            }
        }

        return new SessionSearch(string.Join(" AND ", where), parameters, fingerprints);
    }

    private static DateTimeOffset Required(Google.Protobuf.WellKnownTypes.Timestamp? time, string field) =>
        time?.ToDateTimeOffset() ?? throw ValidationErrors.Required(field);

    private static string Compare(string column, Zitadel.Object.V2.TimestampQueryMethod method, string name, string field) => method switch
    {
        Zitadel.Object.V2.TimestampQueryMethod.Equals => $"{column} = {name}",
        Zitadel.Object.V2.TimestampQueryMethod.Greater => $"{column} > {name}",
        Zitadel.Object.V2.TimestampQueryMethod.GreaterOrEquals => $"{column} >= {name}",
        Zitadel.Object.V2.TimestampQueryMethod.Less => $"{column} < {name}",
        Zitadel.Object.V2.TimestampQueryMethod.LessOrEquals => $"{column} <= {name}",
        _ => throw ValidationErrors.Invalid(field, "value must be one of the defined enum values"),
    };
}
