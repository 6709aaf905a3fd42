namespace Gatehouse.Kernel;

/// <summary>
/// The page a list call asks for, with ZITADEL's limits (docs/zitadel-wire.md §10.2): no limit means 100, more than
/// 1000 is refused rather than cut, so a client never mistakes a cut page for the whole list.
/// </summary>
internal sealed record ListPaging(ulong Offset, int Limit, bool Ascending)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static readonly DomainError LimitExceeded = new(ErrorKind.InvalidArgument, "QUERY-4M0fs", "Errors.Query.LimitExceeded");

    public static ListPaging Of(ulong offset, uint limit, bool ascending) =>
        limit > MaxLimit ? throw new DomainException(LimitExceeded) : new(offset, limit == 0 ? DefaultLimit : (int)limit, ascending);

    public IEnumerable<T> Apply<T>(IEnumerable<T> sorted) =>
        (Ascending ? sorted : sorted.Reverse()).Skip(Offset > int.MaxValue ? int.MaxValue : (int)Offset).Take(Limit);
}
