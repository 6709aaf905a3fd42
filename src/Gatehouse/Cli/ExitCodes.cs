namespace Gatehouse.Cli;

/// <summary>What scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command could not do its work: invalid configuration, database unreachable, user not found, …</summary>
    public const int Failure = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing argument.</summary>
    public const int Usage = 2;
}
