using System.Net;
using System.Text.Json.Nodes;
using Gatehouse.Api.Tests.Hosting;

namespace Gatehouse.Api.Tests.Operations;

/// <summary>
/// What Gatehouse writes to disk — the SQLite database and its -wal/-shm files, the data folder, the development mails
/// with live codes, the master key and first tokens — is readable by the service's user only, whatever the umask
/// (the test runner's is 022). Only SQLite keeps data in files, so there is no PostgreSQL variant.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class FilePermissionTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_database_data_folder_and_mails_with_codes_are_not_readable_by_other_local_users()
    {
        var parent = Directory.CreateTempSubdirectory("gatehouse-modes-").FullName;
        var data = Path.Combine(parent, "data");
        await using var server = await GatehouseProcess.StartAsync(new Dictionary<string, string> { ["Gatehouse__DataPath"] = data }, dataPath: parent);
        try
        {
            // A user whose address is not verified yet is mailed a verification code.
            using var clients = new ApiClients(server.BaseAddress);
            var admin = File.ReadAllText(Path.Combine(data, "admin.pat")).Trim();
            var name = $"m{Guid.NewGuid():N}"[..12];
            var body = new JsonObject
            {
                ["username"] = name,
                ["profile"] = new JsonObject { ["givenName"] = "File", ["familyName"] = "Modes" },
                ["email"] = new JsonObject { ["email"] = $"{name}@acme.test" },
                ["password"] = new JsonObject { ["password"] = Accounts.Password },
            };
            using (var request = ApiClients.Request(HttpMethod.Post, "/v2/users/human", admin, body.ToJsonString()))
            using (var response = await clients.Rest.SendAsync(request, Ct))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            await Accounts.WaitForMailAsync(data, $"{name}@acme.test");

            Assert.Equal(OwnerFolder, File.GetUnixFileMode(data));
            Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(data, "mail")));
            foreach (var file in new[] { "gatehouse.db", "gatehouse.db-wal", "gatehouse.db-shm", "master.key", "admin.pat", "login-client.pat" })
            {
                Assert.True(File.Exists(Path.Combine(data, file)), file);
                Assert.True(OwnerFile == File.GetUnixFileMode(Path.Combine(data, file)), $"{file}: {File.GetUnixFileMode(Path.Combine(data, file))}");
            }

            var mails = Directory.GetFiles(Path.Combine(data, "mail"), "*.eml");
            Assert.NotEmpty(mails);
            Assert.All(mails, mail => Assert.Equal(OwnerFile, File.GetUnixFileMode(mail)));
        }
        finally
        {
            await server.KillAsync();
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public async Task A_database_left_readable_by_an_older_version_is_made_owner_only_at_start()
    {
        var data = Directory.CreateTempSubdirectory("gatehouse-modes-").FullName;
        var database = Path.Combine(data, "gatehouse.db");
        await File.WriteAllBytesAsync(database, [], Ct);
        File.SetUnixFileMode(database, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await using var server = await GatehouseProcess.StartAsync(dataPath: data);
        try
        {
            Assert.Equal(OwnerFile, File.GetUnixFileMode(database));
            Assert.Equal(OwnerFile, File.GetUnixFileMode(database + "-wal"));
        }
        finally
        {
            await server.KillAsync();
            server.DeleteData();
        }
    }
}
