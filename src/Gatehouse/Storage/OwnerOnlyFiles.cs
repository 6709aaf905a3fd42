namespace Gatehouse.Storage;

/// <summary>
/// Files and folders that hold secrets — the data folder, the SQLite database, the master key, the first tokens and
/// the development mails with live codes — are created readable by the service's own user only (0700 folders, 0600
/// files; SECURITY.md, "Files on disk"), whatever the process umask. On Windows the folder's ACL decides.
/// </summary>
internal static class OwnerOnlyFiles
{
    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and missing parents) as 0700; a folder that exists keeps its mode, the operator's choice.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryPermissions);
        }
    }

    /// <summary>Options that create a file as 0600.</summary>
    public static FileStreamOptions Options(FileMode mode, FileOptions options = FileOptions.None)
    {
        var result = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Options = options };
        if (!OperatingSystem.IsWindows())
        {
            result.UnixCreateMode = FilePermissions;
        }

        return result;
    }

    /// <summary>Writes a small text file created as 0600.</summary>
    public static void WriteAllText(string path, string text, FileMode mode = FileMode.Create)
    {
        using var writer = new StreamWriter(path, Options(mode));
        writer.Write(text);
    }

    /// <summary>Takes group and other access away from a file or folder Gatehouse alone uses, e.g. one made by an older version.</summary>
    public static void Restrict(string path, bool directory)
    {
        if (!OperatingSystem.IsWindows() && Path.Exists(path))
        {
            File.SetUnixFileMode(path, directory ? DirectoryPermissions : FilePermissions);
        }
    }
}
