namespace Gatehouse.EventStore;

/// <summary>An aggregate's event stream: its type (<c>user</c>, <c>session</c>, <c>instance</c>, …) and id.</summary>
public readonly record struct StreamId(string AggregateType, string AggregateId)
{
    public override string ToString() => $"{AggregateType}/{AggregateId}";
}
