using System.Diagnostics;
using System.Globalization;
using Gatehouse.Crypto;
using Gatehouse.Kernel;
using Gatehouse.EventStore;
using Gatehouse.Instance;
using Gatehouse.OtpEmail;
using Gatehouse.Sessions;
using Gatehouse.Users;

namespace Gatehouse.Bench;

/// <summary>
/// Bulk seeding: users as Gatehouse itself writes them (human added with a verified email and a password, OTP Email
/// added), appended through the event store with the real projections, a thousand users per transaction; then
/// signed-in sessions for a chosen number of users spread over the whole population, whose tokens go to a file.
/// Run against a data folder the server has initialised (instance, organization, master key) while the server is
/// stopped. Seeding again with a larger --users adds only the missing users.
/// </summary>
internal static class Seeder
{
    public const string Password = "Bench-Password-1!";
    private const long UserIdBase = 800_000_000_000_000_000;
    private const int UsersPerAppend = 1000;

    public static string UserId(long index) => (UserIdBase + index).ToString(CultureInfo.InvariantCulture);

    public static string LoginName(long index) => "bench" + index.ToString(CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync(Options options)
    {
        var dataPath = Path.GetFullPath(options.Text("data"));
        var users = options.Int("users");
        var tokens = options.Int("tokens");
        var tokensFile = options.Text("out");
        var store = StoreOptionsOf(options, dataPath);
        var hasher = new SecretHasher(MasterKey.Load(null, null, dataPath));

        // The server's own modules: the same projections and migrations, so the schema is never one it does not know.
        var modules = Gatehouse.Hosting.GatehouseModules.Create();
        await using var database = new EventStoreDatabase(store, modules.SelectMany(module => module.Projections), TimeProvider.System);
        await database.MigrateAsync([.. ReadModelMigrations.All, .. modules.SelectMany(module => module.Migrations)]);
        var orgId = await ScalarAsync(database, "SELECT default_org_id FROM instances") ?? throw new InvalidOperationException("Start the server once first: no instance.");
        var loginClientId = await ScalarAsync(database, "SELECT id FROM users WHERE user_name = 'login-client'") ?? throw new InvalidOperationException("No login client.");
        var highest = await ScalarAsync(database, $"SELECT MAX(id) FROM users WHERE id >= '{UserId(0)}' AND id < '{UserId(99_999_999_999)}'");
        var existing = highest is null ? 0 : long.Parse(highest, CultureInfo.InvariantCulture) - UserIdBase + 1;

        var clock = Stopwatch.StartNew();
        var passwordHash = PasswordHasher.Hash(Password);
        // Two appends in flight: one is built while the group-commit thread writes the other.
        var inFlight = new Queue<Task>();
        for (var start = existing; start < users; start += UsersPerAppend)
        {
            var end = Math.Min(users, start + UsersPerAppend);
            var requests = new List<AppendRequest>((int)(end - start));
            for (var i = start; i < end; i++)
            {
                requests.Add(NewUser(i, orgId, passwordHash));
            }

            inFlight.Enqueue(database.Store.AppendAsync(requests));
            if (inFlight.Count >= 2)
            {
                await inFlight.Dequeue();
            }

            if ((end / UsersPerAppend) % 100 == 0)
            {
                Console.Error.WriteLine($"seed: {end} users ({clock.Elapsed.TotalSeconds:F0} s)");
            }
        }

        while (inFlight.Count > 0)
        {
            await inFlight.Dequeue();
        }

        var seededIn = clock.Elapsed;
        var sessions = await SignInAsync(database, hasher, users, tokens, orgId, loginClientId, tokensFile);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"RESULT name=seed users={users} added={users - existing} seconds={seededIn.TotalSeconds:F1} users_per_s={(users - existing) / Math.Max(0.001, seededIn.TotalSeconds):F0} sessions={sessions}"));
        return 0;
    }

    internal static StoreOptions StoreOptionsOf(Options options, string dataPath) =>
        options.TextOrNull("postgres") is { } connectionString
            ? new StoreOptions { Provider = StoreProvider.Postgres, ConnectionString = connectionString }
            : new StoreOptions { Provider = StoreProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(dataPath, "gatehouse.db")}" };

    private static AppendRequest NewUser(long index, string orgId, string passwordHash)
    {
        var name = LoginName(index);
        UserEvent[] events =
        [
            new HumanAdded(name, "Bench", "User " + index.ToString(CultureInfo.InvariantCulture), null, "Bench User", "en", 0, name + "@bench.test", passwordHash, false),
            new EmailVerified(),
            new OtpEmailAdded(),
        ];
        return new AppendRequest(UserEvents.Stream(UserId(index)), 0, orgId, "SYSTEM", [.. events.Select(UserEvents.Codec.Encode)])
        {
            Claims = [LoginNames.Claim(name)],
        };
    }

    /// <summary>One signed-in session (user, password and OTP Email checked) per chosen user; writes "userId loginName sessionId token" lines.</summary>
    private static async Task<int> SignInAsync(
        EventStoreDatabase database, SecretHasher hasher, long users, int count, string orgId, string loginClientId, string tokensFile)
    {
        var ids = new IdGenerator(TimeProvider.System);
        var now = UnixMicroseconds.Truncate(DateTimeOffset.UtcNow);
        var lines = new List<string>(count);
        var requests = new List<AppendRequest>();
        for (var j = 0; j < count; j++)
        {
            // Spread over the whole population, so that a run touches old and new rows alike.
            var index = (long)((double)j * users / count);
            var sessionId = ids.NewId();
            var token = TokenGenerator.NewToken();
            SessionEvent[] events =
            [
                new SessionAdded(null),
                new UserChecked(UserId(index), orgId, now, "en"),
                new PasswordChecked(now),
                // Every factor the user has, or the session may only read its own user (Auth/FactorRule).
                new OtpEmailChecked(now),
                new TokenSet(ids.NewId(), hasher.Hash(AccessTokens.TokenPurpose, token)),
            ];
            requests.Add(new AppendRequest(SessionEvents.Stream(sessionId), 0, orgId, loginClientId, [.. events.Select(SessionEvents.Codec.Encode)]));
            lines.Add($"{UserId(index)}\t{LoginName(index)}\t{sessionId}\t{token}");
            if (requests.Count == UsersPerAppend || j == count - 1)
            {
                await database.Store.AppendAsync(requests);
                requests = [];
            }
        }

        await File.WriteAllLinesAsync(tokensFile, lines);
        return count;
    }

    private static async Task<string?> ScalarAsync(EventStoreDatabase database, string sql)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() is string value ? value : null;
    }
}
