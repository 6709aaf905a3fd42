namespace Gatehouse.EventStore;

/// <summary>
/// The database cannot be reached or did not answer in time. The message names the database but never carries
/// credentials. An append that fails this way wrote nothing, except when the connection broke while committing:
/// then the outcome is unknown and reading the stream tells.
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
