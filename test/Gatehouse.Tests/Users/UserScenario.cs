using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Users;

namespace Gatehouse.Tests.Users;

/// <summary>Given(events).When(decision).Then(events | error) for user decisions, on real stored-event folding.</summary>
internal sealed class UserScenario
{
    public static readonly DateTimeOffset Now = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private readonly List<UserEvent> history = [];
    private Decision<UserEvent>? decision;

    public static UserScenario Given(params UserEvent[] events)
    {
        var scenario = new UserScenario();
        scenario.history.AddRange(events);
        return scenario;
    }

    public UserState State => UserState.From(history.Select((e, i) =>
    {
        var encoded = UserEvents.Codec.Encode(e);
        return new StoredEvent(i + 1, UserEvents.Stream("user1"), i + 1, encoded.Type, encoded.Payload, Now.AddMinutes(-10), "org1", "user1");
    }).ToList());

    public UserScenario When(Func<UserState, Decision<UserEvent>> decide)
    {
        decision = decide(State);
        return this;
    }

    public void Then(params UserEvent[] expected)
    {
        Assert.NotNull(decision);
        Assert.Null(decision.Error);
        Assert.Equal(expected.Select(UserEvents.Codec.NameOf), decision.Events.Select(UserEvents.Codec.NameOf));
    }

    public void ThenFails(string errorId, ErrorKind kind, params UserEvent[] recorded)
    {
        Assert.NotNull(decision);
        Assert.NotNull(decision.Error);
        Assert.Equal(errorId, decision.Error.Id);
        Assert.Equal(kind, decision.Error.Kind);
        Assert.Equal(recorded.Select(UserEvents.Codec.NameOf), decision.Events.Select(UserEvents.Codec.NameOf));
    }

    public static HumanAdded Human(string email = "alice@acme.test") =>
        new("alice", "Alice", "Doe", null, "Alice Doe", "en", 0, email, null, false);
}
