// Flow 5 of issue 15 and the second-factor skip, replayed with Login V2's client library in its order: the account
// list (src/app/(login)/accounts/page.tsx: listSessions with the ids of its session cookie), sign-out
// (logout/page.tsx, then deleteSession with the session's token), and "skip" on the MFA set-up page
// (lib/server/session.ts: humanMFAInitSkipped, read back by getUserByID in verify-helper.ts).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startGatehouse, stores } from "./gatehouse.mjs";
import { loginClients, userWithOtpEmail } from "./login-v2.mjs";

for (const store of stores()) {
  describe(`Login V2's account list, sign-out and MFA skip (${store})`, () => {
    let server;
    let login;

    before(async () => {
      server = await startGatehouse(store);
      login = loginClients(server);
    });

    after(async () => server?.stop());

    async function passwordSession(user) {
      return login.sessions.createSession({
        checks: {
          user: { search: { case: "loginName", value: user.loginName } },
          password: { password: user.password },
        },
      }, {});
    }

    test("the account list shows the sessions of the cookie, and a signed-out one disappears from it", async () => {
      const first = await passwordSession(await userWithOtpEmail(server));
      const second = await passwordSession(await userWithOtpEmail(server));
      const ids = [first.sessionId, second.sessionId];

      const listed = await login.sessions.listSessions({ queries: [{ query: { case: "idsQuery", value: { ids } } }] }, {});
      assert.deepEqual(listed.sessions.map((s) => s.id).sort(), [...ids].sort());
      assert.equal(listed.details.totalResult, 2n);
      assert.ok(listed.sessions.every((s) => s.factors?.user?.loginName));

      await login.sessions.deleteSession({ sessionId: first.sessionId, sessionToken: first.sessionToken }, {});

      const after = await login.sessions.listSessions({ queries: [{ query: { case: "idsQuery", value: { ids } } }] }, {});
      assert.deepEqual(after.sessions.map((s) => s.id), [second.sessionId]);
    });

    test("skipping the second-factor set-up is read back as mfaInitSkipped", async () => {
      const user = await userWithOtpEmail(server);
      const before = await login.users.getUserByID({ userId: user.userId }, {});
      assert.equal(before.user.type.value.mfaInitSkipped, undefined);

      await login.users.humanMFAInitSkipped({ userId: user.userId }, {});

      const read = await login.users.getUserByID({ userId: user.userId }, {});
      const skippedAt = Number(read.user.type.value.mfaInitSkipped.seconds) * 1000;
      assert.ok(Math.abs(Date.now() - skippedAt) < 5 * 60 * 1000);
    });
  });
}
