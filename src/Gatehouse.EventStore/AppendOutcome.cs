namespace Gatehouse.EventStore;

/// <summary>
/// What became of one append of a group commit: its stored events, or the lost race that kept it from writing
/// anything (<see cref="WrongExpectedSequenceException.BeforeAnyWrite"/>).
/// </summary>
internal sealed record AppendOutcome(IReadOnlyList<StoredEvent>? Events, WrongExpectedSequenceException? LostRace);
